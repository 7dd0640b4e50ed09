import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from '../../e2e/support/api-client';
import { allPages, libraryCollections, type ImageView } from '../../e2e/support/library-views';

interface Tracked {
  /** Wall clock (ms) when its last write ended. */
  writtenAt: number;
  id?: string;
  /** Start of the latest check that found the thumbnail not served (not listed, not ready, or a 404). */
  lastMissAt: number;
  /** Wall clock (ms) when a GET of the thumbnail first answered 200. */
  servedAt?: number;
  /** How long that GET took. */
  serveRequestMs?: number;
}

export interface ServedFile {
  relativePath: string;
  imageId: string;
  writtenAt: number;
  servedAt: number;
  /** How late the measurement may be: servedAt minus the last check that found it not served. */
  resolutionMs: number;
  /** How long the GET that served it took (the API's own share of toServed). */
  serveRequestMs: number;
}

export interface ServedTrackerOptions {
  /** How often a known image's thumbnail is asked for. */
  checkIntervalMs: number;
  /** How often the root folder is listed while a written file has no known image yet. */
  discoverIntervalMs: number;
  /** No image can exist this soon after a write (the watcher's stability window): no listing for it before. */
  notListedBeforeMs: number;
}

/**
 * Measures, per file, when GET /images/:id/thumbnail first serves it. The cost of a check does not grow
 * with the library: the folder is listed only to learn the id of a file written but not yet known, and
 * a known file is checked on its own, by id, every checkIntervalMs until it is served. Each file also
 * carries the measurement's resolution (the gap to the last check that found it not served).
 */
export class ServedTracker {
  private readonly files = new Map<string, Tracked>();
  private readonly checks: Array<Promise<void>> = [];
  private rootCollectionId: string | undefined;
  private writing = true;
  private failure: unknown;

  constructor(
    private readonly api: ApiClient,
    private readonly libraryId: string,
    private readonly options: ServedTrackerOptions,
  ) {}

  written(relativePath: string, at: number): void {
    this.files.set(relativePath, { writtenAt: at, lastMissAt: at });
  }

  /** Resolves once every written file is served (call after the last written()). */
  async allServed(timeoutMs: number): Promise<ServedFile[]> {
    this.writing = false;
    const deadline = Date.now() + timeoutMs;
    while ([...this.files.values()].some((file) => file.id === undefined)) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline) throw new Error(`timed out: ${this.unserved().length} files never listed`);
      await sleep(this.options.discoverIntervalMs);
    }
    await Promise.all(this.checks);
    if (this.failure) throw this.failure;
    return [...this.files].map(([relativePath, file]) => ({
      relativePath,
      imageId: file.id ?? '',
      writtenAt: file.writtenAt,
      servedAt: file.servedAt ?? NaN,
      resolutionMs: (file.servedAt ?? NaN) - file.lastMissAt,
      serveRequestMs: file.serveRequestMs ?? NaN,
    }));
  }

  /** Lists the root folder while some written file has no known image; runs until allServed ends it. */
  async discover(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.writing || [...this.files.values()].some((file) => file.id === undefined)) {
      if (Date.now() > deadline) return;
      if (this.listable(Date.now())) {
        try {
          await this.listOnce(deadline);
        } catch (error) {
          this.failure = error;
          return;
        }
      }
      await sleep(this.options.discoverIntervalMs);
    }
  }

  /** Some written file has no known image and may have one: none can before the watcher's stability window passed. */
  private listable(now: number): boolean {
    return [...this.files.values()].some((file) => file.id === undefined && now - file.writtenAt >= this.options.notListedBeforeMs);
  }

  private unserved(): string[] {
    return [...this.files].filter(([, file]) => file.servedAt === undefined).map(([path]) => path);
  }

  private async listOnce(deadline: number): Promise<void> {
    const startedAt = Date.now();
    this.rootCollectionId ??= (await libraryCollections(this.api, this.libraryId)).find((collection) => collection.relativePath === '')?.id;
    const listed = this.rootCollectionId ? await allPages<ImageView>(this.api, `/collections/${this.rootCollectionId}/images`) : [];
    const byPath = new Map(listed.map((image) => [image.relativePath, image]));
    for (const [relativePath, file] of this.files) {
      if (file.id !== undefined) continue;
      const image = byPath.get(relativePath);
      if (!image) {
        file.lastMissAt = Math.max(file.lastMissAt, startedAt);
        continue;
      }
      file.id = image.id;
      // Listed but not ready: it was not served when the listing was read.
      if (image.derivatives.thumbnail.state !== 'ready') file.lastMissAt = Math.max(file.lastMissAt, startedAt);
      this.checks.push(
        this.checkUntilServed(file, deadline).catch((error: unknown) => {
          this.failure ??= error;
        }),
      );
    }
  }

  private async checkUntilServed(file: Tracked, deadline: number): Promise<void> {
    for (;;) {
      const startedAt = Date.now();
      const { status } = await this.api.bytes(`/images/${file.id}/thumbnail`);
      if (status === 200) {
        file.servedAt = Date.now();
        file.serveRequestMs = file.servedAt - startedAt;
        return;
      }
      if (status !== 404) throw new Error(`GET /images/${file.id}/thumbnail answered ${status}`);
      file.lastMissAt = startedAt;
      if (Date.now() > deadline) throw new Error(`timed out: the thumbnail of image ${file.id} was never served`);
      await sleep(this.options.checkIntervalMs);
    }
  }
}
