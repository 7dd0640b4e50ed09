import { allItems, useCollections, useLibrary } from '../../api/queries';
import { Empty, QueryState } from '../../components/Feedback';
import { LoadMore } from '../../components/LoadMore';
import { Link } from '../../router';
import { LibraryOverviewSection } from './LibraryOverviewSection';

/** A library's overview, then its collections (its folders that hold images). */
export function LibraryBrowsePage({ libraryId }: { libraryId: string }) {
  const library = useLibrary(libraryId);
  const collections = useCollections(libraryId);
  const items = allItems(collections.data);
  return (
    <section>
      <p className="crumbs">
        <Link to="/libraries">Libraries</Link> / {library.data?.name ?? '…'}
      </p>
      <h1>{library.data?.name ?? 'Library'}</h1>
      <LibraryOverviewSection libraryId={libraryId} />
      <h2>Collections</h2>
      <QueryState query={collections} what="collections">
        {() =>
          items.length === 0 ? (
            <Empty>No collections yet. Scan the library to index its folders.</Empty>
          ) : (
            <ul className="list">
              {items.map((collection) => (
                <li key={collection.id}>
                  <Link to={`/collections/${collection.id}`}>{collection.relativePath || '(library root)'}</Link>
                  <span className="muted"> {collection.imageCount} images</span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <LoadMore pages={collections} what="collections" />
    </section>
  );
}
