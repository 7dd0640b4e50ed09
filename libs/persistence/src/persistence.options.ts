import type { ModuleMetadata } from '@nestjs/common';

export interface PersistenceOptions {
  /** mongodb:// URL of the store; its database path, if any, is ignored in favour of dbName. */
  url: string;
  dbName: string;
  /**
   * Connections in the pool. FerretDB 1.x runs an update as find-then-write, so updates racing on two
   * connections can lose writes; one connection serialises this process's requests (see docs/architecture.md).
   */
  maxPoolSize?: number;
}

export interface PersistenceModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Nest's own FactoryProvider signature
  useFactory: (...args: any[]) => PersistenceOptions | Promise<PersistenceOptions>;
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
}
