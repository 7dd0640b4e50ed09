import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiError, type ErrorBody } from './api-error';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Whether the error is worth a stack trace in the log (a bug or an outage), not a client mistake. */
export function isServerError(body: ErrorBody): boolean {
  return body.error.status >= 500;
}

/**
 * Turns anything thrown while handling a request into the API's error body. Known errors keep their
 * status and message; anything else is a 500 whose message does not leak internals.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof ApiError) {
    const body: ErrorBody = { error: { status: error.getStatus(), code: error.code, message: error.message } };
    if (error.details && error.details.length > 0) body.error.details = error.details;
    return body;
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { error: { status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message: messageOf(error) } };
  }
  const bodyParserError = asBodyParserError(error);
  if (bodyParserError) {
    const { status, type } = bodyParserError;
    if (type === 'entity.parse.failed') {
      return { error: { status, code: 'MALFORMED_JSON', message: `The request body is not valid JSON: ${bodyParserError.message}` } };
    }
    return { error: { status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message: bodyParserError.message } };
  }
  if (isNamed(error, 'BrokerUnavailableError') || isBrokerTimeout(error)) {
    return {
      error: {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'BROKER_UNAVAILABLE',
        message: 'The message broker is not reachable, so the request could not be handed on; try again shortly.',
      },
    };
  }
  if (isStoreUnavailable(error)) {
    return {
      error: {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'STORE_UNAVAILABLE',
        message: 'The database is not reachable; try again shortly.',
      },
    };
  }
  return {
    error: {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'Unexpected error; the gateway log has the details.',
    },
  };
}

function messageOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

/** Errors of Express's body parser (http-errors): a 4xx status and a `type` such as entity.parse.failed. */
function asBodyParserError(error: unknown): { status: number; type: string; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || typeof type !== 'string') return undefined;
  return { status, type, message: error.message };
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

function isBrokerTimeout(error: unknown): boolean {
  return error instanceof Error && /^broker did not confirm /.test(error.message);
}

function isStoreUnavailable(error: unknown): boolean {
  return error instanceof Error && /^Mongo(Server)?(Selection|Network)/.test(error.name);
}
