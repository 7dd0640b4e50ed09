import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isServerError, toErrorBody } from './error-mapping';

interface ReplyLike {
  headersSent?: boolean;
  status(code: number): { json(body: unknown): void };
}

/**
 * Renders every error of the API's controllers as `{error: {status, code, message, details?}}`.
 * Bound per controller (see ApiController) rather than globally: the messaging kit installs a
 * global catch-all filter after the app's own set-up, and a later global filter wins over an
 * earlier one, while a controller's filter always wins over global ones.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (isServerError(body)) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    if (reply.headersSent) return;
    reply.status(body.error.status).json(body);
  }
}
