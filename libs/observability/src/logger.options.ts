import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { currentLogContext } from './log-context';
import { REDACTED, REDACTED_LOG_PATHS, redactUrl } from './log-redaction';

export interface LoggerSettings {
  service: string;
  level: string;
  /** Human-readable output for a terminal; JSON otherwise. */
  pretty: boolean;
}

/** pino-http's request as its standard serializer made it (the parts this file touches). */
interface SerializedRequest {
  url: string;
}

/** Cleans the serialized copy (not the request itself) so that `req.raw` stays available to pino. */
function withRedactedUrl(req: SerializedRequest): SerializedRequest {
  req.url = redactUrl(req.url);
  return req;
}

const QUIET_PATHS = ['/health', '/metrics'];

/**
 * nestjs-pino settings: JSON lines with `service`, and the current message's correlation fields; no
 * credential in any line (log-redaction.ts).
 */
export function loggerOptions(settings: LoggerSettings): Params {
  return {
    pinoHttp: {
      level: settings.level,
      base: { service: settings.service },
      mixin: () => ({ ...currentLogContext() }),
      redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
      serializers: { req: withRedactedUrl },
      autoLogging: {
        ignore: (req: IncomingMessage) => QUIET_PATHS.some((path) => req.url?.startsWith(path) ?? false),
      },
      transport: settings.pretty
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
        : undefined,
    },
  };
}
