import { RoutingKey, ScanMode, StageName } from '@mediaflow/contracts';
import { EventPublisher } from '@mediaflow/messaging';
import { Image } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ChildJobsService, childJobIdFor } from './child-jobs.service';
import type { OwedRender } from './folder-sync.service';
import type { ScanContext } from './scan-context';
import { pages } from './store-pages';

/**
 * Sends the render requests a scan owes, once moves are settled (a moved image keeps its derivatives),
 * then the thumbnail and cache totals of every job that received them.
 */
@Injectable()
export class RenderDispatcherService {
  constructor(
    @InjectModel(Image.name) private readonly images: Model<Image>,
    private readonly publisher: EventPublisher,
    private readonly childJobs: ChildJobsService,
  ) {}

  /**
   * `owed` is the render work the walk found (its folders' new, changed and already-marked images): when
   * it is 0 no image carries this scan's render mark, and the store is not read.
   */
  async dispatch(scan: ScanContext, owed: number): Promise<number> {
    if (owed === 0 || scan.rendersAsFound) {
      const sent = scan.mode === ScanMode.Full ? [...scan.children.values()].reduce((sum, count) => sum + count, 0) : (scan.rendersSent ?? 0);
      await this.publishTotals(scan, sent);
      return sent;
    }
    const full = scan.mode === ScanMode.Full;
    let sent = 0;
    const filter = { libraryId: scan.libraryId, 'scan.renderInJob': scan.jobId, deletedAt: null };
    for await (const page of pages(this.images, filter, { collectionId: 1, fingerprint: 1 })) {
      const requests: Array<Promise<void>> = [];
      for (const { _id, collectionId, fingerprint } of page) {
        if (!fingerprint) continue;
        const jobId = full ? await this.childFor(scan, collectionId) : scan.jobId.toHexString();
        requests.push(this.sendRequests(scan, jobId, [{ _id, fingerprint }]));
        if (full) scan.children.set(jobId, (scan.children.get(jobId) ?? 0) + 1);
      }
      await Promise.all(requests);
      sent += requests.length;
    }
    await this.publishTotals(scan, sent);
    return sent;
  }

  /**
   * A scan of a library that held no images (`rendersAsFound`): one folder's requests, sent as soon as the
   * folder is synced, on its child job (full) or the scan job (incremental). A folder is synced once per walk
   * and its collection's child gets no other requests, so a child's totals go out with its requests: the
   * child can finish while the walk goes on, and job-tracker folds the totals as they come instead of a burst
   * of two per folder after the walk (1,000 at 100,000 files, each re-deriving the parent). dispatch() then
   * sends the other totals.
   */
  async dispatchFolder(scan: ScanContext, collectionId: Image['collectionId'], owed: readonly OwedRender[]): Promise<void> {
    if (owed.length === 0) return;
    if (scan.mode !== ScanMode.Full) {
      await this.sendRequests(scan, scan.jobId.toHexString(), owed);
      scan.rendersSent = (scan.rendersSent ?? 0) + owed.length;
      return;
    }
    const jobId = await this.childFor(scan, collectionId);
    await this.sendRequests(scan, jobId, owed);
    const sent = (scan.children.get(jobId) ?? 0) + owed.length;
    scan.children.set(jobId, sent);
    await this.publishStageTotals(jobId, sent);
  }

  /**
   * Incremental scans that know what they owe (watch batches, when nothing moved): the requests for
   * those images on the scan job itself, without reading the store.
   */
  async dispatchOwed(scan: ScanContext, owed: readonly OwedRender[]): Promise<number> {
    await this.sendRequests(scan, scan.jobId.toHexString(), owed);
    await this.publishTotals(scan, owed.length);
    return owed.length;
  }

  /** The thumbnail and the cache request of each owed image, on `jobId`. */
  private async sendRequests(scan: ScanContext, jobId: string, owed: readonly OwedRender[]): Promise<void> {
    const libraryId = scan.libraryId.toHexString();
    await Promise.all(
      owed.flatMap(({ _id, fingerprint }) => {
        const request = { jobId, imageId: _id.toHexString(), libraryId, fingerprint };
        return [this.publisher.publish(RoutingKey.ThumbnailRequested, request), this.publisher.publish(RoutingKey.CacheRequested, request)];
      }),
    );
  }

  private async childFor(scan: ScanContext, collectionId: Image['collectionId']): Promise<string> {
    const childId = childJobIdFor(scan.jobId, collectionId);
    // Normally made while walking the folder; this covers an image whose folder had no other work.
    return scan.children.has(childId) ? childId : this.childJobs.ensureChild(scan, collectionId, '');
  }

  /**
   * Incremental: the scan job's own totals. Full: each child's; the parent's thumbnail and cache stages
   * are the tracker's roll-up of its children, so they get a total (0) only when there are no children.
   */
  private async publishTotals(scan: ScanContext, sent: number): Promise<void> {
    if (scan.mode !== ScanMode.Full) return this.publishStageTotals(scan.jobId.toHexString(), sent);
    if (scan.children.size === 0) return this.publishStageTotals(scan.jobId.toHexString(), 0);
    for (const [jobId, requests] of scan.children) {
      // As found, a child with requests got its totals with them (dispatchFolder); only the empty ones are left.
      if (!scan.rendersAsFound || requests === 0) await this.publishStageTotals(jobId, requests);
    }
  }

  private async publishStageTotals(jobId: string, total: number): Promise<void> {
    for (const stage of [StageName.Thumbnail, StageName.Cache]) {
      await this.publisher.publish(RoutingKey.JobStageTotal, { jobId, stage, total });
    }
  }
}
