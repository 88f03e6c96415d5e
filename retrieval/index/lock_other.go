//go:build !unix

package index

import "os"

// lock is a no-op where advisory locks are not available: there only the
// age of a temporary snapshot protects a save in progress.
func lock(*os.File) error { return nil }

// tryLock always succeeds where advisory locks are not available.
func tryLock(*os.File) (bool, error) { return true, nil }
