package pgstore

import "context"

// CountMigrations returns how many migrations the database records.
func (s *Store) CountMigrations(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n)
	return n, err
}

// KillLeaderConnection ends, from another session, the session that
// holds l's lock, as a crash of the leader's process would, and waits
// (up to 10 s) until it has ended and so released the lock.
func (s *Store) KillLeaderConnection(ctx context.Context, l *Leadership) error {
	pid := l.conn.PgConn().PID()
	_, err := s.pool.Exec(ctx, `SELECT pg_terminate_backend($1, 10000)`, int32(pid))
	return err
}

// HoldSyncLock takes the lock a Sync holds, on a connection of its own,
// as another replica's long Sync would, until release is called.
func (s *Store) HoldSyncLock(ctx context.Context) (release func(), err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(`+lockArgs+`)`, int32(syncLock)); err != nil {
		conn.Release()
		return nil, err
	}
	return func() {
		conn.Exec(context.Background(), `SELECT pg_advisory_unlock(`+lockArgs+`)`, int32(syncLock))
		conn.Release()
	}, nil
}

// LockMetaRow locks one row of dossier_meta in a transaction of its own
// until release is called: a Sync that writes it waits meanwhile.
func (s *Store) LockMetaRow(ctx context.Context, key string) (release func(), err error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM dossier_meta WHERE key = $1 FOR UPDATE`, key); err != nil {
		tx.Rollback(ctx)
		return nil, err
	}
	return func() { tx.Rollback(context.Background()) }, nil
}
