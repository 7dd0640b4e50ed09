/** Every API route lives under this path; /health and /metrics do not. */
export const API_PREFIX = 'api/v1';
