import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields that every log line written while handling one message or request carries. */
export interface LogContext {
  correlationId?: string;
  jobId?: string;
  routingKey?: string;
  attempt?: number;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` so that every log line it writes, however deep, carries `context`. */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
