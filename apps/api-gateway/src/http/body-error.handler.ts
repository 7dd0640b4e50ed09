import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { API_PREFIX } from '../api-prefix';
import { toErrorBody } from './error-mapping';

interface RequestLike {
  path: string;
}

interface ResponseLike {
  headersSent: boolean;
  status(code: number): { json(body: unknown): void };
}

type ErrorMiddleware = (error: unknown, request: RequestLike, response: ResponseLike, next: (error?: unknown) => void) => void;

/**
 * The body parser runs before any route, so its errors (malformed JSON, body too large) never reach a
 * controller's filter and would answer in Nest's default shape. This Express error middleware, added
 * after the routes but before Nest's own error handler, renders them in the API's shape for /api/v1.
 */
@Injectable()
export class BodyErrorHandler implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const handler: ErrorMiddleware = (error, request, response, next) => {
      if (response.headersSent || !request.path.startsWith(`/${API_PREFIX}/`)) {
        next(error);
        return;
      }
      const body = toErrorBody(error);
      response.status(body.error.status).json(body);
    };
    this.adapterHost.httpAdapter.use(handler);
  }
}
