import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasCommand, log, run } from './exec.mjs';

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

/**
 * Source changes applied to FerretDB at build time: the module (from the Go module proxy, as go.sum pins
 * it) is copied out of the module cache, patched, and the runner is built against the copy through a
 * `replace` in a generated go.mod (`go build -modfile`). Nothing of FerretDB's is kept in this repository.
 * Each patch replaces exactly `count` occurrences (default 1), or the build stops. The
 * binary is rebuilt when the patches, the runner's source or its go.mod/go.sum change (buildStamp).
 *
 * 1. v1.24's SQLite backend creates every collection's _id index on `_ferretdb_sjson->"_id"`, but looks
 *    documents up by `_ferretdb_sjson->'$._id'`. SQLite matches an index to a query by the expression's
 *    text, so the index is never used: every find, update or delete by _id scans the whole table and
 *    parses each document's JSON. `->'_id'` means the same path and is the index's expression. The same
 *    mismatch was reported for the PostgreSQL backend upstream (FerretDB issue 4646).
 * 2. The backend narrows a query only for `{_id: X}` alone and scans (and parses) the whole table for any
 *    other filter. The added sqlite/mediaflow_indexed_filter.go (indexedWhere) narrows equality and $in
 *    on a top-level field that leads a declared index (strings, ObjectIDs, booleans), by the index's own
 *    expression. Every handler applies the whole filter again to what the backend returns
 *    (common.FilterIterator / FilterDocument), so the narrowing returns a superset: documents whose
 *    field is an array are always included. The explain path gets the same rule, so it reports what
 *    the query does.
 * 3. Update, findAndModify and delete run as "find, then overwrite (or delete) by _id" with nothing in
 *    between: concurrent $inc lost updates, a conditional findOneAndUpdate had several winners. The added
 *    handler/mediaflow_write_lock.go takes a process-wide lock around each write statement (and each
 *    insert), and runs an update command's statements one at a time so that each statement's query is
 *    closed when it ends (msg_update.go defers every close to the end of the command: a bulk of 100
 *    statements held every pooled connection and stalled the store). The patches below rename the
 *    published functions so that the added file can wrap them.
 * 4. The handler sorts every document the backend returns in memory unless the sort is $natural, and pushes
 *    no LIMIT with a filter or a sort: a keyset page such as find({_id: {$lt: cursor}}).sort({_id: -1})
 *    .limit(51) decoded and sorted every older document (6 s at 50,000 jobs). For a sort of exactly
 *    {_id: 1} or {_id: -1}, the handler (added handler/mediaflow_id_sort.go) now asks the backend for that
 *    order through a new QueryParams/ExplainParams field, and leaves out its SortIterator when the backend
 *    says (a new QueryResult field) that it gave it. The SQLite backend (added
 *    sqlite/mediaflow_id_sort.go) gives it only when the filter compares _id with an ObjectId ($lt, $lte,
 *    $gt, $gte): comparisons are type-bracketed, so every match has an ObjectId _id, and an ObjectId's
 *    JSON text (its lowercase hex, quoted) orders as the ObjectId does. It adds that range, bounded to the
 *    ObjectIds' text range, to the WHERE clause (with patch 2's narrowing, if any) and ORDER BY the _id
 *    index, without LIMIT (the result is a superset: strings in the range, other conditions); the handler
 *    filters, skips and limits lazily, so a page reads about as many rows as it returns and closing the
 *    cursor closes the SQLite rows. With patch 2's narrowing in the query too, it first counts the narrowed
 *    rows (up to 2,000, from that index): with fewer, SQLite reads them by that index and sorts them itself
 *    (the _id terms are written as +expr, which keeps them out of the index choice), because walking the _id
 *    index past the last match reads the rest of the range (0.77 s at 50,000 rows for a last page of 9).
 *    Explain gets the same rule (its sortPushdown says so). Any other sort, or an _id sort without an
 *    ObjectId range, is sorted in memory as before.
 * 5. Every stored document is decoded by sjson.Unmarshal, which parses it level by level: encoding/json reads
 *    the document into raw messages, then every nested document, array and scalar again with a decoder of its
 *    own, and the schema by reflection. Reading a scan's 500 child jobs took 150-185 ms, and decoding was 38 %
 *    of the store's CPU over a 100,000-file full scan. The added handler/sjson/mediaflow_unmarshal.go parses
 *    once (valyala/fastjson) and walks data and schema together, with the published rules; whatever it
 *    refuses goes to the published decoder (renamed unmarshalPublished), so malformed data gets the error it
 *    always got. FerretDB's own sjson tests and mediaflow_unmarshal_test.go (both decoders on the same
 *    documents) run against the patched copy in `npm test` (testFerretdbPatches).
 * 6. FerretDB tracks the lifetime of every query iterator, cursor, transaction and SQLite row set
 *    (util/resource.Track): each is added to a pprof profile with its stack trace (runtime.Callers) and given
 *    a finalizer that panics the process if it is collected unclosed. That is leak detection for FerretDB's
 *    own tests, but it runs in every build, and it was a tenth of the store's CPU under the render
 *    pipeline (0.43 s of 4.23 s in a CPU profile of the runner). Track and Untrack now return at once unless
 *    the build is a debug build (debugbuild.Enabled, the ferretdb_debug tag), which the runner never is;
 *    the added util/resource/mediaflow_release_test.go fails on the published code.
 *
 * 7. SQLite is C translated to Go (modernc.org/sqlite), and so is the C library under it (modernc.org/libc,
 *    musl's code). Its memcmp compares a byte at a time, and SQLite calls it for every JSON function call: the
 *    JSON cache (jsonCacheSearch) compares the document's text with each cached one of the same length, and a
 *    stored document starts with its schema, the same for every document of a collection. Inserting a document
 *    evaluates each index's `_ferretdb_sjson->'field'`, so every insert compared whole documents byte by byte:
 *    memcmp was 12.5 % of the store's CPU over a 100,000-file full scan (2.77 s of 22.15 s), and musl's
 *    memcpy, which copies 4 bytes at a time, another 4 %. The linux builds' memcmp and memcpy are renamed, and
 *    the added _libc/mediaflow_mem.go implements them with Go's bytes.Compare and copy (the runtime's vector
 *    code), with the same results: memcmp's sign, memcpy's return value. mediaflow_mem_test.go checks both
 *    against the published ones on random and edge-case inputs.
 *
 * MODULES says, for each patched module, where its copy goes, which folder of tools/ferretdb-runner (Go
 * ignores directories starting with "_") holds whole files copied into it at the same relative paths (they are
 * part of the stamp), its patches, and how `npm test` checks the copy.
 *
 * See docs/architecture.md, "What the local store guarantees".
 */
