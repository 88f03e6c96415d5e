package benchdata

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/index"
)

var (
	indexMu sync.Mutex
	indexes = map[string]*index.Index{} // by snapshot path
)

// Index returns the index of about n passages built from d.Prefix(n) and the
// path of its snapshot. It is kept in memory for the rest of the test binary,
// and between runs in a snapshot under $TMPDIR/dossier-bench named
// <name>-n<n>-<fingerprint>.idx: it is loaded from there when present, else
// built and saved. Older snapshots of the same name and size are removed.
// Each test package passes its own name, so their snapshots do not evict
// each other's.
func (d *Data) Index(tb testing.TB, name string, n int) (*index.Index, string) {
	tb.Helper()
	arts := d.Prefix(n)
	fp, err := Fingerprint(arts, d.Embedder)
	if err != nil {
		tb.Fatal(err)
	}
	path := cachePath(name, n, fp)
	indexMu.Lock()
	defer indexMu.Unlock()
	if ix, ok := indexes[path]; ok {
		return ix, path
	}
	ctx := context.Background()
	ix, err := index.Load(ctx, path, fp, arts, d.Embedder)
	if err != nil {
		start := time.Now()
		if ix, err = index.Build(ctx, arts, d.Embedder, fp, nil); err != nil {
			tb.Fatal(err)
		}
		if err := ix.Save(path); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("built %d-passage index from %d articles in %v, cached at %s", len(ix.Passages), len(arts), time.Since(start), path)
	}
	indexes[path] = ix
	return ix, path
}

// Forget drops the in-memory copy of the index whose snapshot is at path,
// so that a benchmark measuring the heap does not count it; the snapshot
// stays.
func Forget(path string) {
	indexMu.Lock()
	defer indexMu.Unlock()
	delete(indexes, path)
}

// cachePath is where the snapshot of the n-passage index is kept between
// runs; older snapshots of the same name and size are removed.
func cachePath(name string, n int, fp string) string {
	dir := filepath.Join(os.TempDir(), "dossier-bench")
	base := fmt.Sprintf("%s-n%d-", name, n)
	path := filepath.Join(dir, base+fp+".idx")
	if old, _ := filepath.Glob(filepath.Join(dir, base+"*.idx")); len(old) > 0 {
		for _, p := range old {
			if p != path {
				os.Remove(p)
			}
		}
	}
	return path
}
