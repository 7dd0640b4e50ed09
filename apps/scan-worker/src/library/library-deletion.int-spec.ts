import { DerivativeKind, DerivativeState, LibraryChange, RoutingKey } from '@mediaflow/contracts';
import { QueueNames } from '@mediaflow/messaging';
import { eventually, queueCounts } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { startScanWorker, type ScanWorkerFixture } from '../testing/scan-worker-harness';
import { LibraryDeletionService } from './library-deletion.service';

describe(LibraryDeletionService.name, () => {
  let fixture: ScanWorkerFixture;

  beforeAll(async () => {
    fixture = await startScanWorker();
  });

  afterAll(async () => {
    await fixture.stop();
  });

  async function image(libraryId: Types.ObjectId, name: string): Promise<void> {
    const { _id: imageId } = await fixture.images.create({ libraryId, collectionId: new Types.ObjectId(), relativePath: name, size: 1, mtimeMs: 1, fingerprint: 'f' });
    await fixture.derivatives.create({ imageId, libraryId, kind: DerivativeKind.Thumbnail, state: DerivativeState.Ready, path: 'x', sourceFingerprint: 'f', updatedAt: new Date() });
  }

  it('removes a deleted library collections, recorded listings, images and derivative records, and only that library', async () => {
    const gone = new Types.ObjectId();
    const other = await fixture.libraries.create({ name: `other-${gone.toHexString()}`, rootPath: `/srv/${gone.toHexString()}` });
    for (const libraryId of [gone, other._id]) {
      const collection = await fixture.collections.create({ libraryId, relativePath: '' });
      await fixture.listings.create({ _id: collection._id, libraryId, digest: 'd', jobId: new Types.ObjectId() });
      await image(libraryId, 'a.jpg');
    }

    await fixture.service.publisher.publish(RoutingKey.LibraryChanged, { libraryId: gone.toHexString(), change: LibraryChange.Deleted });

    // Collections go last, so once they are gone the whole deletion has run.
    await eventually('the library contents to be removed', async () => (await fixture.collections.countDocuments({ libraryId: gone })) === 0);
    expect(await fixture.images.countDocuments({ libraryId: gone })).toBe(0);
    expect(await fixture.derivatives.countDocuments({ libraryId: gone })).toBe(0);
    expect(await fixture.derivatives.countDocuments({ libraryId: other._id })).toBe(1);
    expect(await fixture.images.countDocuments({ libraryId: other._id })).toBe(1);
    expect(await fixture.collections.countDocuments({ libraryId: other._id })).toBe(1);
    expect(await fixture.listings.countDocuments({ libraryId: gone })).toBe(0);
    expect(await fixture.listings.countDocuments({ libraryId: other._id })).toBe(1);
  });
  it('keeps the contents of a library announced deleted that still exists', async () => {
    const library = await fixture.libraries.create({ name: 'still-here', rootPath: `/srv/${new Types.ObjectId().toHexString()}` });
    await image(library._id, 'a.jpg');

    await fixture.service.publisher.publish(RoutingKey.LibraryChanged, { libraryId: library._id.toHexString(), change: LibraryChange.Deleted });

    // The publish is confirmed, so the message is queued: an empty queue means it was handled and acked.
    const queue = new QueueNames({ exchange: fixture.service.env.AMQP_EXCHANGE, consumerGroup: 'scan-worker' }).main;
    await eventually('the message to be handled', async () => {
      const counts = await queueCounts(queue);
      return counts.ready === 0 && counts.unacked === 0;
    });
    expect(await fixture.images.countDocuments({ libraryId: library._id })).toBe(1);
    expect(await fixture.derivatives.countDocuments({ libraryId: library._id })).toBe(1);
  });
});
