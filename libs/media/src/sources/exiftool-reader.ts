import { ExifTool, type Tags } from 'exiftool-vendored';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderError } from '../render-error';

/**
 * exiftool (exiftool-vendored: the ExifTool perl script it ships, run by the system's perl) for the
 * formats sharp cannot read the metadata of: camera RAW and HEIF. It keeps up to `maxProcs` exiftool
 * processes in batch mode, so a file costs one request/answer over a pipe, not a perl start-up.
 * exiftool reads the metadata structures only, never the image data.
 */
export class ExiftoolReader {
  private tool: ExifTool | null = null;

  constructor(private readonly options: { maxProcs: number; timeoutMs: number }) {}

  async read(path: string): Promise<Tags> {
    try {
      return await this.exiftool().read(path);
    } catch (error) {
      throw asRenderError('exiftool could not read the file', error);
    }
  }

  /**
   * The bytes of a binary tag (e.g. a RAW's JpgFromRaw), or a RenderError when it cannot be had. Written
   * by exiftool to a temp file rather than returned over its pipe: for a 4.6 MB preview the pipe took
   * 600-850 ms (base64 through the batch protocol), the file 25-30 ms.
   */
  async binaryTag(tag: string, path: string): Promise<Buffer> {
    const dir = await mkdtemp(join(tmpdir(), 'mediaflow-exiftool-'));
    try {
      const output = join(dir, 'tag.bin');
      await this.exiftool().extractBinaryTag(tag, path, output);
      return await readFile(output);
    } catch (error) {
      throw asRenderError(`exiftool could not extract ${tag}`, error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async end(): Promise<void> {
    const tool = this.tool;
    this.tool = null;
    await tool?.end();
  }

  /** Started on first use: a worker that sees only stills never runs perl. */
  private exiftool(): ExifTool {
    this.tool ??= new ExifTool({ maxProcs: this.options.maxProcs, taskTimeoutMillis: this.options.timeoutMs });
    return this.tool;
  }
}

function asRenderError(what: string, error: unknown): RenderError {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|perl/i.test(message) && /spawn|not found|No such file/i.test(message)) {
    return new RenderError(`exiftool cannot run on this worker (perl missing?): ${firstLine(message)}`);
  }
  return new RenderError(`${what}: ${firstLine(message)}`);
}

function firstLine(message: string): string {
  return (message.split('\n').find((line) => line.trim().length > 0) ?? message).trim().slice(0, 300);
}
