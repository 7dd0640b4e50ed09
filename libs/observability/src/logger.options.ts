import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { currentLogContext } from './log-context';

export interface LoggerSettings {
  service: string;
  level: string;
  /** Human-readable output for a terminal; JSON otherwise. */
  pretty: boolean;
}

const QUIET_PATHS = ['/health', '/metrics'];

/** nestjs-pino settings: JSON lines with `service`, and the current message's correlation fields. */
export function loggerOptions(settings: LoggerSettings): Params {
  return {
    pinoHttp: {
      level: settings.level,
      base: { service: settings.service },
      mixin: () => ({ ...currentLogContext() }),
      autoLogging: {
        ignore: (req: IncomingMessage) => QUIET_PATHS.some((path) => req.url?.startsWith(path) ?? false),
      },
      transport: settings.pretty
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
        : undefined,
    },
  };
}
