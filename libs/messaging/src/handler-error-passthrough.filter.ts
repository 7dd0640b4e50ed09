import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns any handler error into `{status: 'error', message: 'Internal server error'}`.
 * The transport needs the original error to tell permanent failures from retryable ones and to record why a
 * message was dead-lettered, so for message handlers this filter hands the error through unchanged. HTTP
 * errors keep Nest's default handling.
 *
 * It is registered as a global filter that the connected microservice inherits, because Nest binds a
 * hybrid app's message handlers as soon as the microservice is connected.
 */
@Catch()
export class HandlerErrorPassthroughFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    super.catch(exception, host);
  }
}
