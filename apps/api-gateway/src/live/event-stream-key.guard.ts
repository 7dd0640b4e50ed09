import { Injectable } from '@nestjs/common';
import { ApiKeyGuard, presentedKey, type RequestLike } from '../auth/api-key.guard';

/** The query parameter the event stream reads the API key from. */
export const EVENT_STREAM_KEY_PARAM = 'apiKey';

/**
 * The API-key guard for the event stream only: a browser's EventSource cannot send headers, so the key
 * may come as `?apiKey=`. Query strings end up in access logs and browser history, which is why no other
 * route accepts it; the stream is read-only (GET), so a viewer key is enough.
 */
@Injectable()
export class EventStreamKeyGuard extends ApiKeyGuard {
  protected override keyOf(request: RequestLike): string | undefined {
    const fromQuery = request.query?.[EVENT_STREAM_KEY_PARAM];
    return presentedKey(request.headers) ?? (typeof fromQuery === 'string' && fromQuery.trim() ? fromQuery.trim() : undefined);
  }
}
