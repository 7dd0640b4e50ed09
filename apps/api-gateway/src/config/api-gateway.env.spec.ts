import { resolve } from 'node:path';
import { loadApiGatewayEnv } from './api-gateway.env';

const BASE = { AMQP_URL: 'amqp://localhost', MONGO_URL: 'mongodb://localhost' };

describe(loadApiGatewayEnv.name, () => {
  it('defaults the library roots and derivative store under the working directory, and leaves API_KEYS unset', () => {
    const sut = loadApiGatewayEnv(BASE);
    expect(sut.LIBRARY_ROOTS).toEqual([resolve(process.cwd(), '.data/libraries')]);
    expect(sut.DERIVATIVES_DIR).toBe(resolve(process.cwd(), '.data/derivatives'));
    expect(sut.API_KEYS).toBeUndefined();
  });

  it('splits LIBRARY_ROOTS on commas', () => {
    expect(loadApiGatewayEnv({ ...BASE, LIBRARY_ROOTS: '/a, /b' }).LIBRARY_ROOTS).toEqual(['/a', '/b']);
  });

  it('refuses relative library roots', () => {
    expect(() => loadApiGatewayEnv({ ...BASE, LIBRARY_ROOTS: '/a,relative' })).toThrow(/LIBRARY_ROOTS .*absolute/);
  });

  it('refuses a malformed API_KEYS with the reason', () => {
    expect(() => loadApiGatewayEnv({ ...BASE, API_KEYS: 'admin:short' })).toThrow(/API_KEYS = "admin:short": .*at least 8 characters/);
  });
});
