package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"sync"
	"time"
)

// SharedState keeps what the bot remembers between interactions where
// every replica of it can read it: conversations, the records behind
// feedback buttons, who voted, timeline pages, and the question rate
// limit. Values live under a kind and a key, and expire after a time to
// live; a value is at most 1 MiB. Implementations must be safe for
// concurrent use; the PostgreSQL store (retrieval/pgstore) is one.
//
// The bot gives each call a second. When one fails or stalls, the bot
// answers from its own memory for a few seconds, as it does without a
// shared state, and logs the outage once.
type SharedState interface {
	// PutState stores value under (kind, key) for ttl, replacing what
	// was there.
	PutState(ctx context.Context, kind, key string, value []byte, ttl time.Duration) error
	// GetState returns the value under (kind, key), or ok false when
	// there is none or it expired.
	GetState(ctx context.Context, kind, key string) (value []byte, ok bool, err error)
	// AddState stores value under (kind, key) for ttl unless a value
	// that has not expired is there, and reports whether it stored it.
	AddState(ctx context.Context, kind, key string, value []byte, ttl time.Duration) (bool, error)
	// TakeToken takes a token from the bucket named key, which holds at
	// most burst and refills at perSecond tokens a second, or says how
	// long until one is free.
	TakeToken(ctx context.Context, key string, perSecond float64, burst int) (wait time.Duration, ok bool, err error)
}

// What the bot keeps in the shared state, and for how long.
const (
	kindConversation = "conv"     // channel ID -> the previous question asked there
	kindFeedback     = "feedback" // button key -> feedbackRecord
	kindVoter        = "voter"    // voterKey -> voted
	kindTimeline     = "timeline" // button key -> timelineView

	conversationTTL = 7 * 24 * time.Hour
	feedbackTTL     = 30 * 24 * time.Hour // a voter is kept as long as the record voted on
	timelineTTL     = 7 * 24 * time.Hour
)

// sharedTimeout bounds each call to the shared state: some come before
// an interaction is acknowledged, which Discord wants within 3 s.
const sharedTimeout = time.Second

// sharedRetry is how long the bot keeps to its own memory after the
// shared state failed, before it tries it again: an outage costs one
// timeout, not one per interaction.
const sharedRetry = 5 * time.Second

// maxShared bounds a value the bot shares; a larger one stays in this
// replica's memory. It is pgstore.MaxState.
const maxShared = 1 << 20

// sharedState is the bot's use of Options.Shared. When that is nil, or
// the state fails or stalls, each store falls back to this replica's
// memory, which it writes through to in any case; the outage is logged
// once, and its end too.
type sharedState struct {
	st  SharedState // nil = memory only
	log *slog.Logger

	mu        sync.Mutex
	downUntil time.Time // skip st until then
	down      bool
}

// call runs f on the shared state within sharedTimeout, and reports
// whether it succeeded; false without calling f when there is no shared
// state or it failed less than sharedRetry ago.
func (s *sharedState) call(ctx context.Context, doing string, f func(ctx context.Context, st SharedState) error) bool {
	st := s.use()
	if st == nil {
		return false
	}
	tctx, cancel := context.WithTimeout(ctx, sharedTimeout)
	err := f(tctx, st)
	cancel()
	if err != nil && ctx.Err() != nil {
		return false // the bot is stopping: not the state's fault
	}
	s.done(doing, err)
	return err == nil
}

// use returns the shared state to call, or nil to keep to memory.
func (s *sharedState) use() SharedState {
	if s.st == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if time.Now().Before(s.downUntil) {
		return nil
	}
	return s.st
}

// done records how a call doing something ended.
func (s *sharedState) done(doing string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil && s.down:
		s.down = false
		s.log.Info("shared state available again")
	case err != nil:
		s.downUntil = time.Now().Add(sharedRetry)
		if !s.down {
			s.down = true
			s.log.Warn("shared state unavailable; this replica answers from its own memory meanwhile", "doing", doing, "err", err)
		} else {
			s.log.Debug("shared state still unavailable", "doing", doing, "err", err)
		}
	}
}

