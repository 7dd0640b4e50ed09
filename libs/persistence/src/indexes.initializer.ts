import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { MODEL_DEFINITIONS } from './schemas/model-definitions';

/**
 * Builds every schema's indexes before the app takes its first message, so unique constraints
 * hold from the first write (autoIndex is off: it would build them in the background, unawaited).
 *
 * createIndexes, not syncIndexes: syncIndexes also drops every index the schema does not declare,
 * and a rolling deploy would have new replicas dropping indexes that old replicas (or an operator)
 * still rely on. Removing an index is a deliberate migration, not a side effect of booting.
 */
@Injectable()
export class IndexesInitializer implements OnModuleInit {
  private readonly logger = new Logger('Persistence');

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onModuleInit(): Promise<void> {
    const ensured: string[] = [];
    for (const { name } of MODEL_DEFINITIONS) {
      const model = this.connection.model(name);
      try {
        await model.init();
        await model.createIndexes();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `could not create the indexes of ${model.collection.collectionName}: ${reason}. ` +
            'Remove the duplicate documents, or drop the conflicting index by hand, then restart.',
          { cause: error },
        );
      }
      ensured.push(model.collection.collectionName);
    }
    this.logger.log(`indexes ensured on ${ensured.join(', ')}`);
  }
}
