import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export interface DashboardFile {
  path: string;
  contentType: string;
  /** Vite puts a content hash in every file name under assets/, so those never change. */
  immutable: boolean;
}

/**
 * The file to answer `urlPath` with: the built file when there is one, else index.html (the app routes
 * in the browser). Null when the dashboard is not built or the path escapes the directory.
 */
export async function resolveDashboardFile(root: string, urlPath: string): Promise<DashboardFile | null> {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\]|\.\.([/\\]|$))+/, '');
  const candidate = join(root, relative);
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  if (relative && (await isFile(candidate))) {
    return { path: candidate, contentType: CONTENT_TYPES[extname(candidate)] ?? 'application/octet-stream', immutable: relative.startsWith(`assets${sep}`) };
  }
  // A missing asset is a 404, not the app: a stale page asking for an old bundle must not get HTML.
  if (relative.startsWith(`assets${sep}`)) return null;
  const index = join(root, 'index.html');
  return (await isFile(index)) ? { path: index, contentType: CONTENT_TYPES['.html']!, immutable: false } : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
