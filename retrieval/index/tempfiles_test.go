package index

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"
)

// A temporary snapshot a killed save left is removed; a fresh one, one a
// running save holds locked, and other files are kept.
func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index.snap")
	old := time.Now().Add(-2 * StaleTempAge)
	write := func(name string, mtime time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial snapshot"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := write("index.snap.tmp-123456", old)
	write("index.snap.tmp-999", time.Now())    // a save that has just started
	write("other.snap.tmp-123456", old)        // another snapshot's
	write("index.snap.tmp-12ab", old)          // not a name Save makes
	write("index.snap", old)                   // the snapshot itself
	locked := write("index.snap.tmp-777", old) // a save still writing, in another process
	f, err := os.Open(locked)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := lock(f); err != nil {
		t.Fatal(err)
	}
	// flock locks belong to the open file, so a second open of the same
	// file in this process sees the lock as another process would.

	removed, err := RemoveStaleTemps(path, StaleTempAge)
	if err != nil {
		t.Fatal(err)
	}
	if want := []RemovedTemp{{Path: stale, Size: int64(len("partial snapshot"))}}; !reflect.DeepEqual(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	entries, _ := os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	sort.Strings(left)
	want := []string{"index.snap", "index.snap.tmp-12ab", "index.snap.tmp-777", "index.snap.tmp-999", "other.snap.tmp-123456"}
	if !reflect.DeepEqual(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
	if removed, err := RemoveStaleTemps(filepath.Join(dir, "missing", "index.snap"), StaleTempAge); err != nil || removed != nil {
		t.Errorf("missing directory: %v, %v", removed, err)
	}
}

// Save syncs the directory after the rename, so the new snapshot's name
// survives a crash.
func TestSaveSyncsTheDirectoryAfterTheRename(t *testing.T) {
	ix, _ := seedIndex(t)
	path := filepath.Join(t.TempDir(), "index.snap")
	var synced []string
	orig := syncDir
	t.Cleanup(func() { syncDir = orig })
	syncDir = func(dir string) error {
		if _, err := os.Stat(path); err != nil {
			t.Errorf("directory synced before the rename: %v", err)
		}
		synced = append(synced, dir)
		return orig(dir)
	}
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Dir(path)}; !reflect.DeepEqual(synced, want) {
		t.Errorf("synced %v, want %v", synced, want)
	}
}
