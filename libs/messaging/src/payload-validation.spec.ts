import { JobStageTotalV1, RoutingKey, StageName } from '@mediaflow/contracts';
import { InvalidMessageError } from './message-errors';
import { parsePayload } from './payload-validation';

describe(parsePayload.name, () => {
  const jobId = '65a1b2c3d4e5f6a7b8c9d0e1';

  it('returns an instance of the contract class for a valid payload', () => {
    const sut = parsePayload(RoutingKey.JobStageTotal, { jobId, stage: StageName.Discover, total: 3 });

    expect(sut).toBeInstanceOf(JobStageTotalV1);
    expect(sut).toEqual({ jobId, stage: StageName.Discover, total: 3 });
  });

  it('names every invalid field, nested ones with their path', () => {
    const call = (): unknown =>
      parsePayload(RoutingKey.JobItemsReported, { jobId: 'x', stage: StageName.Cache, items: [{ itemId: '', outcome: 'meh' }] });

    expect(call).toThrow(InvalidMessageError);
    expect(call).toThrow(/jobId must be a mongodb id/);
    expect(call).toThrow(/items\.0\.itemId/);
    expect(call).toThrow(/items\.0\.outcome/);
  });

  it('refuses fields the contract does not know', () => {
    expect(() => parsePayload(RoutingKey.JobCancelRequested, { jobId, extra: 1 })).toThrow(/property extra should not exist/);
  });

  it('refuses a payload that is not an object', () => {
    expect(() => parsePayload(RoutingKey.JobCancelRequested, [jobId])).toThrow(/must be a JSON object/);
  });

  it('refuses an unknown routing key', () => {
    expect(() => parsePayload('nope.v1' as RoutingKey, {})).toThrow(/unknown routing key "nope.v1"/);
  });
});
