import { testStoreUrl, uniqueName } from '@mediaflow/testing';
import { createConnection, type Connection, type mongo } from 'mongoose';

/** A pool as wide as an app's, so that racing requests really run on different connections. */
export const RACING_POOL_SIZE = 20;

export interface RawStore {
  db: mongo.Db;
  collection(name: string): mongo.Collection;
  dispose(): Promise<void>;
}

/** A database of its own on the store MONGO_URL names, through the driver (no schemas in the way). */
export async function openRawStore(prefix: string): Promise<RawStore> {
  const connection: Connection = await createConnection(testStoreUrl(), {
    dbName: uniqueName(prefix),
    maxPoolSize: RACING_POOL_SIZE,
    minPoolSize: RACING_POOL_SIZE,
  }).asPromise();
  const db = connection.db!;
  return {
    db,
    collection: (name) => db.collection(name),
    dispose: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
