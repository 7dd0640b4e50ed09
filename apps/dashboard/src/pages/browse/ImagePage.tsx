import { useImage } from '../../api/queries';
import type { Derivative } from '../../api/types';
import { ApiImage } from '../../components/ApiImage';
import { QueryState } from '../../components/Feedback';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes, formatDate } from '../../format';
import { Link } from '../../router';
import { formatDuration, MediaFacts } from './MediaFacts';

const derivativeText = (derivative: Derivative) => `${derivative.state}${derivative.bytes ? `, ${formatBytes(derivative.bytes)}` : ''}`;

/** One image or video: the large cache rendition (a video's poster frame; nothing plays) and what Mediaflow knows about it. */
export function ImagePage({ imageId }: { imageId: string }) {
  const image = useImage(imageId);
  return (
    <QueryState query={image} what="the image">
      {() => {
        const view = image.data!;
        const cache = view.derivatives.cache;
        return (
          <section>
            <p className="crumbs">
              <Link to={`/libraries/${view.libraryId}`}>collections</Link> / <Link to={`/collections/${view.collectionId}`}>images</Link>
            </p>
            <h1 className="path">{view.relativePath}</h1>
            <div className="viewer">
              <figure className="poster">
                <ApiImage url={cache.url} alt={view.relativePath} missing={cache.state === 'failed' ? `failed: ${cache.reason ?? ''}` : 'cache image not rendered yet'} />
                {view.mediaType === 'video' && (
                  <figcaption data-testid="video-badge">▶ video{view.durationMs !== null ? `, ${formatDuration(view.durationMs)}` : ''} (poster frame)</figcaption>
                )}
              </figure>
              <dl className="facts">
                <dt>Size</dt>
                <dd>{formatBytes(view.size)}</dd>
                <dt>Dimensions</dt>
                <dd>{view.width && view.height ? `${view.width} × ${view.height}` : '—'}</dd>
                <MediaFacts view={view} />
                <dt>Format</dt>
                <dd>{view.format ?? '—'}</dd>
                <dt>Modified</dt>
                <dd>{formatDate(new Date(view.mtimeMs).toISOString())}</dd>
                <dt>Fingerprint</dt>
                <dd className="mono">{view.fingerprint ?? '—'}</dd>
                <dt>Thumbnail</dt>
                <dd>
                  <StatusBadge status={view.derivatives.thumbnail.state} /> {derivativeText(view.derivatives.thumbnail)} {view.derivatives.thumbnail.reason}
                </dd>
                <dt>Cache image</dt>
                <dd>
                  <StatusBadge status={cache.state} /> {derivativeText(cache)} {cache.reason}
                </dd>
              </dl>
            </div>
          </section>
        );
      }}
    </QueryState>
  );
}
