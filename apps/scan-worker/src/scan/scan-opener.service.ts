import { LibraryStatus, RoutingKey, type ScanMode } from '@mediaflow/contracts';
import { PathFilter, rootProblem } from '@mediaflow/media';
import { EventPublisher, PermanentMessageError } from '@mediaflow/messaging';
import { Library } from '@mediaflow/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { LibraryCountersService } from './library-counters.service';
import type { ScanContext } from './scan-context';

export interface OpenedScan {
  name: string;
  /** The library's live images as its last scan or watch batch counted them. */
  imageCount: number;
  filter: PathFilter;
  scan: ScanContext;
}

/**
 * How every scan run starts (a full or incremental scan, a watch batch): read the library, check its root,
 * build the run's context. A run that cannot start fails its job: an unknown library permanently, a missing
 * or unreadable root by marking the library offline (nothing is deleted).
 */
@Injectable()
export class ScanOpener {
  private readonly logger = new Logger(ScanOpener.name);

  constructor(
    @InjectModel(Library.name) private readonly libraries: Model<Library>,
    private readonly publisher: EventPublisher,
    private readonly counters: LibraryCountersService,
  ) {}

  /** The run's library and context; undefined when the root is not there (the job is failed already). */
  async open(jobId: string, libraryId: string, mode: ScanMode, scope: Pick<ScanContext, 'partial' | 'inScope'> = {}): Promise<OpenedScan | undefined> {
    const library = await this.libraries.findById(libraryId).lean();
    if (!library) {
      const reason = `library ${libraryId} does not exist`;
      await this.fail(jobId, reason);
      throw new PermanentMessageError(reason);
    }
    const problem = await rootProblem(library.rootPath);
    if (problem) {
      await this.counters.setStatus(library._id, LibraryStatus.Offline, problem);
      await this.fail(jobId, problem);
      return undefined;
    }
    const scan: ScanContext = {
      jobId: new Types.ObjectId(jobId),
      libraryId: library._id,
      mode,
      rootPath: library.rootPath,
      children: new Map(),
      unreadableFolders: [],
      startedAt: new Date(),
      seenCollections: new Set(),
      ...scope,
    };
    return { name: library.name, imageCount: library.imageCount ?? 0, filter: new PathFilter({ include: library.include, exclude: library.exclude }), scan };
  }

  async fail(jobId: string, reason: string): Promise<void> {
    this.logger.warn(`job ${jobId} failed: ${reason}`);
    await this.publisher.publish(RoutingKey.JobFailed, { jobId, reason });
  }
}
