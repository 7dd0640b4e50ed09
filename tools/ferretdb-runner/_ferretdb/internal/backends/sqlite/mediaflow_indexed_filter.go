// Added to FerretDB's SQLite backend by scripts/lib/ferretdb-build.mjs (not part of FerretDB).
//
// As published, the backend answers only {_id: X} from an index and scans (and parses) the whole
// table for any other filter. indexedWhere narrows a query to one declared index: an equality or $in
// on a top-level field that leads an index, with values that are strings, ObjectIDs or booleans (their
// JSON text is exact; numbers and dates have several spellings of one value, so they are not narrowed).
// Every handler applies the whole filter again to what the backend returns, so the WHERE clause only
// has to return a superset of the matching documents, never fewer:
//   - a field that holds an array matches when the array contains the value, so documents whose field
//     is an array are always returned (JSON text of an array starts with '[', a range of the same
//     index);
//   - null, missing and other values are never narrowed on (the filter value decides, not the field).
// The expression is the index's own: SQLite uses an index only for the expression text it was built on
// (see metadata.Registry.indexesCreate: DefaultColumn->"field"; a double-quoted unknown identifier is a
// string literal, so ->'field' is the same expression, as IDColumn already relies on).
package sqlite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// plainField is a top-level field name that needs no quoting inside '...'.
var plainField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// indexedWhere returns a WHERE clause (with its arguments) that selects a superset of the documents
// matching filter through one of the collection's indexes, or "" when no index can answer it.
// _id is preferred (unique, never an array), then unique indexes, then the others in declared order.
func indexedWhere(meta *metadata.Collection, filter *types.Document) (string, []any) {
	if meta == nil || filter == nil || filter.Len() == 0 {
		return "", nil
	}

	leading := map[string]bool{} // field -> unique
	for _, index := range meta.Settings.Indexes {
		if len(index.Key) > 0 {
			leading[index.Key[0].Field] = leading[index.Key[0].Field] || index.Unique
		}
	}

	best, bestRank := "", 0
	var bestValues []any

	for _, field := range filter.Keys() {
		unique, indexed := leading[field]
		if !indexed || !plainField.MatchString(field) {
			continue
		}

		values := exactValues(must.NotFail(filter.Get(field)))
		if values == nil {
			continue
		}

		rank := 1
		switch {
		case field == "_id":
			rank = 3
		case unique:
			rank = 2
		}

		if rank > bestRank {
			best, bestRank, bestValues = field, rank, values
		}
	}

	if best == "" {
		return "", nil
	}

	expr := metadata.IDColumn
	if best != "_id" {
		expr = fmt.Sprintf("%s->'%s'", metadata.DefaultColumn, best)
	}

	args := make([]any, len(bestValues))
	for i, v := range bestValues {
		args[i] = string(must.NotFail(sjson.MarshalSingleValue(v)))
	}

	placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
	where := fmt.Sprintf(" WHERE (%s IN (%s)", expr, placeholders)

	if best != "_id" {
		// MongoDB forbids arrays as _id; any other field may hold one.
		where += fmt.Sprintf(" OR (%s >= '[' AND %s < '\\')", expr, expr)
	}

	return where + ")", args
}

// exactValues returns the values a filter condition compares a field with by equality ({f: v},
// {f: {$eq: v}}, {f: {$in: [...]}}), or nil when the condition is anything else or a value is not
// exact (see indexedWhere).
func exactValues(cond any) []any {
	if doc, ok := cond.(*types.Document); ok {
		if doc.Len() != 1 {
			return nil
		}

		switch op := doc.Keys()[0]; op {
		case "$eq":
			return exactValues(must.NotFail(doc.Get(op)))
		case "$in":
			arr, ok := must.NotFail(doc.Get(op)).(*types.Array)
			if !ok || arr.Len() == 0 {
				return nil
			}

			values := make([]any, 0, arr.Len())
			for i := 0; i < arr.Len(); i++ {
				v := must.NotFail(arr.Get(i))
				if !isExact(v) {
					return nil
				}

				values = append(values, v)
			}

			return values
		default:
			return nil
		}
	}

	if !isExact(cond) {
		return nil
	}

	return []any{cond}
}

func isExact(v any) bool {
	switch v.(type) {
	case string, types.ObjectID, bool:
		return true
	default:
		return false
	}
}
