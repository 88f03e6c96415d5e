package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Leadership is the leader's advisory lock, held on a connection of its
// own, outside the store's pool: when the process dies or its connection
// breaks, the server releases the lock and another replica's TryLead
// takes it.
type Leadership struct {
	conn *pgx.Conn
}

// TryLead takes the leader lock if no other process holds it, and
// returns nil when another does.
func (s *Store) TryLead(ctx context.Context) (*Leadership, error) {
	conn, err := s.connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("try to lead: %w", err)
	}
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+lockArgs+`)`, int32(leaderLock)).Scan(&got); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("try to lead: %w", err)
	}
	if !got {
		conn.Close(context.WithoutCancel(ctx))
		return nil, nil
	}
	return &Leadership{conn: conn}, nil
}

// Check reports an error when the lock may have been lost: its
// connection no longer answers. A session's advisory lock lasts as long
// as the session, so a connection that answers still holds it. A leader
// that gets an error must stop leading.
func (l *Leadership) Check(ctx context.Context) error {
	return wrap("leader lock", l.conn.Ping(ctx))
}

// Release gives the lock up at once, then closes the connection that
// held it.
func (l *Leadership) Release() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// On a broken connection this fails, and the server has freed the
	// lock with the session already.
	_, _ = l.conn.Exec(ctx, `SELECT pg_advisory_unlock(`+lockArgs+`)`, int32(leaderLock))
	l.conn.Close(ctx)
}

// HoldIdentify waits until no other process holds the gateway identify
// bucket, then holds it, on a connection of its own outside the pool
// (a batch of shards holds one bucket each at once), until release is
// called: processes running shards of one bot take turns to identify.
// The lock is the application's, across schemas.
func (s *Store) HoldIdentify(ctx context.Context, bucket int) (release func(), err error) {
	conn, err := s.connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("wait to identify: %w", err)
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1::int, $2::int)`, int32(identifyLock), int32(bucket)); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("wait to identify: %w", err)
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// Closing the connection ends the session, and its lock with
		// it, should the unlock fail.
		_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock($1::int, $2::int)`, int32(identifyLock), int32(bucket))
		conn.Close(ctx)
	}, nil
}
