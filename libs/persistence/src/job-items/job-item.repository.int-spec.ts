import { ItemOutcome, StageName } from '@mediaflow/contracts';
import { uniqueName } from '@mediaflow/testing';
import { Types } from 'mongoose';
import { startPersistence, type PersistenceTestModule } from '../testing/persistence-test-module';
import { JobItemRepository, type JobItemInput } from './job-item.repository';

const done = (itemId: string): JobItemInput => ({ itemId, outcome: ItemOutcome.Done });
const failed = (itemId: string): JobItemInput => ({ itemId, outcome: ItemOutcome.Failed, path: `${itemId}.jpg`, reason: 'corrupt' });

describe(JobItemRepository.name, () => {
  let store: PersistenceTestModule;
  let sut: JobItemRepository;

  beforeAll(async () => {
    store = await startPersistence(uniqueName('mf_job_items'));
    sut = store.module.get(JobItemRepository);
  });

  afterAll(async () => {
    await store.dispose();
  });

  const newJobId = (): string => new Types.ObjectId().toHexString();

  it('returns every item of a first report', async () => {
    const items = [done('a'), failed('b'), done('c')];

    expect(await sut.recordNew(newJobId(), StageName.Thumbnail, items)).toEqual(items);
  });

  it('returns nothing when a report is redelivered', async () => {
    const jobId = newJobId();
    const items = [done('a'), failed('b')];
    await sut.recordNew(jobId, StageName.Thumbnail, items);

    expect(await sut.recordNew(jobId, StageName.Thumbnail, items)).toEqual([]);
  });

  it('returns only the items not recorded before when reports overlap', async () => {
    const jobId = newJobId();
    await sut.recordNew(jobId, StageName.Cache, [done('a'), done('b')]);

    const recorded = await sut.recordNew(jobId, StageName.Cache, [done('b'), failed('c'), done('a'), done('d')]);

    expect(recorded).toEqual([failed('c'), done('d')]);
  });

  it('counts an item repeated within one report once', async () => {
    const recorded = await sut.recordNew(newJobId(), StageName.Cache, [done('a'), failed('a'), done('b')]);

    expect(recorded).toEqual([done('a'), done('b')]);
  });

  it('counts the same item separately in each stage', async () => {
    const jobId = newJobId();
    await sut.recordNew(jobId, StageName.Thumbnail, [done('a')]);

    expect(await sut.recordNew(jobId, StageName.Cache, [done('a')])).toEqual([done('a')]);
  });

  it('writes nothing when one item is invalid', async () => {
    const jobId = newJobId();
    const invalid = { itemId: 'x', outcome: 'exploded' as ItemOutcome };

    await expect(sut.recordNew(jobId, StageName.Discover, [done('a'), invalid])).rejects.toThrow(/outcome/);
    expect(await sut.countByOutcome(jobId, StageName.Discover)).toEqual({ done: 0, failed: 0, skipped: 0 });
  });

  it('finds the failed items of a stage, at most the limit', async () => {
    const jobId = newJobId();
    await sut.recordNew(jobId, StageName.Thumbnail, [done('a'), failed('b'), failed('c'), failed('d')]);
    await sut.recordNew(jobId, StageName.Cache, [failed('e')]);

    const found = await sut.findFailures(jobId, StageName.Thumbnail, 2);

    expect(found).toHaveLength(2);
    expect(found.every((item) => item.outcome === ItemOutcome.Failed && item.reason === 'corrupt')).toBe(true);
    expect(found.map((item) => item.itemId).every((id) => ['b', 'c', 'd'].includes(id))).toBe(true);
  });

  it('adds up to the ledger counts over overlapping reports', async () => {
    const jobId = newJobId();
    const reports = [[done('a'), failed('b')], [failed('b'), done('c'), { itemId: 'd', outcome: ItemOutcome.Skipped }], [done('a'), done('c')]];

    let added = 0;
    for (const report of reports) added += (await sut.recordNew(jobId, StageName.Discover, report)).length;

    expect(added).toBe(4);
    expect(await sut.countByOutcome(jobId, StageName.Discover)).toEqual({ done: 2, failed: 1, skipped: 1 });
  });
});
