/**
 * What an HTTP log line must never show: credentials. The gateway takes an API key as `x-api-key` or
 * `Authorization: Bearer`, and the event stream as `?apiKey=` (EventSource cannot send headers); cookies
 * are credentials too. pino's redaction replaces these paths of every line; the URL is a string, so its
 * query is cleaned by the request serializer below.
 */
export const REDACTED = '[Redacted]';

export const REDACTED_LOG_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.apiKey',
  'res.headers["set-cookie"]',
];

const SECRET_QUERY_PARAMETERS = new Set(['apikey', 'api_key', 'access_token', 'token']);

/** The URL (path and query, as a request line has it) with the values of credential parameters replaced. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const separator = pair.indexOf('=');
      const name = separator < 0 ? pair : pair.slice(0, separator);
      return separator >= 0 && SECRET_QUERY_PARAMETERS.has(decodeName(name).toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
