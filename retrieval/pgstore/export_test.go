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
	pid := l.conn.Conn().PgConn().PID()
	_, err := s.pool.Exec(ctx, `SELECT pg_terminate_backend($1, 10000)`, int32(pid))
	return err
}
