import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isValidObjectId } from 'mongoose';
import { ApiError } from './api-error';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Route ids are 24-hex ObjectIds; anything else is the client's mistake (400), not an unknown id (404). */
@Injectable()
export class ParseObjectIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && OBJECT_ID.test(value) && isValidObjectId(value)) return value.toLowerCase();
    const name = metadata.data ?? 'id';
    throw ApiError.badRequest('INVALID_ID', `${name} "${String(value)}" is not a valid id (expected 24 hexadecimal characters)`);
  }
}
