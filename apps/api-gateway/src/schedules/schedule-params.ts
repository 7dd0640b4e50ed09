import { JobType, ScanMode } from '@mediaflow/contracts';
import { BadRequestException } from '@nestjs/common';
import { isValidObjectId } from 'mongoose';

const ALLOWED_KEYS: Partial<Record<JobType, readonly string[]>> = {
  [JobType.LibraryScan]: ['libraryId', 'mode'],
  [JobType.DerivativeCleanup]: ['libraryId'],
  [JobType.StaleJobRecovery]: ['staleMinutes'],
  [JobType.Retention]: ['days'],
};

/** Checks a schedule's params against its type; returns the library it is about, if any. */
export function validateParams(type: JobType, params: Record<string, unknown>): string | null {
  const allowed = ALLOWED_KEYS[type];
  if (!allowed) throw new BadRequestException(`job type ${type} cannot be scheduled`);
  const unknown = Object.keys(params).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new BadRequestException(`params.${unknown.join(', params.')} not allowed for ${type} (allowed: ${allowed.join(', ') || 'none'})`);
  }
  const { libraryId, mode, staleMinutes, days } = params;
  if (libraryId !== undefined && (typeof libraryId !== 'string' || !/^[0-9a-f]{24}$/i.test(libraryId) || !isValidObjectId(libraryId))) {
    throw new BadRequestException('params.libraryId must be a library id (24 hexadecimal characters); leave it out for every library');
  }
  if (mode !== undefined && mode !== ScanMode.Incremental && mode !== ScanMode.Full) {
    throw new BadRequestException('params.mode must be incremental or full');
  }
  for (const [key, value] of Object.entries({ staleMinutes, days })) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
      throw new BadRequestException(`params.${key} must be a positive whole number`);
    }
  }
  return typeof libraryId === 'string' ? libraryId.toLowerCase() : null;
}
