import { allItems, useImages } from '../../api/queries';
import { ApiImage } from '../../components/ApiImage';
import { Empty, QueryState } from '../../components/Feedback';
import { LoadMore } from '../../components/LoadMore';
import { Link } from '../../router';
import { formatDuration } from './MediaFacts';

/** A collection's images as a thumbnail grid; pages of 48, thumbnails fetched as they scroll into view. */
export function CollectionPage({ collectionId }: { collectionId: string }) {
  const images = useImages(collectionId);
  const items = allItems(images.data);
  const libraryId = items[0]?.libraryId;
  return (
    <section>
      <p className="crumbs">
        <Link to="/libraries">Libraries</Link>
        {libraryId && (
          <>
            {' / '}
            <Link to={`/libraries/${libraryId}`}>collections</Link>
          </>
        )}
      </p>
      <h1>Images</h1>
      <QueryState query={images} what="images">
        {() =>
          items.length === 0 ? (
            <Empty>This collection has no images.</Empty>
          ) : (
            <ul className="grid" aria-label="Thumbnails">
              {items.map((image) => (
                <li key={image.id}>
                  <Link to={`/images/${image.id}`} title={image.relativePath}>
                    <ApiImage
                      url={image.derivatives.thumbnail.url}
                      alt={image.relativePath}
                      missing={image.derivatives.thumbnail.state === 'failed' ? 'failed' : 'no thumbnail yet'}
                      className="thumb"
                    />
                    <span className="grid__name">
                      {image.mediaType === 'video' && `▶ ${image.durationMs !== null ? formatDuration(image.durationMs) : 'video'} · `}
                      {image.relativePath.split('/').pop()}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <LoadMore pages={images} what="images" />
    </section>
  );
}