const LIBC_MODULE = 'modernc.org/libc';

/** Patch 7: the published memcmp and memcpy of each linux build of the C library, renamed for the added file's. */
const LIBC_PATCHES = ['amd64', 'arm64', 'loong64'].flatMap((arch) => [
  {
    file: `ccgo_linux_${arch}.go`,
    from: 'func Xmemcmp(tls *TLS, vl uintptr, vr uintptr, n Tsize_t) (r1 int32) {',
    to: 'func xmemcmpPublished(tls *TLS, vl uintptr, vr uintptr, n Tsize_t) (r1 int32) {',
  },
  {
    file: `ccgo_linux_${arch}.go`,
    from: 'func Xmemcpy(tls *TLS, dest uintptr, src uintptr, n Tsize_t) (r uintptr) {',
    to: 'func xmemcpyPublished(tls *TLS, dest uintptr, src uintptr, n Tsize_t) (r uintptr) {',
  },
]);

/** Patches 1-6, to FerretDB's source. */
const FERRETDB_PATCHES = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->'_id'"`,
  },
  {
    // Query and Explain: the added indexedWhere first; the published _id-only rule when it declines.
    file: 'internal/backends/sqlite/collection.go',
    from: 'if params.Filter.Len() == 1 {',
    to: 'if whereClause, args = indexedWhere(meta, params.Filter); whereClause == "" && params.Filter.Len() == 1 {',
    count: 2,
  },
  {
    file: 'internal/handler/msg_update.go',
    from: 'func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams)',
    to: 'func (h *Handler) updateStatements(ctx context.Context, params *common.UpdateParams)',
  },
  {
    file: 'internal/handler/msg_findandmodify.go',
    from: 'func (h *Handler) findAndModifyDocument(',
    to: 'func (h *Handler) findAndModifyUnlocked(',
  },
  {
    file: 'internal/handler/msg_delete.go',
    from: 'func (h *Handler) execDelete(',
    to: 'func (h *Handler) execDeleteUnlocked(',
  },
  {
    file: 'internal/handler/msg_insert.go',
    from: 'func (h *Handler) MsgInsert(',
    to: 'func (h *Handler) msgInsertUnlocked(',
  },
  // 4. _id sort pushdown: the fields between handler and backend, then the backend's and the handler's use.
  {
    file: 'internal/backends/collection.go',
    from: '\tOnlyRecordIDs bool\n\tComment       string\n}',
    to: '\tOnlyRecordIDs bool\n\tComment       string\n\n\tMediaflowIDSort int64 // 1 or -1: _id order, if the backend can (then it sets MediaflowIDSorted)\n}',
  },
  {
    file: 'internal/backends/collection.go',
    from: 'type QueryResult struct {\n\tIter types.DocumentsIterator\n}',
    to: 'type QueryResult struct {\n\tIter types.DocumentsIterator\n\n\tMediaflowIDSorted bool // Iter is in the MediaflowIDSort order\n}',
  },
  {
    file: 'internal/backends/collection.go',
    from: 'type ExplainParams struct {\n\tFilter *types.Document\n\tSort   *types.Document\n\tLimit  int64\n}',
    to: 'type ExplainParams struct {\n\tFilter *types.Document\n\tSort   *types.Document\n\tLimit  int64\n\n\tMediaflowIDSort int64\n}',
  },
  {
    // Query: the added idSortPushdown narrows to the ObjectId range and orders by the _id index, or declines.
    file: 'internal/backends/sqlite/collection.go',
    from: '\tq += whereClause\n\tq += prepareOrderByClause(params.Sort)\n',
    to:
      '\tvar idOrderBy string\n' +
      '\twhereClause, args, idOrderBy = idSortPushdown(ctx, db, meta.TableName, params.Filter, params.MediaflowIDSort, whereClause, args)\n' +
      '\tq += whereClause\n\tq += prepareOrderByClause(params.Sort) + idOrderBy\n',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: 'Iter: newQueryIterator(ctx, rows, params.OnlyRecordIDs),',
    to: 'Iter:              newQueryIterator(ctx, rows, params.OnlyRecordIDs),\n\t\tMediaflowIDSorted: idOrderBy != "",',
  },
  {
    // Explain: the same rule, so that the plan and sortPushdown report what find does.
    file: 'internal/backends/sqlite/collection.go',
    from: '\torderByClause := prepareOrderByClause(params.Sort)\n',
    to:
      '\tvar idOrderBy string\n' +
      '\twhereClause, args, idOrderBy = idSortPushdown(ctx, db, meta.TableName, params.Filter, params.MediaflowIDSort, whereClause, args)\n' +
      '\tfilterPushdown = filterPushdown || idOrderBy != ""\n' +
      '\torderByClause := prepareOrderByClause(params.Sort) + idOrderBy\n',
  },
  {
    file: 'internal/handler/msg_find.go',
    from: '\t// Limit pushdown is not applied if:',
    to: '\tqp.MediaflowIDSort = h.idSortPushdown(params.Sort, params.Tailable || cInfo.Capped())\n\n\t// Limit pushdown is not applied if:',
  },
  {
    // No in-memory sort when the backend returned the documents in the requested order.
    file: 'internal/handler/msg_find.go',
    from: 'iter, err := h.makeFindIter(queryRes.Iter, closer, params)',
    to: 'iter, err := h.makeFindIter(queryRes.Iter, closer, paramsAfterQuery(params, queryRes))',
  },
  {
    file: 'internal/handler/msg_explain.go',
    from: '\t// Limit pushdown is not applied if:',
    to: '\tqp.MediaflowIDSort = h.idSortPushdown(params.Sort, params.Aggregate || cInfo.Capped())\n\n\t// Limit pushdown is not applied if:',
  },
  {
    // Patch 5: the added sjson/mediaflow_unmarshal.go decodes stored documents in one pass, and falls back to this one.
    file: 'internal/handler/sjson/sjson.go',
    from: 'func Unmarshal(data []byte) (*types.Document, error) {',
    to: 'func unmarshalPublished(data []byte) (*types.Document, error) {',
  },
  {
    // Patch 6: leak tracking only in debug builds.
    file: 'internal/util/resource/resource.go',
    from: 'func Track(obj any, token *Token) {\n\tcheckArgs(obj, token)\n',
    to: 'func Track(obj any, token *Token) {\n\tif !debugbuild.Enabled {\n\t\treturn\n\t}\n\n\tcheckArgs(obj, token)\n',
  },
  {
    file: 'internal/util/resource/resource.go',
    from: 'func Untrack(obj any, token *Token) {\n\tcheckArgs(obj, token)\n',
    to: 'func Untrack(obj any, token *Token) {\n\tif !debugbuild.Enabled {\n\t\treturn\n\t}\n\n\tcheckArgs(obj, token)\n',
  },
  {
    // The one-pass decoder's JSON parser (also required, with its go.sum lines, by tools/ferretdb-runner/go.mod).
    file: 'go.mod',
    from: '\tmodernc.org/sqlite v1.32.0\n)',
    to: '\tmodernc.org/sqlite v1.32.0\n\tgithub.com/valyala/fastjson v1.6.10\n)',
  },
];

