//go:build linux && (amd64 || arm64 || loong64)

// Added by Mediaflow's FerretDB build (scripts/lib/ferretdb-build.mjs, patch 7): memcmp and memcpy on Go's
// vector code instead of musl's byte and word loops, which the build renames to xmemcmpPublished and
// xmemcpyPublished. SQLite's JSON cache compares whole stored documents with memcmp on every JSON function call.

package libc

import (
	"bytes"
	"unsafe"
)

// Xmemcmp is C's memcmp: negative, zero or positive as the first n bytes at vl sort before, equal or after
// those at vr (as unsigned bytes). Only the sign is specified, and callers use only the sign.
func Xmemcmp(tls *TLS, vl uintptr, vr uintptr, n Tsize_t) (r1 int32) {
	if __ccgo_strace {
		trc("tls=%v vl=%v vr=%v n=%v, (%v:)", tls, vl, vr, n, origin(2))
		defer func() { trc("-> %v", r1) }()
	}
	if n == 0 || vl == vr {
		return 0
	}
	return int32(bytes.Compare(unsafe.Slice((*byte)(unsafe.Pointer(vl)), n), unsafe.Slice((*byte)(unsafe.Pointer(vr)), n)))
}

// Xmemcpy is C's memcpy: copies n bytes from src to dest (which must not overlap) and returns dest.
func Xmemcpy(tls *TLS, dest uintptr, src uintptr, n Tsize_t) (r uintptr) {
	if __ccgo_strace {
		trc("tls=%v dest=%v src=%v n=%v, (%v:)", tls, dest, src, n, origin(2))
		defer func() { trc("-> %v", r) }()
	}
	if n != 0 {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(dest)), n), unsafe.Slice((*byte)(unsafe.Pointer(src)), n))
	}
	return dest
}
