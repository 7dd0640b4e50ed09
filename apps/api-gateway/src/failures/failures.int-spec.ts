import { DerivativeKind, DerivativeState, RoutingKey } from '@mediaflow/contracts';
import { eventually } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { GatewayUnderTest, VIEWER_KEY } from '../testing/gateway-test-harness';
import { FailuresController } from './failures.controller';

describe(FailuresController.name, () => {
  let sut: GatewayUnderTest;
  const libraryId = new Types.ObjectId();

  const image = (name: string, fingerprint = `fp-${name}`) =>
    sut.images.create({ libraryId, collectionId: new Types.ObjectId(), relativePath: name, size: 10, mtimeMs: 1, fingerprint, deletedAt: null });
  const failed = (imageId: Types.ObjectId, kind: DerivativeKind, reason: string, sourceFingerprint: string) =>
    sut.derivatives.create({ _id: `${imageId.toString()}:${kind}`, imageId, libraryId, kind, state: DerivativeState.Failed, reason, sourceFingerprint, updatedAt: new Date() });

  beforeAll(async () => {
    sut = await GatewayUnderTest.start();
    const [a, b, c, changed] = [await image('a.jpg'), await image('b.jpg'), await image('c.cr2'), await image('d.jpg', 'fp-new')];
    await failed(a._id, DerivativeKind.Thumbnail, 'corrupt or truncated image: VipsJpeg: Premature end of JPEG file', 'fp-a.jpg');
    await failed(a._id, DerivativeKind.Cache, 'corrupt or truncated image: VipsJpeg: Premature end of JPEG file', 'fp-a.jpg');
    await failed(b._id, DerivativeKind.Thumbnail, 'corrupt or truncated image: VipsJpeg: bad Huffman table', 'fp-b.jpg');
    await failed(c._id, DerivativeKind.Cache, 'cannot read file: EACCES', 'fp-c.cr2');
    await failed(changed._id, DerivativeKind.Thumbnail, 'corrupt or truncated image: old content', 'fp-old'); // of older content: no longer a failure
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('groups the failures standing now by reason, largest first, each with its files', async () => {
    const response = await sut.call('GET', `/api/v1/failures?libraryId=${libraryId.toString()}`, { key: VIEWER_KEY });

    expect(response.status).toBe(200);
    expect(response.body.total).toBe(3);
    expect(response.body.groups.map((group: { reason: string; files: number; retryable: boolean }) => [group.reason, group.files, group.retryable])).toEqual([
      ['corrupt or truncated image', 2, false],
      ['cannot read file', 1, true],
    ]);
    expect(response.body.groups[0].sample).toEqual([
      expect.objectContaining({ relativePath: 'a.jpg', kinds: ['cache', 'thumbnail'], reason: 'corrupt or truncated image: VipsJpeg: Premature end of JPEG file' }),
      expect.objectContaining({ relativePath: 'b.jpg', kinds: ['thumbnail'] }),
    ]);
  });

  it('renders a retryable group again as one job', async () => {
    const response = await sut.call('POST', '/api/v1/failures/retry', { body: { reason: 'cannot read file', libraryId: libraryId.toString() } });

    expect(response.status).toBe(202);
    const jobId = response.body.jobId as string;
    await eventually('the cache request of the retry', () => sut.capture.messagesOf(RoutingKey.CacheRequested).some((message) => message.payload.jobId === jobId));
    expect(await sut.jobs.findById(jobId).lean()).toMatchObject({ params: { retryOfFailures: 'cannot read file' } });
  });

  it('refuses to retry a group whose files are the problem, saying why', async () => {
    const response = await sut.call('POST', '/api/v1/failures/retry', { body: { reason: 'corrupt or truncated image' } });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('NOT_RETRYABLE');
  });
});