/**
 * The patched modules. `vet`: whether `go vet` checks the packages its added files join; not the C library's,
 * whose translated C is pointer arithmetic on uintptr throughout, which vet's unsafeptr check reports in the
 * published code as in the added file. `tests`: the Go tests `npm test` runs against the copy: FerretDB's own
 * tests of the packages the build rewrites with the added ones; of the C library's (a large package whose own
 * tests need a C toolchain's fixtures) only the added ones.
 */
const MODULES = {
  [FERRETDB_MODULE]: {
    copy: 'ferretdb',
    addedFilesDir: '_ferretdb',
    patches: FERRETDB_PATCHES,
    vet: true,
    tests: { packages: [`${FERRETDB_MODULE}/internal/handler/sjson`, `${FERRETDB_MODULE}/internal/util/resource`] },
  },
  [LIBC_MODULE]: {
    copy: 'libc',
    addedFilesDir: '_libc',
    patches: LIBC_PATCHES,
    vet: false,
    tests: { packages: [LIBC_MODULE], run: '^TestMediaflow' },
  },
};

/** What a build is made from: another value means the binary in .cache is stale and is built again. */
function buildStamp(sourceDir) {
  const hash = createHash('sha256').update(JSON.stringify(MODULES));
  for (const file of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(path.join(sourceDir, file)));
  for (const { addedFilesDir } of Object.values(MODULES)) {
    for (const file of addedFiles(sourceDir, addedFilesDir)) {
      hash.update(`${addedFilesDir}/${file}`).update(readFileSync(path.join(sourceDir, addedFilesDir, file)));
    }
  }
  return hash.digest('hex');
}

