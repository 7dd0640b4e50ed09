import type { ThroughputRecorder } from '@mediaflow/persistence';
import { DiscoveredFiles } from './discovered-files';

describe(DiscoveredFiles.name, () => {
  let now: number;
  let recordFilesDiscovered: jest.Mock;
  let sut: DiscoveredFiles;

  beforeEach(() => {
    now = 1_000_000;
    recordFilesDiscovered = jest.fn().mockResolvedValue(undefined);
    sut = new DiscoveredFiles({ recordFilesDiscovered } as unknown as ThroughputRecorder, 1_000, () => now);
  });

  it('adds up the files found within an interval and writes them once it has passed', async () => {
    await sut.add(200);
    now += 999;
    await sut.add(300);
    expect(recordFilesDiscovered).not.toHaveBeenCalled();

    now += 1;
    await sut.add(100);

    expect(recordFilesDiscovered).toHaveBeenCalledTimes(1);
    expect(recordFilesDiscovered).toHaveBeenCalledWith(600, new Date(now));
  });

  it('starts the next interval at the write', async () => {
    now += 1_000;
    await sut.add(1);
    now += 500;
    await sut.add(2);

    expect(recordFilesDiscovered).toHaveBeenCalledTimes(1);
  });

  it('writes the rest when flushed, and nothing when nothing is left', async () => {
    await sut.add(42);

    await sut.flush();
    await sut.flush();

    expect(recordFilesDiscovered).toHaveBeenCalledTimes(1);
    expect(recordFilesDiscovered).toHaveBeenCalledWith(42, new Date(now));
  });
});
