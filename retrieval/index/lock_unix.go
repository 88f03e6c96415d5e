//go:build unix

package index

import (
	"errors"
	"os"
	"syscall"
)

// lock takes an exclusive advisory lock on f, held until f is closed; a
// save holds it on its temporary file so that another process's
// RemoveStaleTemps leaves that file alone.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
}

// tryLock takes f's exclusive lock if no one holds it, without waiting.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
