package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// The bot's shared state: small values under a kind and a key, each with
// a time to live, and token buckets, so that every replica of the bot
// serves any interaction (the Store is a bot.SharedState). Expired rows
// are ignored on read and replaced on write; every sweepEvery writes
// delete a batch of them.

// MaxState bounds one value of the bot's shared state.
const MaxState = 1 << 20

// sweepEvery is how many writes of the shared state pass between two
// deletions of its expired rows, at most sweepBatch of each table.
const (
	sweepEvery = 256
	sweepBatch = 1000
)

// PutState stores value under (kind, key) for ttl, replacing what was
// there.
func (s *Store) PutState(ctx context.Context, kind, key string, value []byte, ttl time.Duration) error {
	value, err := stateValue(kind, value, ttl)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO bot_state (kind, key, value, expires)
		VALUES ($1, $2, $3, now() + make_interval(secs => $4))
		ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires = excluded.expires`,
		kind, key, value, ttl.Seconds())
	if err != nil {
		return fmt.Errorf("save shared %s: %w", kind, err)
	}
	s.wrote(ctx)
	return nil
}

// GetState returns the value under (kind, key), or ok false when there
// is none or it expired.
func (s *Store) GetState(ctx context.Context, kind, key string) (value []byte, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT value FROM bot_state WHERE kind = $1 AND key = $2 AND expires > now()`,
		kind, key).Scan(&value)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("load shared %s: %w", kind, err)
	}
	return value, true, nil
}

// AddState stores value under (kind, key) for ttl unless a value that
// has not expired is there, and reports whether it stored it. Of
// replicas adding one key at once, exactly one does.
func (s *Store) AddState(ctx context.Context, kind, key string, value []byte, ttl time.Duration) (bool, error) {
	value, err := stateValue(kind, value, ttl)
	if err != nil {
		return false, err
	}
	var added bool
	err = s.pool.QueryRow(ctx, `INSERT INTO bot_state AS s (kind, key, value, expires)
		VALUES ($1, $2, $3, now() + make_interval(secs => $4))
		ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires = excluded.expires
		WHERE s.expires <= now()
		RETURNING true`, kind, key, value, ttl.Seconds()).Scan(&added)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("add shared %s: %w", kind, err)
	}
	s.wrote(ctx)
	return true, nil
}

// stateValue checks a value to store, and returns it as stored: nil
// is empty.
func stateValue(kind string, value []byte, ttl time.Duration) ([]byte, error) {
	switch {
	case len(value) > MaxState:
		return nil, fmt.Errorf("shared %s: %d bytes, more than %d", kind, len(value), MaxState)
	case ttl <= 0:
		return nil, fmt.Errorf("shared %s: time to live %v, want more than 0", kind, ttl)
	case value == nil:
		return []byte{}, nil
	}
	return value, nil
}

// available is the SQL of the tokens in bucket b now: what it held,
// refilled at $2 a second since it was updated, up to $3. A clock seen
// going backwards between transactions refills nothing.
const available = `LEAST($3::float8, b.tokens + $2::float8 * GREATEST(0, extract(epoch FROM now() - b.updated)::float8))`

// TakeToken takes a token from the bucket named key, which holds at most
// burst tokens (at least 1) and refills at perSecond tokens a second, or
// says how long until one is free. The bucket is read and updated in one
// statement, with its row locked, so replicas taking from it at once
// never take more than it holds. A new bucket starts full; the database's
// clock is every replica's.
func (s *Store) TakeToken(ctx context.Context, key string, perSecond float64, burst int) (time.Duration, bool, error) {
	if perSecond <= 0 {
		return 0, false, fmt.Errorf("token bucket %s: rate %v, want more than 0", key, perSecond)
	}
	burst = max(burst, 1)
	for range 3 {
		var taken bool
		err := s.pool.QueryRow(ctx, `INSERT INTO bot_buckets AS b (key, tokens, updated, full_at)
			VALUES ($1, $3::float8 - 1, now(), now() + make_interval(secs => 1 / $2::float8))
			ON CONFLICT (key) DO UPDATE SET
				tokens = `+available+` - 1,
				updated = GREATEST(b.updated, now()),
				full_at = GREATEST(b.updated, now()) + make_interval(secs => ($3::float8 - (`+available+` - 1)) / $2::float8)
			WHERE `+available+` >= 1
			RETURNING true`, key, perSecond, float64(burst)).Scan(&taken)
		if err == nil {
			s.wrote(ctx)
			return 0, true, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return 0, false, fmt.Errorf("take from token bucket: %w", err)
		}
		// Empty: how long until it holds a token again.
		var secs float64
		err = s.pool.QueryRow(ctx, `SELECT (1 - `+available+`) / $2::float8 FROM bot_buckets b WHERE key = $1`,
			key, perSecond, float64(burst)).Scan(&secs)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return 0, false, fmt.Errorf("read token bucket: %w", err)
		}
		if err == nil && secs > 0 {
			return time.Duration(secs * float64(time.Second)), false, nil
		}
		// Refilled or swept meanwhile: try again.
	}
	return time.Millisecond, false, nil
}

// wrote counts a write of the shared state, and deletes a batch of
// expired rows every sweepEvery writes. A failed sweep is only logged:
// the next one catches up.
func (s *Store) wrote(ctx context.Context) {
	if s.stateWrites.Add(1)%sweepEvery != 0 {
		return
	}
	if err := s.SweepState(ctx); err != nil {
		s.log.Debug("expired shared state not deleted", "err", err)
	}
}

// SweepState deletes up to sweepBatch expired values and as many full
// token buckets (which are as good as none). The outer conditions are
// checked again on a row that changed meanwhile, so a value stored or a
// bucket taken from while the sweep runs is kept.
func (s *Store) SweepState(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM bot_state WHERE (kind, key) IN
		(SELECT kind, key FROM bot_state WHERE expires <= now() LIMIT $1) AND expires <= now()`, sweepBatch); err != nil {
		return fmt.Errorf("delete expired shared state: %w", err)
	}
	_, err := s.pool.Exec(ctx, `DELETE FROM bot_buckets WHERE key IN
		(SELECT key FROM bot_buckets WHERE full_at <= now() LIMIT $1) AND full_at <= now()`, sweepBatch)
	return wrap("delete full token buckets", err)
}
