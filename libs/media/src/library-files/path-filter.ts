import picomatch from 'picomatch';
import { MEDIA_EXTENSIONS } from '../sources/media-kind';

/** Media the pipeline renders (stills, SVG, HEIF, camera RAW, video), by lower-case extension. */
export const SUPPORTED_EXTENSIONS: ReadonlySet<string> = MEDIA_EXTENSIONS;

/** NAS and desktop litter that is never a library's content. Hidden names (leading '.') are skipped too. */
const JUNK_NAMES: ReadonlySet<string> = new Set(['@eadir', '#recycle', '#snapshot', 'thumbs.db', 'desktop.ini', '$recycle.bin']);

export interface PathFilterOptions {
  /** Globs relative to the library root; empty means everything. */
  include: readonly string[];
  exclude: readonly string[];
}

/**
 * Decides which folders the walk enters and which files it keeps. Paths are relative to the library
 * root, '/'-separated, without a leading './'.
 */
export class PathFilter {
  private readonly included: (path: string) => boolean;
  private readonly excluded: (path: string) => boolean;

  constructor(options: PathFilterOptions) {
    const globOptions = { dot: true };
    this.included = options.include.length > 0 ? picomatch([...options.include], globOptions) : () => true;
    this.excluded = options.exclude.length > 0 ? picomatch([...options.exclude], globOptions) : () => false;
  }

  /** Include globs only select files: a folder is entered unless it is junk or excluded. */
  entersFolder(name: string, relativePath: string): boolean {
    return !isJunk(name) && !this.excluded(relativePath);
  }

  keepsFile(name: string, relativePath: string): boolean {
    if (isJunk(name) || !isSupported(name)) return false;
    return this.included(relativePath) && !this.excluded(relativePath);
  }
}

export function isJunk(name: string): boolean {
  // '._x' (macOS resource forks) and '.DS_Store' are hidden names as well.
  return name.startsWith('.') || JUNK_NAMES.has(name.toLowerCase());
}

export function isSupported(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && SUPPORTED_EXTENSIONS.has(name.slice(dot).toLowerCase());
}
