// Added to FerretDB's handler package by scripts/lib/ferretdb-build.mjs (not part of FerretDB).
//
// As published, find sorts every document the backend returns in memory (common.SortIterator) unless the
// sort is $natural. For a sort of exactly {_id: 1} or {_id: -1} the handler now asks the backend for that
// order (QueryParams.MediaflowIDSort); a backend that can give it (SQLite, when the filter has an ObjectId
// range on _id: see sqlite/mediaflow_id_sort.go) says so in QueryResult.MediaflowIDSorted, and the handler
// then leaves out its SortIterator. It still filters, skips, limits and projects as before, lazily: the
// limit stops reading, and closing the cursor closes the backend's rows. A backend that ignores the field
// (PostgreSQL) leaves MediaflowIDSorted false, and the handler sorts as before.
package handler

import (
	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// idSortPushdown returns the _id order to ask the backend for: 1 or -1 when sort (already validated) is
// exactly {_id: 1} or {_id: -1}, else 0. notHere: a capped collection or tailable cursor (their queries
// are built and re-run elsewhere), or an aggregation's explain.
func (h *Handler) idSortPushdown(sort *types.Document, notHere bool) int64 {
	if h.DisablePushdown || notHere || sort.Len() != 1 || sort.Keys()[0] != "_id" {
		return 0
	}

	// ValidateSortDocument has made every sort value an int64 of 1 or -1.
	if v, ok := must.NotFail(sort.Get("_id")).(int64); ok && (v == 1 || v == -1) {
		return v
	}

	return 0
}

// paramsAfterQuery returns params without its sort when the backend returned the documents in that
// order already, so that makeFindIter does not sort them again; params itself otherwise.
func paramsAfterQuery(params *common.FindParams, res *backends.QueryResult) *common.FindParams {
	if !res.MediaflowIDSorted {
		return params
	}

	unsorted := *params
	unsorted.Sort = nil

	return &unsorted
}
