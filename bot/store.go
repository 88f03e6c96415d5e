package bot

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// keyStore keeps recent values under keys: short random ones for buttons
// whose custom ID (at most 100 characters) cannot carry the value itself
// (newKey), or the caller's own, such as a channel ID. The oldest keys
// are dropped beyond max. It is safe for concurrent use.
type keyStore[V any] struct {
	mu    sync.Mutex
	max   int
	byKey map[string]V
	order []string
}

func newKeyStore[V any](max int) *keyStore[V] {
	return &keyStore[V]{max: max, byKey: map[string]V{}}
}

// newKey returns a new random key, 16 lower-case hex digits.
func newKey() string {
	var raw [8]byte
	_, _ = rand.Read(raw[:])
	return hex.EncodeToString(raw[:])
}

// set stores v under key, replacing the value it held; a key set again
// keeps its age.
func (s *keyStore[V]) set(key string, v V) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setLocked(key, v)
}

func (s *keyStore[V]) setLocked(key string, v V) {
	if _, ok := s.byKey[key]; !ok {
		s.order = append(s.order, key)
		if len(s.order) > s.max {
			delete(s.byKey, s.order[0])
			s.order = s.order[1:]
		}
	}
	s.byKey[key] = v
}

// add stores v under key unless key is kept already, and reports whether
// it stored it.
func (s *keyStore[V]) add(key string, v V) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byKey[key]; ok {
		return false
	}
	s.setLocked(key, v)
	return true
}

// get returns the value stored under key, if it is still kept.
func (s *keyStore[V]) get(key string) (V, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.byKey[key]
	return v, ok
}
