import { BackgroundJob, Image, ImageDerivative, type WatchStatus } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { LibrariesService } from './libraries.service';
import { countsByMediaKind, durationMs, type DerivativeKindRow, type ImageKindRow } from './library-overview';
import type { LastScanView, LibraryOverview, MediaKindOverview } from './library-overview.dto';
import { CostProportionalCache } from './cost-proportional-cache';

interface KindCounts {
  mediaKinds: MediaKindOverview[];
  countedAt: string;
}

/**
 * A library's counts by media kind and derivative state, its last scan, next scheduled scan and watch
 * status. Counted with two aggregations ($match libraryId, $group) over fields stored on each record
 * (mediaKind on images and on derivative records), not by reading images: the cost is one pass over the
 * library's records in the store, none in this process (docs/architecture.md, "Library overview").
 * That pass grows with the library (about a minute at 500,000 images on the local store), so its result
 * is shared by concurrent requests and reused for 4× what it took: the store spends at most a fifth of
 * its time on it however often pages and job events ask. The library's own fields are read fresh.
 */
@Injectable()
export class LibraryOverviewService {
  constructor(
    private readonly libraries: LibrariesService,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    @InjectModel(ImageDerivative.name) private readonly derivatives: Model<ImageDerivative>,
    @InjectModel(BackgroundJob.name) private readonly jobs: Model<BackgroundJob>,
  ) {}

  private readonly counts = new CostProportionalCache<KindCounts>({ minReuseMs: 1_000, costFactor: 4 });

  async overview(id: string): Promise<LibraryOverview> {
    // The library view answers 404 and carries the scan schedule exactly as the library list shows it.
    const library = await this.libraries.get(id);
    const [{ mediaKinds, countedAt }, lastScan] = await Promise.all([
      this.counts.get(id, () => this.countKinds(new Types.ObjectId(id))),
      this.lastScan(library.lastScanJobId),
    ]);
    return {
      libraryId: library.id,
      images: mediaKinds.reduce((sum, kind) => sum + kind.images, 0),
      mediaKinds,
      lastScan,
      nextScanAt: library.scanSchedule?.nextRunAt ?? null,
      watch: { enabled: library.watch, status: library.watchStatus as WatchStatus, reason: library.watchReason },
      countedAt,
    };
  }

  private async countKinds(libraryId: Types.ObjectId): Promise<KindCounts> {
    const countedAt = new Date().toISOString();
    const [imageRows, derivativeRows] = await Promise.all([
      this.images.aggregate<ImageKindRow>([
        { $match: { libraryId, deletedAt: null } },
        { $group: { _id: '$mediaKind', count: { $sum: 1 } } },
      ]),
      this.derivatives.aggregate<DerivativeKindRow>([
        { $match: { libraryId } },
        { $group: { _id: { mediaKind: '$mediaKind', kind: '$kind', state: '$state' }, count: { $sum: 1 } } },
      ]),
    ]);
    return { mediaKinds: countsByMediaKind(imageRows, derivativeRows), countedAt };
  }

  private async lastScan(jobId: string | null): Promise<LastScanView | null> {
    if (!jobId) return null;
    const job = await this.jobs.findById(jobId, { status: 1, startedAt: 1, finishedAt: 1 }).lean();
    return {
      jobId,
      status: job?.status ?? null,
      startedAt: job?.startedAt?.toISOString() ?? null,
      finishedAt: job?.finishedAt?.toISOString() ?? null,
      durationMs: durationMs(job?.startedAt, job?.finishedAt),
    };
  }
}
