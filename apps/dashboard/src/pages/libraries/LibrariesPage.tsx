import { useState } from 'react';
import { allItems, useLibraries, useSession } from '../../api/queries';
import { Empty, QueryState } from '../../components/Feedback';
import { LibraryCard } from './LibraryCard';
import { LibraryForm } from './LibraryForm';

export function LibrariesPage() {
  const libraries = useLibraries();
  const isAdmin = useSession().data?.role === 'admin';
  const [adding, setAdding] = useState(false);
  const items = allItems(libraries.data);
  return (
    <section>
      <div className="toolbar">
        <h1>Libraries</h1>
        {isAdmin && !adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add library
          </button>
        )}
      </div>
      {adding && <LibraryForm onDone={() => setAdding(false)} />}
      <QueryState query={libraries} what="libraries">
        {() =>
          items.length === 0 ? (
            <Empty>No libraries yet.{isAdmin ? ' Add one: a folder of images inside one of the gateway’s LIBRARY_ROOTS.' : ''}</Empty>
          ) : (
            <ul className="cards">
              {items.map((library) => (
                <LibraryCard key={library.id} library={library} isAdmin={isAdmin} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
