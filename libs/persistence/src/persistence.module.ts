import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IndexesInitializer } from './indexes.initializer';
import { JobItemRepository } from './job-items/job-item.repository';
import { LeaseRepository } from './leases/lease.repository';
import { MetricHistoryRepository } from './metric-history/metric-history.repository';
import { ThroughputRecorder } from './metric-history/throughput-recorder';
import type { PersistenceModuleAsyncOptions } from './persistence.options';
import { MODEL_DEFINITIONS } from './schemas/model-definitions';

const SERVER_SELECTION_TIMEOUT_MS = 5_000;

/**
 * The store: one mongoose connection, every model (`@InjectModel(Library.name)`), the repositories,
 * and all indexes built before the app starts. Global, so feature modules need not import it.
 */
@Module({})
export class PersistenceModule {
  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    const models = MongooseModule.forFeature(MODEL_DEFINITIONS);
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        MongooseModule.forRootAsync({
          imports: options.imports ?? [],
          inject: options.inject ?? [],
          useFactory: async (...args: unknown[]) => {
            const { url, dbName, maxPoolSize } = await options.useFactory(...args);
            return {
              uri: url,
              dbName,
              // IndexesInitializer builds them, awaited, before the first write.
              autoIndex: false,
              serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
              maxPoolSize,
            };
          },
        }),
        models,
      ],
      providers: [IndexesInitializer, LeaseRepository, JobItemRepository, MetricHistoryRepository, ThroughputRecorder],
      exports: [models, LeaseRepository, JobItemRepository, MetricHistoryRepository, ThroughputRecorder],
    };
  }
}
