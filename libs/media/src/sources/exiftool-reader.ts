import { ExifTool, type Tags } from 'exiftool-vendored';
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

  /** The bytes of a binary tag (e.g. a RAW's JpgFromRaw), or a RenderError when it cannot be had. */
  async binaryTag(tag: string, path: string): Promise<Buffer> {
    try {
      return await this.exiftool().extractBinaryTagToBuffer(tag, path);
    } catch (error) {
      throw asRenderError(`exiftool could not extract ${tag}`, error);
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
