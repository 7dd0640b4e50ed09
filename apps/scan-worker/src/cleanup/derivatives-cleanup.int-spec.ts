import { DerivativeKind, DerivativeState, ItemOutcome, JobStatus, RoutingKey, StageName } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { access, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Types } from 'mongoose';
import { startScanWorker, type ScanWorkerFixture } from '../testing/scan-worker-harness';
import { DerivativesCleanupService } from './derivatives-cleanup.service';

describe(DerivativesCleanupService.name, () => {
  let fixture: ScanWorkerFixture;
  let derivativesDir: string;

  beforeAll(async () => {
    derivativesDir = await mkdtemp(join(tmpdir(), 'mf-derivatives-'));
    fixture = await startScanWorker({ DERIVATIVES_DIR: derivativesDir });
  });

  afterAll(async () => {
    await fixture.stop();
    await rm(derivativesDir, { recursive: true, force: true });
  });

  async function derivativeFile(relativePath: string, ageMs = 60 * 60_000): Promise<void> {
    const path = join(derivativesDir, relativePath);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'derivative');
    const when = new Date(Date.now() - ageMs);
    await utimes(path, when, when);
  }

  const exists = (relativePath: string): Promise<boolean> =>
    access(join(derivativesDir, relativePath)).then(
      () => true,
      () => false,
    );

  async function image(libraryId: Types.ObjectId, name: string, thumbnailPath: string, deletedAt: Date | null = null): Promise<void> {
    const { _id: imageId } = await fixture.images.create({ libraryId, collectionId: new Types.ObjectId(), relativePath: name, size: 1, mtimeMs: 1, fingerprint: 'f', deletedAt });
    const ready = { state: DerivativeState.Ready, path: thumbnailPath, sourceFingerprint: 'f', updatedAt: new Date() };
    await fixture.derivatives.create({ imageId, libraryId, kind: DerivativeKind.Thumbnail, ...ready });
  }

  it('deletes the derivative files no live image points to and reports each one', async () => {
    const libraryId = new Types.ObjectId();
    const lib = libraryId.toHexString();
    const kept = `thumbnail/${lib}/aa/1111-abcd.webp`;
    const ofDeleted = `thumbnail/${lib}/bb/2222-abcd.webp`;
    const orphan = `cache/${lib}/cc/3333-abcd.jpg`;
    const fresh = `cache/${lib}/cc/4444-abcd.jpg`;
    const otherLibrary = `thumbnail/${new Types.ObjectId().toHexString()}/dd/5555-abcd.webp`;
    for (const path of [kept, ofDeleted, orphan, otherLibrary]) await derivativeFile(path);
    await derivativeFile(fresh, 0);
    await image(libraryId, 'kept.jpg', kept);
    await image(libraryId, 'deleted.jpg', ofDeleted, new Date());
    const jobId = new Types.ObjectId().toHexString();

    await fixture.service.publisher.publish(RoutingKey.DerivativesCleanupRequested, {
      jobId,
      libraryId: lib,
      prerequisites: [{ jobId: new Types.ObjectId().toHexString(), status: JobStatus.Completed }],
    });

    const [total] = await eventually('the cleanup total', () => {
      const totals = fixture.capture.of(RoutingKey.JobStageTotal, { jobId, stage: StageName.Cleanup });
      return totals.length > 0 && totals;
    });
    expect(total?.total).toBe(2);
    const items = fixture.capture.of(RoutingKey.JobItemsReported, { jobId }).flatMap((report) => report.items);
    expect(items.map((item) => [item.itemId, item.outcome]).sort()).toEqual(
      [
        [ofDeleted, ItemOutcome.Done],
        [orphan, ItemOutcome.Done],
      ].sort(),
    );
    expect(await exists(kept)).toBe(true);
    expect(await exists(fresh)).toBe(true);
    expect(await exists(otherLibrary)).toBe(true);
    expect(await exists(ofDeleted)).toBe(false);
    expect(await exists(orphan)).toBe(false);
  });

  it('reports a total of 0 for a library without derivatives', async () => {
    const jobId = new Types.ObjectId().toHexString();

    await fixture.service.publisher.publish(RoutingKey.DerivativesCleanupRequested, {
      jobId,
      libraryId: new Types.ObjectId().toHexString(),
      prerequisites: [],
    });

    const totals = await eventually('the cleanup total', () => {
      const found = fixture.capture.of(RoutingKey.JobStageTotal, { jobId, stage: StageName.Cleanup });
      return found.length > 0 && found;
    });
    expect(totals[0]?.total).toBe(0);
  });

});
