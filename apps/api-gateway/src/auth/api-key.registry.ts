import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiGatewayEnv } from '../config/api-gateway.env';
import { ApiRole, DEV_API_KEYS, parseApiKeys, type ApiKeyEntry } from '../config/api-keys';

interface StoredKey {
  role: ApiRole;
  digest: Buffer;
}

// Several API modules hold their own registry (the guard resolves in each module); warn once per process.
let warnedAboutDevKeys = false;

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/** The configured API keys; looks a presented key up in constant time per stored key. */
@Injectable()
export class ApiKeyRegistry implements OnModuleInit {
  private readonly logger = new Logger(ApiKeyRegistry.name);
  private readonly keys: StoredKey[];
  private readonly usesDevKeys: boolean;

  constructor(env: ApiGatewayEnv) {
    this.usesDevKeys = env.API_KEYS === undefined;
    const entries: readonly ApiKeyEntry[] = env.API_KEYS === undefined ? DEV_API_KEYS : parseApiKeys(env.API_KEYS);
    this.keys = entries.map((entry) => ({ role: entry.role, digest: digest(entry.key) }));
  }

  onModuleInit(): void {
    if (this.usesDevKeys && !warnedAboutDevKeys) {
      warnedAboutDevKeys = true;
      this.logger.warn('API_KEYS is not set: using the development keys dev-admin-key and dev-viewer-key; set API_KEYS in any shared deployment');
    }
  }

  roleOf(presented: string): ApiRole | undefined {
    const presentedDigest = digest(presented);
    let role: ApiRole | undefined;
    // Compare against every key (no early exit) so timing does not tell how far a guess got.
    for (const stored of this.keys) {
      if (timingSafeEqual(stored.digest, presentedDigest)) role ??= stored.role;
    }
    return role;
  }
}
