import { DerivativeKind, DerivativeState } from '@mediaflow/contracts';
import { ImageDerivative, ImageMetadata } from '@mediaflow/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import { PAGE_SIZE } from './store-pages';

export interface ImageToCheck {
  _id: Types.ObjectId;
  fingerprint: string | null;
}

type ReadyRecord = Pick<ImageDerivative, 'imageId' | 'kind' | 'state' | 'sourceFingerprint'>;

const KINDS = Object.values(DerivativeKind);

/**
 * Which images lack a derivative of some kind that is ready for their current fingerprint, or metadata read
 * from that content (images thumbnailed before metadata existed: the thumbnail-worker renders them again to
 * read it), from `image_derivatives` and `image_metadata`, one query each per page of images (a folder's
 * unchanged images, in a full scan).
 */
@Injectable()
export class DerivativeReadinessService {
  constructor(
    @InjectModel(ImageDerivative.name) private readonly derivatives: Model<ImageDerivative>,
    @InjectModel(ImageMetadata.name) private readonly metadata: Model<ImageMetadata>,
  ) {}

  async notReady<T extends ImageToCheck>(images: T[]): Promise<T[]> {
    const owed: T[] = [];
    for (let start = 0; start < images.length; start += PAGE_SIZE) {
      const page = images.slice(start, start + PAGE_SIZE);
      const records = await this.derivatives
        .find({ imageId: { $in: page.map((image) => image._id) }, state: DerivativeState.Ready }, { imageId: 1, kind: 1, state: 1, sourceFingerprint: 1 })
        .lean<ReadyRecord[]>();
      const ready = readyKeys(records);
      const read = await this.metadata.find({ _id: { $in: page.map((image) => image._id) } }, { sourceFingerprint: 1 }).lean<Array<{ _id: Types.ObjectId; sourceFingerprint: string }>>();
      const readKeys = new Set(read.map((record) => `${record._id.toHexString()}:${record.sourceFingerprint}`));
      const complete = (image: T): boolean =>
        KINDS.every((kind) => ready.has(keyOf(image._id, kind, image.fingerprint))) && readKeys.has(`${image._id.toHexString()}:${image.fingerprint ?? ''}`);
      owed.push(...page.filter((image) => !complete(image)));
    }
    return owed;
  }
}

/**
 * (image, kind, source fingerprint) of the ready records: an image's kind is ready when the key with its
 * current fingerprint is there (isDerivativeReadyFor, done as a set lookup), so a stale record never counts.
 */
function readyKeys(records: ReadyRecord[]): Set<string> {
  return new Set(records.filter((record) => record.state === DerivativeState.Ready).map((record) => keyOf(record.imageId, record.kind, record.sourceFingerprint)));
}

function keyOf(imageId: Types.ObjectId, kind: DerivativeKind, fingerprint: string | null): string {
  return `${imageId.toHexString()}:${kind}:${fingerprint ?? ''}`;
}
