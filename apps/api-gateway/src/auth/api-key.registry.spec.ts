import type { ApiGatewayEnv } from '../config/api-gateway.env';
import { ApiRole } from '../config/api-keys';
import { ApiKeyRegistry } from './api-key.registry';
import { presentedKey } from './api-key.guard';

describe(ApiKeyRegistry.name, () => {
  it('knows the configured keys and their roles', () => {
    const sut = new ApiKeyRegistry({ API_KEYS: 'admin:admin-key-1,viewer:viewer-key-1' } as ApiGatewayEnv);
    expect(sut.roleOf('admin-key-1')).toBe(ApiRole.Admin);
    expect(sut.roleOf('viewer-key-1')).toBe(ApiRole.Viewer);
    expect(sut.roleOf('dev-admin-key')).toBeUndefined();
  });

  it('falls back to the development keys when API_KEYS is unset', () => {
    const sut = new ApiKeyRegistry({} as ApiGatewayEnv);
    expect(sut.roleOf('dev-admin-key')).toBe(ApiRole.Admin);
    expect(sut.roleOf('dev-viewer-key')).toBe(ApiRole.Viewer);
  });
});

describe(presentedKey.name, () => {
  it('reads x-api-key first, then a bearer token', () => {
    expect(presentedKey({ 'x-api-key': 'a', authorization: 'Bearer b' })).toBe('a');
    expect(presentedKey({ authorization: 'bearer b' })).toBe('b');
    expect(presentedKey({ authorization: 'Basic Zm9v' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
  });
});
