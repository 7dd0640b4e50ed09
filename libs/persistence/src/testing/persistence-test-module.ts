import { Test, type TestingModule } from '@nestjs/testing';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { testStoreUrl } from '@mediaflow/testing';
import type { Connection, Model } from 'mongoose';
import { PersistenceModule } from '../persistence.module';

export interface PersistenceTestModule {
  module: TestingModule;
  connection: Connection;
  model<T>(name: string): Model<T>;
  /** Drops the test's database and closes the module. */
  dispose(): Promise<void>;
}

/** PersistenceModule on the real store, in a database of its own, initialised like an app would. */
export async function startPersistence(dbName: string): Promise<PersistenceTestModule> {
  const module = await Test.createTestingModule({
    imports: [PersistenceModule.forRootAsync({ useFactory: () => ({ url: testStoreUrl(), dbName }) })],
  }).compile();
  module.useLogger(false);
  const connection = module.get<Connection>(getConnectionToken());
  try {
    await module.init();
  } catch (error) {
    // module.close() rethrows a failed init without running shutdown hooks, so close it here.
    await connection.close();
    throw error;
  }
  return {
    module,
    connection,
    model: <T>(name: string) => module.get<Model<T>>(getModelToken(name)),
    dispose: async () => {
      await connection.dropDatabase();
      await module.close();
    },
  };
}
