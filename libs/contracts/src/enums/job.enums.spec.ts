import { JobType, mayHaveChildren } from './job.enums';
import { ScanMode } from './library.enums';

describe(mayHaveChildren.name, () => {
  it('is true of a full library scan and of one whose mode is not recorded', () => {
    expect(mayHaveChildren({ type: JobType.LibraryScan, params: { mode: ScanMode.Full } })).toBe(true);
    expect(mayHaveChildren({ type: JobType.LibraryScan, params: {} })).toBe(true);
  });

  it('is false of an incremental library scan and of every other type', () => {
    expect(mayHaveChildren({ type: JobType.LibraryScan, params: { mode: ScanMode.Incremental } })).toBe(false);
    for (const type of Object.values(JobType).filter((candidate) => candidate !== JobType.LibraryScan)) {
      expect(mayHaveChildren({ type, params: { mode: ScanMode.Full } })).toBe(false);
    }
  });
});
