import { ApiRole, parseApiKeys } from './api-keys';

describe(parseApiKeys.name, () => {
  it('reads role:key pairs, several per role', () => {
    expect(parseApiKeys('admin:aaaaaaaa1, viewer:bbbbbbbb2,viewer:cccccccc3')).toEqual([
      { role: ApiRole.Admin, key: 'aaaaaaaa1' },
      { role: ApiRole.Viewer, key: 'bbbbbbbb2' },
      { role: ApiRole.Viewer, key: 'cccccccc3' },
    ]);
  });

  it('refuses a colon inside the key, which would hide a missing comma', () => {
    expect(() => parseApiKeys('admin:abcdefgh:viewer:ijklmnop')).toThrow(/may only hold/);
  });

  it.each([
    ['', /empty/],
    ['root:abcdefgh', /entry 1: role "root" is not one of admin, viewer/],
    ['admin', /entry 1: role "admin" is not|at least 8/],
    ['admin:short', /entry 1: the key must be at least 8 characters/],
    ['admin:abcdefgh,viewer:abcdefgh', /entry 2: the same key is listed twice/],
    ['admin:abc defgh', /may only hold/],
  ])('refuses %j naming the problem', (value, message) => {
    expect(() => parseApiKeys(value)).toThrow(message);
  });
});
