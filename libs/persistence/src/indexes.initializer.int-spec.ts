import { testStoreUrl, uniqueName } from '@mediaflow/testing';
import { createConnection } from 'mongoose';
import { IndexesInitializer } from './indexes.initializer';
import { MODEL_DEFINITIONS } from './schemas/model-definitions';
import { startPersistence, type PersistenceTestModule } from './testing/persistence-test-module';

type IndexSpec = { key: Record<string, number>; unique?: boolean };

describe(IndexesInitializer.name, () => {
  let sut: PersistenceTestModule;

  beforeAll(async () => {
    sut = await startPersistence(uniqueName('mf_indexes'));
  });

  afterAll(async () => {
    await sut.dispose();
  });

  const indexesOf = async (collection: string): Promise<IndexSpec[]> =>
    (await sut.connection.db!.collection(collection).listIndexes().toArray()) as IndexSpec[];

  it.each(MODEL_DEFINITIONS.map(({ name }) => name))('has created every index %s declares by the end of init', async (name) => {
    const model = sut.model(name);
    const declared = model.schema.indexes().map(([key, options]) => ({ key, unique: options['unique'] === true }));

    const existing = (await indexesOf(model.collection.collectionName)).map(({ key, unique }) => ({ key, unique: unique === true }));

    expect(existing).toEqual(expect.arrayContaining(declared));
  });

  it('has created every collection by the end of init', async () => {
    const collections = await sut.connection.db!.listCollections({}, { nameOnly: true }).toArray();

    expect(collections.map(({ name }) => name).sort()).toEqual(
      ['background_jobs', 'collections', 'folder_listings', 'image_derivatives', 'image_metadata', 'images', 'job_items', 'leases', 'libraries', 'metric_buckets', 'schedule_firings', 'scheduled_job_runs', 'scheduled_jobs'],
    );
  });

  it('refuses to start when a unique index cannot be built over existing data', async () => {
    const dbName = uniqueName('mf_indexes_dup');
    const seed = await createConnection(testStoreUrl(), { dbName }).asPromise();
    await seed.db!.collection('libraries').insertMany([
      { name: 'photos', rootPath: '/a' },
      { name: 'photos', rootPath: '/b' },
    ]);

    try {
      await expect(startPersistence(dbName)).rejects.toThrow(/could not create the indexes of libraries/);
    } finally {
      await seed.dropDatabase();
      await seed.close();
    }
  });
});
