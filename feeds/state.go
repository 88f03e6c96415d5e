package feeds

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Feed is one subscribed feed and what polling it has learned.
type Feed struct {
	URL   string    `json:"url"`
	Title string    `json:"title,omitempty"`
	Added time.Time `json:"added"`
	Validators
	LastPoll time.Time `json:"last_poll,omitzero"`
	NextPoll time.Time `json:"next_poll,omitzero"`
	// Interval is the polling interval learned from the feed, in seconds.
	Interval int `json:"interval_seconds,omitempty"`
	// Failures counts the polls that failed in a row; LastError says why
	// the last one did.
	Failures  int    `json:"failures,omitempty"`
	LastError string `json:"last_error,omitempty"`
	// Items counts the articles stored from the feed.
	Items int `json:"items,omitempty"`
	// Seen holds the keys of the items already handled, newest last, at
	// most maxSeen.
	Seen []string `json:"seen,omitempty"`
}

// Failing reports whether the feed has failed often enough in a row to be
// shown as failing.
func (f *Feed) Failing() bool { return f.Failures >= failingAfter }

// Stored is an article written to the data directory, remembered for
// merging syndicated copies.
type Stored struct {
	Key       string    `json:"key"`  // canonical URL hash
	File      string    `json:"file"` // path relative to the articles directory
	Title     string    `json:"title"`
	Published time.Time `json:"published"`
	SimHash   uint64    `json:"simhash"`
	Sources   []string  `json:"sources"` // every feed source that carried it
	// Copies are the keys of the copies merged into it, so that a feed
	// that sends its copy again under a new GUID is not a new story.
	Copies []string `json:"copies,omitempty"`
}

// State is the feed list and the recent articles, kept in one JSON file.
type State struct {
	Feeds  []*Feed  `json:"feeds"`
	Recent []Stored `json:"recent,omitempty"` // newest last, at most maxRecent
	// Changes counts the articles stored or merged so far, by any process
	// sharing the data directory: a server that sees it move refreshes
	// its index.
	Changes int `json:"changes,omitempty"`
}

// State bounds.
const (
	maxSeen      = 2000
	maxRecent    = 5000
	failingAfter = 3
)

// Find returns the feed with url, or nil.
func (s *State) Find(url string) *Feed {
	for _, f := range s.Feeds {
		if f.URL == url {
			return f
		}
	}
	return nil
}

// Store is the feed state file and the lock that serialises its updates
// across processes (a `dossier feeds add` while `dossier serve` polls).
type Store struct {
	Path string
}

// Read loads the state; a missing file is an empty state.
func (st Store) Read() (*State, error) {
	b, err := os.ReadFile(st.Path)
	if errors.Is(err, os.ErrNotExist) {
		return &State{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read feed state: %w", err)
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("feed state %s is not valid JSON: %w", st.Path, err)
	}
	return &s, nil
}

// Update reads the state, lets change modify it and writes it back
// atomically, all under an exclusive lock. Nothing is written when change
// returns an error.
func (st Store) Update(change func(*State) error) error {
	if err := os.MkdirAll(filepath.Dir(st.Path), 0o755); err != nil {
		return fmt.Errorf("feed state: %w", err)
	}
	lock, err := os.OpenFile(st.Path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("feed state lock: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("feed state lock: %w", err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	s, err := st.Read()
	if err != nil {
		return err
	}
	if err := change(s); err != nil {
		return err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("feed state: %w", err)
	}
	return writeAtomic(st.Path, append(b, '\n'))
}

// writeAtomic writes data to path through a hidden temporary file in the
// same directory, synced, renamed over path, and the directory synced, so
// a crash leaves either the old file or the new one.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
