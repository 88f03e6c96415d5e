package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// StaleTempAge is how long a temporary snapshot must have gone unwritten
// before RemoveStaleTemps takes it for a leftover: far longer than a save
// takes between writes, so a save in progress is never mistaken for one.
const StaleTempAge = 5 * time.Minute

// tempPattern is the os.CreateTemp pattern of path's temporary snapshots.
func tempPattern(path string) string { return filepath.Base(path) + ".tmp-*" }

// isTempOf reports whether name is a temporary snapshot file of path's:
// its name followed by ".tmp-" and the digits os.CreateTemp adds.
func isTempOf(path, name string) bool {
	rest, ok := strings.CutPrefix(name, filepath.Base(path)+".tmp-")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// RemovedTemp is a leftover temporary snapshot RemoveStaleTemps removed.
type RemovedTemp struct {
	Path string
	Size int64
}

// RemoveStaleTemps removes the temporary files an interrupted Save of path
// left beside it (a kill during a save leaves one, often tens of
// megabytes): files named like Save's, last written at least olderThan
// ago, and not locked by a save running in another process. It returns
// what it removed; an error names the files it could not look at or
// remove, and leaves the others removed.
func RemoveStaleTemps(path string, olderThan time.Duration) ([]RemovedTemp, error) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("remove stale temporary snapshots: %w", err)
	}
	var removed []RemovedTemp
	var problems []error
	for _, e := range entries {
		if !e.Type().IsRegular() || !isTempOf(path, e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) { // finished and renamed meanwhile
				problems = append(problems, err)
			}
			continue
		}
		if time.Since(info.ModTime()) < olderThan {
			continue
		}
		ok, err := removeUnlocked(p)
		if err != nil {
			problems = append(problems, fmt.Errorf("remove stale temporary snapshot: %w", err))
			continue
		}
		if ok {
			removed = append(removed, RemovedTemp{Path: p, Size: info.Size()})
		}
	}
	return removed, errors.Join(problems...)
}

// removeUnlocked removes the file at p unless another process holds its
// lock (a save still writing it); it reports whether it removed it.
func removeUnlocked(p string) (bool, error) {
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	locked, err := tryLock(f)
	if err != nil || !locked {
		return false, err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	return true, nil
}

// syncDir flushes dir's entries to disk, so a rename in it survives a
// crash. A variable so that tests can see it called.
var syncDir = func(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
