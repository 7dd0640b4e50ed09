import { DerivativeKind, DerivativeState, StageName } from '@mediaflow/contracts';
import { Image, ImageDerivative } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ApiError } from '../http/api-error';
import { RenderRetryService, type RenderToRetry } from '../jobs/render-retry.service';
import { failureGroupOf, isRetryableGroup } from './failure-groups';
import type { FailedFileView, FailureGroupsView } from './failure.dto';

/** Failed derivative records read at most per request: failures are few next to a library's images. */
const MAX_FAILURES = 20_000;
const SAMPLE_SIZE = 100;
const ID_CHUNK = 1_000;
const STAGE_OF_KIND = { [DerivativeKind.Thumbnail]: StageName.Thumbnail, [DerivativeKind.Cache]: StageName.Cache } as const;

interface CurrentFailure {
  imageId: string;
  libraryId: string;
  relativePath: string;
  kind: DerivativeKind;
  reason: string;
  group: string;
}

/**
 * The render failures standing now, across jobs: derivative records that failed for the image's current
 * content (a record of older content no longer counts), grouped by what went wrong.
 */
@Injectable()
export class FailuresService {
  constructor(
    @InjectModel(ImageDerivative.name) private readonly derivatives: Model<ImageDerivative>,
    @InjectModel(Image.name) private readonly images: Model<Image>,
    private readonly retries: RenderRetryService,
  ) {}

  async groups(libraryId?: string): Promise<FailureGroupsView> {
    const byGroup = new Map<string, CurrentFailure[]>();
    for (const failure of await this.currentFailures(libraryId)) byGroup.set(failure.group, [...(byGroup.get(failure.group) ?? []), failure]);
    const groups = [...byGroup.entries()].map(([reason, failures]) => {
      const files = filesOf(failures);
      return { reason, files: files.length, retryable: isRetryableGroup(reason), sample: files.slice(0, SAMPLE_SIZE) };
    });
    groups.sort((a, b) => b.files - a.files || a.reason.localeCompare(b.reason));
    return { groups, total: groups.reduce((sum, group) => sum + group.files, 0) };
  }

  /** Renders a retryable group's files again as one job; its id. */
  async retry(reason: string, libraryId?: string): Promise<string> {
    if (!isRetryableGroup(reason)) {
      throw ApiError.conflict('NOT_RETRYABLE', `"${reason}" failures come from the files themselves; rendering them again would fail the same way`);
    }
    const failures = (await this.currentFailures(libraryId)).filter((failure) => failure.group === reason);
    const renders: RenderToRetry[] = failures.map((failure) => ({ stage: STAGE_OF_KIND[failure.kind], itemId: failure.imageId }));
    const jobId = await this.retries.start(renders, {
      libraryId: libraryId ? new Types.ObjectId(libraryId) : null,
      params: { retryOfFailures: reason },
      description: (count) => `Retry of ${count} render(s) that failed with "${reason}"`,
    });
    if (!jobId) throw ApiError.conflict('NOTHING_TO_RETRY', `No file currently fails with "${reason}"`);
    return jobId;
  }

  private async currentFailures(libraryId?: string): Promise<CurrentFailure[]> {
    const filter = { state: DerivativeState.Failed, ...(libraryId ? { libraryId: new Types.ObjectId(libraryId) } : {}) };
    const records = await this.derivatives
      .find(filter, { imageId: 1, kind: 1, reason: 1, sourceFingerprint: 1 })
      .limit(MAX_FAILURES)
      .lean<Array<{ imageId: Types.ObjectId; kind: DerivativeKind; reason: string | null; sourceFingerprint: string }>>();
    const images = new Map<string, { libraryId: Types.ObjectId; relativePath: string; fingerprint: string | null }>();
    const ids = [...new Set(records.map((record) => record.imageId.toString()))];
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK).map((id) => new Types.ObjectId(id));
      const found = await this.images
        .find({ _id: { $in: chunk }, deletedAt: null }, { libraryId: 1, relativePath: 1, fingerprint: 1 })
        .lean<Array<{ _id: Types.ObjectId; libraryId: Types.ObjectId; relativePath: string; fingerprint: string | null }>>();
      found.forEach((image) => images.set(image._id.toString(), image));
    }
    return records.flatMap((record) => {
      const image = images.get(record.imageId.toString());
      if (!image || image.fingerprint !== record.sourceFingerprint) return [];
      const reason = record.reason ?? '';
      return [{ imageId: record.imageId.toString(), libraryId: image.libraryId.toString(), relativePath: image.relativePath, kind: record.kind, reason, group: failureGroupOf(reason) }];
    });
  }
}

/** One entry per image (both derivatives usually fail together), by path. */
function filesOf(failures: CurrentFailure[]): FailedFileView[] {
  const files = new Map<string, FailedFileView>();
  for (const failure of failures) {
    const file = files.get(failure.imageId);
    if (file) file.kinds = [...new Set([...file.kinds, failure.kind])].sort();
    else files.set(failure.imageId, { imageId: failure.imageId, libraryId: failure.libraryId, relativePath: failure.relativePath, kinds: [failure.kind], reason: failure.reason });
  }
  return [...files.values()].sort((a, b) => a.relativePath.localeCompare(b.relativePath));
}
