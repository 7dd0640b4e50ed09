import mongoose from 'mongoose';
import { testStoreUrl } from './config/test-env';

/** Drops a database a test created, so test runs leave the store as they found it. */
export async function dropTestDatabase(dbName: string): Promise<void> {
  const connection = await mongoose.createConnection(testStoreUrl(), { dbName }).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