// sharedStore is a keyStore whose values are also kept in the shared
// state, as JSON, when there is one: this replica's copy, in the
// embedded keyStore, answers only what the shared state cannot.
type sharedStore[V any] struct {
	*keyStore[V]
	state *sharedState
	kind  string
	ttl   time.Duration
}

func newSharedStore[V any](state *sharedState, kind string, ttl time.Duration, max int) *sharedStore[V] {
	return &sharedStore[V]{keyStore: newKeyStore[V](max), state: state, kind: kind, ttl: ttl}
}

// saveNew stores v under a new random key and returns the key.
func (s *sharedStore[V]) saveNew(ctx context.Context, v V) string {
	key := newKey()
	s.save(ctx, key, v)
	return key
}

// save stores v under key, replacing the value it held.
func (s *sharedStore[V]) save(ctx context.Context, key string, v V) {
	if body, ok := s.encode(v); ok {
		s.state.call(ctx, "save "+s.kind, func(ctx context.Context, st SharedState) error {
			return st.PutState(ctx, s.kind, key, body, s.ttl)
		})
	}
	s.set(key, v)
}

// saveOnce stores v under key unless a value is kept there already, and
// reports whether it stored it.
func (s *sharedStore[V]) saveOnce(ctx context.Context, key string, v V) bool {
	var added bool
	if body, ok := s.encode(v); ok && s.state.call(ctx, "save "+s.kind, func(ctx context.Context, st SharedState) (err error) {
		added, err = st.AddState(ctx, s.kind, key, body, s.ttl)
		return err
	}) {
		s.set(key, v)
		return added
	}
	return s.add(key, v)
}

// load returns the value stored under key: the shared one if there is
// one, else this replica's copy.
func (s *sharedStore[V]) load(ctx context.Context, key string) (V, bool) {
	var body []byte
	var found bool
	if s.state.call(ctx, "load "+s.kind, func(ctx context.Context, st SharedState) (err error) {
		body, found, err = st.GetState(ctx, s.kind, key)
		return err
	}) && found {
		var v V
		err := json.Unmarshal(body, &v)
		if err == nil {
			return v, true
		}
		s.state.log.Warn("unreadable shared state ignored", "kind", s.kind, "err", err)
	}
	return s.get(key)
}

// encode returns v as shared, or false when it cannot be (or need not:
// there is no shared state).
func (s *sharedStore[V]) encode(v V) ([]byte, bool) {
	if s.state.st == nil {
		return nil, false
	}
	body, err := json.Marshal(v)
	switch {
	case err != nil:
		s.state.log.Warn("value not shared: kept in this replica's memory", "kind", s.kind, "err", err)
		return nil, false
	case len(body) > maxShared:
		s.state.log.Warn("value too large to share: kept in this replica's memory", "kind", s.kind, "bytes", len(body))
		return nil, false
	}
	return body, true
}

// allow takes a question token for user, from the bucket every replica
// shares when there is a shared state, else from this replica's.
func (b *Bot) allow(ctx context.Context, user string) (time.Duration, bool) {
	l := b.limiter
	if l.unlimited() {
		return 0, true
	}
	var wait time.Duration
	var ok bool
	if b.shared.call(ctx, "rate limit", func(ctx context.Context, st SharedState) (err error) {
		wait, ok, err = st.TakeToken(ctx, bucketKey(user), float64(l.every), l.burst)
		return err
	}) {
		return wait, ok
	}
	return l.allow(user)
}

// bucketKey names user's question bucket in the shared state, without
// keeping the user ID.
func bucketKey(user string) string {
	h := sha256.Sum256([]byte("ask\x00" + user))
	return "ask:" + hex.EncodeToString(h[:12])
}
