import { spawn } from 'node:child_process';
import { RenderError } from '../render-error';

/** Bounds on one run of an external decoder (ffmpeg, ffprobe, heif-convert) for one untrusted file. */
export interface ToolLimits {
  /** Killed (SIGKILL) after this long: a damaged file must not hold a render slot forever. */
  timeoutMs: number;
  /** Address-space limit of the tool's process (`prlimit --as`), so a hostile file cannot eat the host's memory. 0: none. */
  memoryBytes: number;
}

export const DEFAULT_TOOL_LIMITS: Readonly<ToolLimits> = { timeoutMs: 60_000, memoryBytes: 2 * 1024 ** 3 };

/** The Debian package that provides each tool, for the "not installed" reason. */
const PACKAGE_OF: Readonly<Record<string, string>> = { ffmpeg: 'ffmpeg', ffprobe: 'ffmpeg', 'heif-convert': 'libheif-examples', prlimit: 'util-linux' };

/**
 * Runs a tool and returns its standard output, at most `maxOutputBytes` of it. Every way the run can go
 * wrong because of the input (non-zero exit, timeout, too much output) or the host (tool missing) is a
 * RenderError naming the tool, so the item is a counted failure with a reason and never a crash or a retry.
 */
export async function runTool(command: string, args: readonly string[], limits: ToolLimits, maxOutputBytes: number): Promise<Buffer> {
  const [file, argv] = limits.memoryBytes > 0 ? ['prlimit', [`--as=${limits.memoryBytes}`, '--', command, ...args]] : [command, [...args]];
  return new Promise<Buffer>((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let failure: RenderError | null = null;
    const stop = (reason: RenderError): void => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new RenderError(`${command} took longer than ${limits.timeoutMs} ms (killed)`)), limits.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxOutputBytes) return stop(new RenderError(`${command} produced more than ${maxOutputBytes} bytes (killed)`));
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? notInstalled(file) : new RenderError(`${command} could not be started: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (/failed to execute .*No such file or directory/.test(stderr)) return reject(notInstalled(command));
      if (code !== 0) return reject(new RenderError(`${command} failed (${signal ?? `exit ${code}`}): ${lastLine(stderr)}`));
      resolve(Buffer.concat(chunks));
    });
  });
}

function notInstalled(command: string): RenderError {
  const pkg = PACKAGE_OF[command];
  return new RenderError(`${command} is not installed on this worker${pkg ? ` (Debian package ${pkg})` : ''}`);
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  return (lines.at(-1) ?? 'no message').slice(0, 300);
}
