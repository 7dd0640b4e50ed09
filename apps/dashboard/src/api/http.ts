import { readApiKey } from './api-key';

export const API_BASE = '/api/v1';

export interface ErrorDetail {
  field?: string;
  message: string;
}

/** An error answer of the API ({error: {status, code, message, details}}), or an unreachable gateway (status 0). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'x-api-key': readApiKey() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiRequestError(0, 'NETWORK', `Cannot reach the gateway (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (response.ok) return response;
  const parsed = (await response.json().catch(() => ({}))) as ErrorBody;
  throw new ApiRequestError(
    response.status,
    parsed.error?.code ?? 'HTTP_ERROR',
    parsed.error?.message ?? `The gateway answered ${response.status} ${response.statusText}.`,
    parsed.error?.details,
  );
}

/** Calls the API with the stored key; JSON in and out (undefined for 204). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Fetches an image with the key (an <img src> cannot send headers) and returns an object URL for it. */
export async function apiObjectUrl(url: string): Promise<string> {
  const response = await send('GET', url.startsWith(API_BASE) ? url.slice(API_BASE.length) : url);
  return URL.createObjectURL(await response.blob());
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const details = error.details.map((detail) => detail.message).filter((message) => !error.message.includes(message));
    return [error.message, ...details].join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}
