import { Injectable, Module } from '@nestjs/common';
import { getConnectionToken, InjectModel } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import { testStoreUrl, uniqueName } from '@mediaflow/testing';
import type { Connection, Model } from 'mongoose';
import { LeaseRepository } from './leases/lease.repository';
import { PersistenceModule } from './persistence.module';
import { Library } from './schemas/library.schema';

@Injectable()
class LibraryReader {
  constructor(
    @InjectModel(Library.name) readonly libraries: Model<Library>,
    readonly leases: LeaseRepository,
  ) {}
}

@Module({ providers: [LibraryReader] })
class FeatureModule {}

describe(PersistenceModule.name, () => {
  let app: TestingModule;

  beforeAll(async () => {
    app = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({ useFactory: () => ({ url: testStoreUrl(), dbName: uniqueName('mf_module') }) }),
        FeatureModule,
      ],
    }).compile();
    app.useLogger(false);
    await app.init();
  });

  afterAll(async () => {
    await app.get<Connection>(getConnectionToken()).dropDatabase();
    await app.close();
  });

  it('gives a feature module its models without importing anything', async () => {
    const sut = app.get(LibraryReader);

    await sut.libraries.create({ name: 'pets', rootPath: '/srv/pets' });

    expect(await sut.libraries.countDocuments()).toBe(1);
  });

  it('gives a feature module the repositories', () => {
    expect(app.get(LibraryReader).leases).toBeInstanceOf(LeaseRepository);
  });

  it('connects to the database the factory names', () => {
    const sut = app.get<Connection>(getConnectionToken());

    expect(sut.name).toMatch(/^mf_module_/);
  });
});
