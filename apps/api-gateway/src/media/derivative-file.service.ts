import { DerivativeKind, DerivativeState } from '@mediaflow/contracts';
import { Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ApiGatewayEnv } from '../config/api-gateway.env';
import { ApiError } from '../http/api-error';
import { contentTypeOf, derivativeEtag } from './derivative-http';
import { derivativeStateFor, type DerivativeRecord, type ImageRecord } from './media.dto';

export interface DerivativeFile {
  absolutePath: string;
  contentType: string;
  etag: string;
  size: number;
  sourceFingerprint: string;
}

const LABEL: Record<DerivativeKind, string> = { [DerivativeKind.Thumbnail]: 'thumbnail', [DerivativeKind.Cache]: 'cache image' };

/** Finds a derivative's file from the store's records alone; the client never supplies a path. */
@Injectable()
export class DerivativeFileService {
  constructor(private readonly env: ApiGatewayEnv) {}

  async locate(image: ImageRecord, kind: DerivativeKind, record: DerivativeRecord | undefined): Promise<DerivativeFile> {
    const id = image._id.toString();
    const label = LABEL[kind];
    const { state, reason } = derivativeStateFor(image, record);
    if (state === DerivativeState.Failed) {
      throw ApiError.notFound('DERIVATIVE_FAILED', `The ${label} of image ${id} could not be made: ${reason ?? 'no reason recorded'}`);
    }
    if (state !== DerivativeState.Ready || !record?.path) {
      throw ApiError.notFound('DERIVATIVE_PENDING', `The ${label} of image ${id} is not ready yet (pending); it is made by the ${kind} stage of a scan`);
    }
    const absolutePath = this.inStore(record.path, id, label);
    const info = await stat(absolutePath).catch(() => undefined);
    if (!info?.isFile()) {
      throw ApiError.notFound('DERIVATIVE_MISSING', `The ${label} of image ${id} is recorded as ready but its file is missing; a full scan renders it again`);
    }
    return {
      absolutePath,
      contentType: contentTypeOf(absolutePath),
      etag: derivativeEtag(id, kind, record.sourceFingerprint, record.path),
      size: info.size,
      sourceFingerprint: record.sourceFingerprint,
    };
  }

  /** Defence in depth: a stored path that escapes DERIVATIVES_DIR is never served. */
  private inStore(storedPath: string, imageId: string, label: string): string {
    const root = resolve(this.env.DERIVATIVES_DIR);
    const absolutePath = resolve(root, storedPath);
    const rel = relative(root, absolutePath);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw ApiError.notFound('DERIVATIVE_MISSING', `The ${label} of image ${imageId} has an invalid stored path`);
    }
    return absolutePath;
  }
}
