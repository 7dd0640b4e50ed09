import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { ApiError } from '../http/api-error';

/**
 * Checks a requested library root and returns its realpath: it must exist, resolve (after symlinks)
 * inside one of the allowed roots, be a directory and be readable. Each refusal is a 400 that says
 * which rule failed, so the user knows what to fix.
 */
export async function resolveLibraryRoot(requested: string, allowedRoots: readonly string[]): Promise<string> {
  const refuse = (code: string, message: string): ApiError =>
    ApiError.badRequest(code, message, [{ field: 'rootPath', message }]);
  if (!isAbsolute(requested)) throw refuse('ROOT_PATH_NOT_ABSOLUTE', `rootPath ${requested} must be an absolute path`);

  let resolved: string;
  try {
    resolved = await realpath(requested);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw refuse('ROOT_PATH_UNREADABLE', `rootPath ${requested} is not readable by the gateway`);
    throw refuse('ROOT_PATH_NOT_FOUND', `rootPath ${requested} does not exist`);
  }

  const roots = await realRoots(allowedRoots);
  if (!roots.some((root) => isInside(resolved, root))) {
    throw refuse('ROOT_PATH_OUTSIDE_ALLOWED_ROOTS', `rootPath ${requested} is outside the allowed roots: ${allowedRoots.join(', ')}`);
  }
  if (!(await stat(resolved)).isDirectory()) throw refuse('ROOT_PATH_NOT_DIRECTORY', `rootPath ${requested} is not a directory`);
  try {
    await access(resolved, constants.R_OK | constants.X_OK);
  } catch {
    throw refuse('ROOT_PATH_UNREADABLE', `rootPath ${requested} is not readable by the gateway`);
  }
  return resolved;
}

/** True when `path` is `root` itself or below it (both already realpaths). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The allowed roots as realpaths, so a symlinked root compares correctly; roots that do not exist hold nothing. */
async function realRoots(allowedRoots: readonly string[]): Promise<string[]> {
  const resolved = await Promise.all(allowedRoots.map((root) => realpath(root).catch(() => undefined)));
  return resolved.filter((root): root is string => root !== undefined);
}
