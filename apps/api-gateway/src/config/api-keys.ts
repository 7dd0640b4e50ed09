/** What a key may do: admin reads and writes, viewer only reads. */
export enum ApiRole {
  Admin = 'admin',
  Viewer = 'viewer',
}

export interface ApiKeyEntry {
  role: ApiRole;
  key: string;
}

/** Keys for local development only; the gateway warns at boot when it falls back to them. */
export const DEV_API_KEYS: readonly ApiKeyEntry[] = [
  { role: ApiRole.Admin, key: 'dev-admin-key' },
  { role: ApiRole.Viewer, key: 'dev-viewer-key' },
];

export const MIN_API_KEY_LENGTH = 8;
const KEY_CHARS = /^[A-Za-z0-9._~+/=-]+$/;

/**
 * Parses API_KEYS ("admin:<key>,viewer:<key>", several keys per role allowed). Throws an Error whose
 * message names what is wrong with which entry, so a typo stops the boot instead of locking people out.
 */
export function parseApiKeys(value: string): ApiKeyEntry[] {
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (entries.length === 0) throw new Error('API_KEYS is empty; expected e.g. "admin:<key>,viewer:<key>"');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const separator = entry.indexOf(':');
    const role = separator < 0 ? entry : entry.slice(0, separator);
    const key = separator < 0 ? '' : entry.slice(separator + 1);
    const where = `API_KEYS entry ${index + 1}`;
    if (!Object.values(ApiRole).includes(role as ApiRole)) {
      throw new Error(`${where}: role "${role}" is not one of ${Object.values(ApiRole).join(', ')} (format role:key)`);
    }
    if (key.length < MIN_API_KEY_LENGTH) throw new Error(`${where}: the key must be at least ${MIN_API_KEY_LENGTH} characters`);
    if (!KEY_CHARS.test(key)) throw new Error(`${where}: the key may only hold letters, digits and . _ ~ + / = -`);
    if (seen.has(key)) throw new Error(`${where}: the same key is listed twice`);
    seen.add(key);
    return { role: role as ApiRole, key };
  });
}
