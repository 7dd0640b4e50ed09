package resource

import (
	"runtime/pprof"
	"testing"
)

// mediaflowTracked is shaped as Track requires: a pointer to a struct with a *Token field named token.
type mediaflowTracked struct {
	token *Token
}

// TestMediaflowReleaseBuildTracksNothing: the runner is built without the ferretdb_debug tag, and there
// Track and Untrack do nothing (build patch 6): no stack captured into a pprof profile, no finalizer.
// Published, Track adds every iterator, cursor, transaction and row set to a profile with its stack,
// about a tenth of the store's CPU.
func TestMediaflowReleaseBuildTracksNothing(t *testing.T) {
	obj := &mediaflowTracked{token: NewToken()}
	Track(obj, obj.token)

	if p := pprof.Lookup(profileName(obj)); p != nil && p.Count() > 0 {
		t.Fatalf("Track recorded %d object(s) in the %s profile in a release build", p.Count(), p.Name())
	}

	// Untracking an object that was never recorded must not panic either ("object is not tracked").
	Untrack(obj, obj.token)
	Untrack(obj, obj.token)
}

// BenchmarkMediaflowTrack: the cost of one Track and Untrack pair, as each query iterator pays it.
func BenchmarkMediaflowTrack(b *testing.B) {
	for range b.N {
		obj := &mediaflowTracked{token: NewToken()}
		Track(obj, obj.token)
		Untrack(obj, obj.token)
	}
}
