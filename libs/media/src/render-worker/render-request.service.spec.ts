import { DerivativeKind, DerivativeState, ItemOutcome, RoutingKey, StageName } from '@mediaflow/contracts';
import type { EventPublisher } from '@mediaflow/messaging';
import { derivativeSpec } from '../derivative-spec';
import type { DerivativeStore } from '../derivative-store';
import { RenderError } from '../render-error';
import type { ImageRenderer } from './image-renderer';
import type { RenderCatalog, RenderImage } from './render-catalog';
import { RenderRequestService, sourcePathOf } from './render-request.service';
import { ReportBatcher } from './report-batcher';

const request = { jobId: '65a1b2c3d4e5f60718293a01', imageId: '65a1b2c3d4e5f60718293a02', libraryId: '65a1b2c3d4e5f60718293a03', fingerprint: 'fp-1' };
const image: RenderImage = { id: request.imageId, libraryId: request.libraryId, collectionId: '65a1b2c3d4e5f60718293a04', relativePath: 'a/b.jpg', fingerprint: 'fp-1', deleted: false };

const metadata = { mediaType: 'image', mimeType: 'image/jpeg', width: 400, height: 200, takenAt: '2021-06-15T14:30:00', takenAtSource: 'exif' };

describe(RenderRequestService.name, () => {
  let catalog: jest.Mocked<Pick<RenderCatalog, 'isJobCancelled' | 'findImage' | 'findDerivative' | 'findLibrary' | 'recordDerivative' | 'recordMetadata' | 'metadataFingerprint'>>;
  let renderer: { spec: ReturnType<typeof derivativeSpec>; render: jest.Mock };
  let store: jest.Mocked<Pick<DerivativeStore, 'relativePathFor' | 'sizeOf' | 'exists' | 'write' | 'remove'>>;
  let publisher: { publish: jest.Mock };
  let sut: RenderRequestService;

  beforeEach(() => {
    catalog = {
      isJobCancelled: jest.fn().mockResolvedValue(false),
      findImage: jest.fn().mockResolvedValue(image),
      findDerivative: jest.fn().mockResolvedValue(null),
      findLibrary: jest.fn().mockResolvedValue({ id: request.libraryId, rootPath: '/photos' }),
      recordDerivative: jest.fn().mockResolvedValue({ current: true, replacedPath: null }),
      recordMetadata: jest.fn().mockResolvedValue(undefined),
      metadataFingerprint: jest.fn().mockResolvedValue('fp-1'),
    };
    renderer = { spec: derivativeSpec(DerivativeKind.Thumbnail), render: jest.fn().mockResolvedValue({ data: Buffer.from('img'), width: 4, height: 2, bytes: 3, sourceFormat: 'jpeg', metadata }) };
    store = {
      relativePathFor: jest.fn().mockReturnValue('thumbnail/x.webp'),
      sizeOf: jest.fn().mockResolvedValue(null),
      exists: jest.fn().mockResolvedValue(true),
      write: jest.fn().mockResolvedValue('thumbnail/x.webp'),
      remove: jest.fn().mockResolvedValue(undefined),
    };
    publisher = { publish: jest.fn().mockResolvedValue(undefined) };
    sut = new RenderRequestService(
      DerivativeKind.Thumbnail,
      catalog as unknown as RenderCatalog,
      renderer as unknown as ImageRenderer,
      store as unknown as DerivativeStore,
      new ReportBatcher(publisher as unknown as EventPublisher, { lingerMs: 1_000, maxItems: 100 }),
    );
  });

  it('renders from the library root and the stored path, records the result and reports it done', async () => {
    const item = await sut.handle(request);

    expect(renderer.render).toHaveBeenCalledWith('/photos/a/b.jpg');
    expect(catalog.recordDerivative).toHaveBeenCalledWith(image, 'fp-1', DerivativeKind.Thumbnail, { state: DerivativeState.Ready, reason: null, path: 'thumbnail/x.webp', bytes: 3, width: 4, height: 2 });
    expect(item).toEqual({ itemId: request.imageId, outcome: ItemOutcome.Done, path: 'a/b.jpg' });
    expect(publisher.publish).toHaveBeenCalledWith(RoutingKey.JobItemsReported, { jobId: request.jobId, stage: StageName.Thumbnail, items: [item] });
  });

  it('records the metadata the thumbnail render read, for the content it rendered', async () => {
    await sut.handle(request);

    expect(catalog.recordMetadata).toHaveBeenCalledWith(image, 'fp-1', metadata);
  });

  it('renders a thumbnail that is up to date again when its metadata was never recorded for this content', async () => {
    store.sizeOf.mockResolvedValue(42);
    catalog.findDerivative.mockResolvedValue({ state: DerivativeState.Ready, sourceFingerprint: 'fp-1', path: 'thumbnail/x.webp' });
    catalog.metadataFingerprint.mockResolvedValue(null);

    const item = await sut.handle(request);

    expect(renderer.render).toHaveBeenCalled();
    expect(catalog.recordMetadata).toHaveBeenCalledWith(image, 'fp-1', metadata);
    expect(item.outcome).toBe(ItemOutcome.Done);
  });

  it('reads no metadata or derivative record for an image with nothing rendered yet', async () => {
    await sut.handle(request);

    expect(catalog.metadataFingerprint).not.toHaveBeenCalled();
    expect(catalog.findDerivative).not.toHaveBeenCalled();
    expect(renderer.render).toHaveBeenCalled();
  });

  it('renders again, instead of recording the file on disk, when the metadata of this content was never recorded', async () => {
    store.sizeOf.mockResolvedValue(42);
    catalog.metadataFingerprint.mockResolvedValue('fp-0');

    expect(await sut.handle(request)).toEqual({ itemId: request.imageId, outcome: ItemOutcome.Done, path: 'a/b.jpg' });
    expect(renderer.render).toHaveBeenCalled();
    expect(catalog.recordMetadata).toHaveBeenCalledWith(image, 'fp-1', metadata);
  });

  it('leaves the metadata to the thumbnail-worker when it renders cache images', async () => {
    const cacheWorker = new RenderRequestService(
      DerivativeKind.Cache,
      catalog as unknown as RenderCatalog,
      { ...renderer, spec: derivativeSpec(DerivativeKind.Cache) } as unknown as ImageRenderer,
      store as unknown as DerivativeStore,
      new ReportBatcher(publisher as unknown as EventPublisher, { lingerMs: 1_000, maxItems: 100 }),
    );
    await cacheWorker.handle(request);

    expect(catalog.recordMetadata).not.toHaveBeenCalled();
  });

  it('records and reports bad input as failed, without throwing', async () => {
    renderer.render.mockRejectedValue(new RenderError('not a supported image (zero-byte file)'));

    const item = await sut.handle(request);

    expect(item).toEqual({ itemId: request.imageId, outcome: ItemOutcome.Failed, path: 'a/b.jpg', reason: 'not a supported image (zero-byte file)' });
    expect(catalog.recordDerivative).toHaveBeenCalledWith(image, 'fp-1', DerivativeKind.Thumbnail, expect.objectContaining({ state: DerivativeState.Failed, reason: 'not a supported image (zero-byte file)', path: null }));
  });

  it('lets other errors through, so the message is retried, and reports nothing', async () => {
    store.write.mockRejectedValue(Object.assign(new Error('no space left'), { code: 'ENOSPC' }));

    await expect(sut.handle(request)).rejects.toThrow('no space left');
    expect(publisher.publish).not.toHaveBeenCalled();
  });

  it('counts an image already rendered for this fingerprint, whose file exists, as done without rendering it', async () => {
    store.sizeOf.mockResolvedValue(42);
    catalog.findDerivative.mockResolvedValue({ state: DerivativeState.Ready, sourceFingerprint: 'fp-1', path: 'thumbnail/x.webp' });

    expect(await sut.handle(request)).toMatchObject({ outcome: ItemOutcome.Done, reason: 'already up to date' });
    expect(renderer.render).not.toHaveBeenCalled();
    expect(catalog.recordDerivative).not.toHaveBeenCalled();
  });

  it('renders when no file of this fingerprint is on disk, whatever the record says', async () => {
    catalog.findDerivative.mockResolvedValue({ state: DerivativeState.Ready, sourceFingerprint: 'fp-0', path: 'thumbnail/old.webp' });

    expect(await sut.handle(request)).toMatchObject({ outcome: ItemOutcome.Done });
    expect(renderer.render).toHaveBeenCalled();
  });

  it('records the file already on disk for this fingerprint instead of rendering it again', async () => {
    store.sizeOf.mockResolvedValue(42);

    expect(await sut.handle(request)).toMatchObject({ outcome: ItemOutcome.Done, reason: 'already rendered' });
    expect(catalog.recordDerivative).toHaveBeenCalledWith(image, 'fp-1', DerivativeKind.Thumbnail, expect.objectContaining({ state: DerivativeState.Ready, path: 'thumbnail/x.webp', bytes: 42 }));
    expect(renderer.render).not.toHaveBeenCalled();
  });

  it('renders again when the recorded file is gone', async () => {
    catalog.findDerivative.mockResolvedValue({ state: DerivativeState.Ready, sourceFingerprint: 'fp-1', path: 'thumbnail/x.webp' });

    expect(await sut.handle(request)).toMatchObject({ outcome: ItemOutcome.Done });
    expect(renderer.render).toHaveBeenCalled();
  });

  it.each([
    ['a cancelled job', () => catalog.isJobCancelled.mockResolvedValue(true), 'job cancelled'],
    ['a missing image', () => catalog.findImage.mockResolvedValue(null), 'image no longer exists'],
    ['a deleted image', () => catalog.findImage.mockResolvedValue({ ...image, deleted: true }), 'image no longer exists'],
    ['a changed image', () => catalog.findImage.mockResolvedValue({ ...image, fingerprint: 'fp-2' }), 'stale request: the image changed since'],
    ['a deleted library', () => catalog.findLibrary.mockResolvedValue(null), 'library no longer exists'],
  ])('skips %s without rendering', async (_, arrange, reason) => {
    arrange();

    expect(await sut.handle(request)).toMatchObject({ outcome: ItemOutcome.Skipped, reason });
    expect(renderer.render).not.toHaveBeenCalled();
  });

  it('removes its file and reports skipped when the image changed while rendering', async () => {
    catalog.recordDerivative.mockResolvedValue({ current: false, replacedPath: null });

    expect(await sut.handle(request)).toMatchObject({ outcome: ItemOutcome.Skipped, reason: 'stale request: the image changed while rendering' });
    expect(store.remove).toHaveBeenCalledWith('thumbnail/x.webp');
  });

  it('removes the derivative of the previous source version once the new one is recorded', async () => {
    catalog.recordDerivative.mockResolvedValue({ current: true, replacedPath: 'thumbnail/old.webp' });

    await sut.handle(request);

    expect(store.remove).toHaveBeenCalledWith('thumbnail/old.webp');
  });
});

describe(sourcePathOf.name, () => {
  it.each(['../outside.jpg', '/etc/passwd', 'a/../../b.jpg'])('refuses %j, which leaves the library root', (relativePath) => {
    expect(() => sourcePathOf('/photos', relativePath)).toThrow(RenderError);
  });
});
