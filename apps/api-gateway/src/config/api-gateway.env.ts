import { ServiceEnv, validateEnv } from '@mediaflow/config';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { isAbsolute, resolve } from 'node:path';
import { parseApiKeys } from './api-keys';

const toPathList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
    : value;

/** API_KEYS must parse; the message is parseApiKeys' own, which names the broken entry. */
function IsApiKeyList(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isApiKeyList',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => {
          try {
            parseApiKeys(String(value));
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (args: ValidationArguments) => {
          try {
            parseApiKeys(String(args.value));
            return '';
          } catch (error) {
            return (error as Error).message;
          }
        },
      },
    });
}

function AreAbsolutePaths(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'areAbsolutePaths',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a comma-separated list of absolute directories`, ...options },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && isAbsolute(item)),
      },
    });
}

/** Environment of the api-gateway service (see README, Configuration). */
export class ApiGatewayEnv extends ServiceEnv {
  /** Port of the HTTP server: /health and /metrics (and, on the gateway, the API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3000;

  /** "admin:<key>,viewer:<key>"; unset means the dev keys (with a warning at boot). */
  @IsOptional()
  @IsString()
  @IsApiKeyList()
  API_KEYS?: string;

  /** Directories a library's rootPath must resolve inside (after symlinks). */
  @Transform(toPathList)
  @AreAbsolutePaths()
  LIBRARY_ROOTS: string[] = [resolve(process.cwd(), '.data/libraries')];

  /** Where the render workers keep derivatives; image docs hold paths relative to it. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? resolve(value) : value))
  @IsString()
  DERIVATIVES_DIR: string = resolve(process.cwd(), '.data/derivatives');

  /** The dashboard's built files (apps/dashboard/dist), served at /. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? resolve(value) : value))
  @IsString()
  DASHBOARD_DIR: string = resolve(__dirname, '..', '..', '..', 'dashboard', 'dist');

  /** Seconds a browser may reuse a derivative whose URL names its fingerprint (?v=). */
  @IsInt()
  @Min(0)
  DERIVATIVE_MAX_AGE_S: number = 31_536_000;

  /** How often each gateway replica samples the queues into the queue-depth history (the dashboard's chart). */
  @IsInt()
  @Min(500)
  QUEUE_SAMPLE_INTERVAL_MS: number = 5_000;
}

export function loadApiGatewayEnv(env: NodeJS.ProcessEnv = process.env): ApiGatewayEnv {
  return validateEnv(ApiGatewayEnv, env);
}
