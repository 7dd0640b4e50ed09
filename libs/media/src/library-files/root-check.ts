import { opendir, stat } from 'node:fs/promises';

/**
 * Why the library root cannot be scanned, or undefined when it can. A missing or unreadable root
 * is an outage (an unmounted share), never a library whose files were all deleted.
 */
export async function rootProblem(rootPath: string): Promise<string | undefined> {
  try {
    const stats = await stat(rootPath);
    if (!stats.isDirectory()) return `library root ${rootPath} is not a folder`;
    const dir = await opendir(rootPath);
    await dir.close();
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'does not exist (is the share mounted?)' : `cannot be read (${code ?? String(error)})`;
    return `library root ${rootPath} ${detail}`;
  }
}