/** The paths of the files in `addedFilesDir`, relative to it, sorted so that the stamp does not depend on order. */
function addedFiles(sourceDir, addedFilesDir) {
  const dir = path.join(sourceDir, addedFilesDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The FerretDB runner binary in .cache/bin, built (with MODULES' patches) unless an up-to-date build is there. */
export function buildFerretdbRunner(root) {
  const { sourceDir, binary, stampFile, buildDir } = runnerPaths(root);
  const stamp = buildStamp(sourceDir);
  if (existsSync(binary) && isCurrent(stampFile, stamp)) return binary;
  if (!hasCommand('go')) {
    throw new Error(
      'No MongoDB found. Set MONGO_URL to an existing MongoDB, start Docker, or install Go 1.24+ so that ' +
        'FerretDB can be built from tools/ferretdb-runner (https://go.dev/doc/install).',
    );
  }
  log('building FerretDB runner (first run only; a few minutes)');
  mkdirSync(path.dirname(binary), { recursive: true });
  const modfile = patchedModfile(sourceDir, buildDir);
  run('go', ['build', `-modfile=${modfile}`, '-o', binary, '.'], { cwd: sourceDir });
  writeFileSync(stampFile, stamp);
  return binary;
}

/**
 * Runs each patched module's `tests` (MODULES) against the patched copy. Run by `npm test`, so a patch that
 * breaks what FerretDB's tests hold fails the suite; nothing runs where no runner was built (the tests use
 * another store). The build's own copy is tested when it is the one the current sources make (the binary's
 * stamp is current); otherwise the copy is made again first. `go vet` checks the runner and every package an
 * added file joins in a module with `vet` first (FerretDB's own code in them included: it passes vet as
 * published).
 */
export function testFerretdbPatches(root) {
  const { sourceDir, binary, stampFile, buildDir } = runnerPaths(root);
  if (!existsSync(binary)) return; // the tests run on another store (MONGO_URL, Docker): nothing was patched
  const buildModfile = path.join(buildDir, 'go.mod');
  const current = existsSync(buildModfile) && isCurrent(stampFile, buildStamp(sourceDir));
  const modfile = current ? buildModfile : patchedModfile(sourceDir, buildDir);
  const vetted = ['.', ...packagesWithAddedFiles(sourceDir)];
  log(`vetting the runner and the patched FerretDB packages (go vet ${vetted.join(' ')})`);
  run('go', ['vet', `-modfile=${modfile}`, ...vetted], { cwd: sourceDir });
  for (const [module, { tests }] of Object.entries(MODULES)) {
    const args = [...(tests.run ? ['-run', tests.run] : []), ...tests.packages];
    log(`testing the patched ${module} (go test ${args.join(' ')})`);
    run('go', ['test', `-modfile=${modfile}`, ...args], { cwd: sourceDir });
  }
}

/** The packages that added files join, of the modules that `go vet` checks. */
function packagesWithAddedFiles(sourceDir) {
  return Object.entries(MODULES).filter(([, { vet }]) => vet).flatMap(([module, { addedFilesDir }]) => {
    const folders = addedFiles(sourceDir, addedFilesDir).map((file) => path.dirname(file).split(path.sep).join('/'));
    return [...new Set(folders)].map((folder) => (folder === '.' ? module : `${module}/${folder}`));
  });
}

function runnerPaths(root) {
  const binary = path.join(root, '.cache', 'bin', 'ferretdb-runner');
  return {
    sourceDir: path.join(root, 'tools', 'ferretdb-runner'),
    binary,
    stampFile: `${binary}.stamp`,
    buildDir: path.join(root, '.cache', 'ferretdb-build'),
  };
}

function isCurrent(stampFile, stamp) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
}

/**
 * Copies each patched module out of the module cache into `buildDir`, applies its patches and adds its files,
 * and writes a go.mod (with its go.sum) that replaces the modules with the copies; returns that go.mod's path.
 */
function patchedModfile(sourceDir, buildDir) {
  rmSync(buildDir, { recursive: true, force: true });
  const replaces = Object.entries(MODULES).map(([module, { copy: folder, addedFilesDir, patches }]) => {
    const copy = path.join(buildDir, folder);
    cpSync(downloadedModuleDir(sourceDir, module), copy, { recursive: true });
    for (const patch of patches) applyPatch(module, copy, patch);
    for (const file of addedFiles(sourceDir, addedFilesDir)) {
      const target = path.join(copy, file);
      if (existsSync(target)) throw new Error(`${module} already has ${file}: rename the added file in ${addedFilesDir}`);
      copyFileSync(path.join(sourceDir, addedFilesDir, file), target);
    }
    return `replace ${module} => ${copy}\n`;
  });
  const modfile = path.join(buildDir, 'go.mod');
  const goMod = readFileSync(path.join(sourceDir, 'go.mod'), 'utf8');
  writeFileSync(modfile, `${goMod}\n${replaces.join('')}`);
  copyFileSync(path.join(sourceDir, 'go.sum'), path.join(buildDir, 'go.sum'));
  return modfile;
}

function applyPatch(module, copy, patch) {
  const file = path.join(copy, patch.file);
  const parts = readFileSync(file, 'utf8').split(patch.from);
  const expected = patch.count ?? 1;
  if (parts.length - 1 !== expected) {
    throw new Error(
      `${module}'s ${patch.file} contains ${parts.length - 1} of ${patch.from}, not ${expected}: check the build patches in ` +
        'scripts/lib/ferretdb-build.mjs against the versions in tools/ferretdb-runner/go.mod',
    );
  }
  rmSync(file); // the module cache's files are read-only, and so are their copies
  writeFileSync(file, parts.join(patch.to));
}

/** Where the Go module cache holds the module at the version go.mod requires (downloading it if needed). */
function downloadedModuleDir(sourceDir, modulePath) {
  const result = spawnSync('go', ['mod', 'download', '-json', modulePath], { cwd: sourceDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`go mod download ${modulePath} failed: ${result.stderr || result.stdout}`);
  const { Dir: dir, Error: error } = JSON.parse(result.stdout);
  if (error || !dir) throw new Error(`go mod download ${modulePath}: ${error ?? 'no module directory reported'}`);
  return dir;
}
