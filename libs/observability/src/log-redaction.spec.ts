import { REDACTED, redactUrl } from './log-redaction';

describe(redactUrl.name, () => {
  it('replaces the value of an apiKey query parameter', () => {
    expect(redactUrl('/api/v1/events?apiKey=s3cret&x=1')).toBe(`/api/v1/events?apiKey=${REDACTED}&x=1`);
  });

  it('recognises the parameter whatever its case or percent-encoding', () => {
    expect(redactUrl('/e?x=1&APIKEY=a&%61piKey=b')).toBe(`/e?x=1&APIKEY=${REDACTED}&%61piKey=${REDACTED}`);
  });

  it('leaves other parameters and URLs without a query alone', () => {
    expect(redactUrl('/api/v1/images?cursor=abc&limit=10')).toBe('/api/v1/images?cursor=abc&limit=10');
    expect(redactUrl('/health')).toBe('/health');
  });
});
