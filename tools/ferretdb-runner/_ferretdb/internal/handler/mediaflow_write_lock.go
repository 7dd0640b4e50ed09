// Added to FerretDB's handler package by scripts/lib/ferretdb-build.mjs (not part of FerretDB).
//
// FerretDB v1 runs update, findAndModify and delete as "find the documents, then overwrite (or delete)
// them by _id", with nothing between the two steps: two racing $inc lose one, and a conditional
// findOneAndUpdate has several winners. writeLock makes each write statement's find-then-write one
// step for the whole process. SQLite admits one writer at a time anyway, so what it costs is the
// read that now happens inside the writer's turn.
package handler

import (
	"context"
	"sync"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
	"github.com/FerretDB/wire"
)

// writeLock is held by one write statement at a time, from its query to its last write.
var writeLock sync.Mutex

// updateDocument runs the update statements one at a time, each under writeLock and each as its own
// call of updateStatements, so that each statement's query is closed when the statement ends (the
// published loop defers every statement's close to the end of the command: a bulk of 100 statements
// held 100 pooled connections and stalled the store). Other clients' writes may come between two
// statements, as on MongoDB.
func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {
	var matched, modified int32
	var upserted types.Array

	for _, u := range params.Updates {
		one := *params
		one.Updates = []common.Update{u}

		m, mod, ups, err := h.lockedUpdateStatement(ctx, &one)
		if err != nil {
			return 0, 0, nil, err
		}

		matched += m
		modified += mod

		for i := 0; i < ups.Len(); i++ {
			doc := must.NotFail(ups.Get(i)).(*types.Document)
			doc.Set("index", int32(upserted.Len()))
			upserted.Append(doc)
		}
	}

	return matched, modified, &upserted, nil
}

func (h *Handler) lockedUpdateStatement(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {
	writeLock.Lock()
	defer writeLock.Unlock()

	return h.updateStatements(ctx, params)
}

// findAndModifyDocument: the find, the write and the upsert of one findAndModify, under writeLock.
func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {
	writeLock.Lock()
	defer writeLock.Unlock()

	return h.findAndModifyUnlocked(ctx, params)
}

// execDelete: one delete statement's find and delete, under writeLock.
func (h *Handler) execDelete(ctx context.Context, c backends.Collection, p *common.Delete) (int32, error) {
	writeLock.Lock()
	defer writeLock.Unlock()

	return h.execDeleteUnlocked(ctx, c, p)
}

// MsgInsert takes writeLock too, so that an insert never lands between another statement's find and
// write (an upsert's "nothing found, insert" included).
func (h *Handler) MsgInsert(connCtx context.Context, msg *wire.OpMsg) (*wire.OpMsg, error) {
	writeLock.Lock()
	defer writeLock.Unlock()

	return h.msgInsertUnlocked(connCtx, msg)
}
