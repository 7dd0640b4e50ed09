import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiRole } from '../config/api-keys';
import { ApiError } from '../http/api-error';
import { ApiKeyRegistry } from './api-key.registry';

export interface RequestLike {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The key from `x-api-key`, else from `Authorization: Bearer <key>`. */
export function presentedKey(headers: RequestLike['headers']): string | undefined {
  const header = headers['x-api-key'];
  const apiKey = Array.isArray(header) ? header[0] : header;
  if (apiKey) return apiKey.trim();
  const authorization = headers.authorization;
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}

/** Every API route needs a key; viewer keys may only read. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly registry: ApiKeyRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestLike>();
    const key = this.keyOf(request);
    if (!key) {
      throw new ApiError(401, 'API_KEY_MISSING', 'Send an API key in the x-api-key header (or Authorization: Bearer <key>).');
    }
    const role = this.registry.roleOf(key);
    if (!role) throw new ApiError(401, 'API_KEY_INVALID', 'The API key is not valid; check the key configured in API_KEYS.');
    if (role !== ApiRole.Admin && !READ_METHODS.has(request.method.toUpperCase())) {
      throw new ApiError(403, 'FORBIDDEN', `A ${role} key may only read; ${request.method} needs an admin key.`);
    }
    return true;
  }

  /** Where this guard looks for the key; the event stream also accepts it in the query. */
  protected keyOf(request: RequestLike): string | undefined {
    return presentedKey(request.headers);
  }
}
