//go:build linux && (amd64 || arm64 || loong64)

package libc

import (
	"math/rand"
	"testing"
	"unsafe"
)

func sign(n int32) int32 {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func addr(b []byte) uintptr {
	if len(b) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(&b[0]))
}

// The added memcmp gives the published one's sign for every length up to 300, at every offset of the first
// difference, with bytes above 0x7f (compared unsigned), equal inputs and the same pointer twice.
func TestMediaflowMemcmpMatchesPublished(t *testing.T) {
	tls := NewTLS()
	defer tls.Close()
	rng := rand.New(rand.NewSource(1))
	for n := 0; n <= 300; n++ {
		a := make([]byte, n+1)
		rng.Read(a)
		b := append([]byte(nil), a...)
		check := func(what string, x, y []byte, n int) {
			t.Helper()
			got := Xmemcmp(tls, addr(x), addr(y), Tsize_t(n))
			want := sign(xmemcmpPublished(tls, addr(x), addr(y), Tsize_t(n)))
			if got != want {
				t.Fatalf("%s, n=%d: memcmp gave %d, the published one %d", what, n, got, want)
			}
		}
		check("equal", a, b, n)
		check("same pointer", a, a, n)
		for at := 0; at < n; at++ {
			saved := b[at]
			for _, value := range []byte{0x00, 0x7f, 0x80, 0xff, a[at] + 1, a[at] - 1} {
				b[at] = value
				check("one byte differs", a, b, n)
				check("one byte differs, swapped", b, a, n)
			}
			b[at] = saved
		}
	}
}

// The added memcpy copies exactly n bytes (nothing after them), at any alignment, and returns dest.
func TestMediaflowMemcpyMatchesPublished(t *testing.T) {
	tls := NewTLS()
	defer tls.Close()
	rng := rand.New(rand.NewSource(2))
	for n := 0; n <= 300; n++ {
		for offset := 0; offset < 8; offset++ {
			src := make([]byte, n+16)
			rng.Read(src)
			got := make([]byte, n+16)
			want := make([]byte, n+16)
			src0 := addr(src) + uintptr(offset)
			if r := Xmemcpy(tls, addr(got)+uintptr(offset), src0, Tsize_t(n)); r != addr(got)+uintptr(offset) {
				t.Fatalf("n=%d offset=%d: memcpy returned %#x, not dest", n, offset, r)
			}
			xmemcpyPublished(tls, addr(want)+uintptr(offset), src0, Tsize_t(n))
			if string(got) != string(want) {
				t.Fatalf("n=%d offset=%d: memcpy wrote %x, the published one %x", n, offset, got, want)
			}
		}
	}
}

func BenchmarkMediaflowMemcmp(b *testing.B) {
	tls := NewTLS()
	defer tls.Close()
	x := make([]byte, 2048)
	y := append([]byte(nil), x...)
	y[len(y)-1] = 1
	b.Run("added", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Xmemcmp(tls, addr(x), addr(y), Tsize_t(len(x)))
		}
	})
	b.Run("published", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			xmemcmpPublished(tls, addr(x), addr(y), Tsize_t(len(x)))
		}
	})
}
