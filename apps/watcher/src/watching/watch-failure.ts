/** What a watch error means for the library: the reason to show, and whether polling would get round it. */
export interface WatchFailure {
  reason: string;
  /** inotify ran out of watches or descriptors: polling needs neither. */
  limits: boolean;
}

const LIMIT_CODES: Readonly<Record<string, string>> = {
  ENOSPC: 'the system limit of inotify watches is reached (raise fs.inotify.max_user_watches)',
  EMFILE: 'too many open files (raise the open-file limit or fs.inotify.max_user_instances)',
};

export function describeWatchFailure(error: Error): WatchFailure {
  const { code, path } = error as NodeJS.ErrnoException;
  const where = path ? ` on ${path}` : '';
  if (code && LIMIT_CODES[code]) return { reason: `${code}: ${LIMIT_CODES[code]}`, limits: true };
  if (code === 'EACCES' || code === 'EPERM') return { reason: `${code}: permission denied${where}`, limits: false };
  return { reason: `${code ? `${code}: ` : ''}${error.message}`, limits: false };
}
