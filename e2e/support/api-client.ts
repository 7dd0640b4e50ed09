/** A tiny client for the gateway's public API, as a user's script would call it. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async request<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
      method,
      headers: { 'x-api-key': this.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = response.headers.get('content-type')?.includes('json') ? await response.text() : '';
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  async ok<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await this.request<T>(method, route, body);
    if (response.status >= 300) throw new Error(`${method} ${route} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async bytes(route: string): Promise<{ status: number; contentType: string | null; length: number }> {
    const response = await fetch(`${this.baseUrl}/api/v1${route}`, { headers: { 'x-api-key': this.apiKey } });
    const buffer = Buffer.from(await response.arrayBuffer());
    return { status: response.status, contentType: response.headers.get('content-type'), length: buffer.length };
  }
}
