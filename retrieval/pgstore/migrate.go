package pgstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Advisory lock keys: each lock is taken as (key, hash of the schema),
// so that stores in different schemas of one database do not contend.
const (
	migrationLock = 0x646f7301 // serializes migrations of processes starting at once
	syncLock      = 0x646f7302 // lets one Sync run at a time
	leaderLock    = 0x646f7303 // held by the replica that ingests feeds
	identifyLock  = 0x646f7304 // held per gateway bucket, (key, bucket), while a shard identifies
)

// IdentifyLockKey is the first key of the gateway identify locks, as
// pg_locks shows it in classid; objid is the bucket.
const IdentifyLockKey = identifyLock

// LeaderLockKey is the first key of the leader's advisory lock, as
// pg_locks shows it in classid, for operators looking for the leader.
const LeaderLockKey = leaderLock

// lockArgs is the SQL of a lock's second key.
const lockArgs = `$1::int, hashtext(current_schema())`

// Migration is one versioned schema change, from migrations/NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the schema changes in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", e.Name())
		}
		body, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// underMigrationLock runs do holding the migration lock, which
// serializes the schema work of processes starting at once.
func underMigrationLock[T any](ctx context.Context, conn *pgx.Conn, do func() (T, error)) (T, error) {
	var zero T
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(`+lockArgs+`)`, int32(migrationLock)); err != nil {
		return zero, fmt.Errorf("lock for migrations: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+lockArgs+`)`, int32(migrationLock))
	return do()
}

// applyAll applies the migrations the database lacks, each in its own
// transaction together with its row in schema_migrations; the caller
// holds the migration lock, so running it again, or from several
// processes at once, applies each exactly once. It returns the versions
// it applied.
func applyAll(ctx context.Context, conn *pgx.Conn) ([]int, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version int PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	var applied []int
	for _, m := range ms {
		done, err := applyOne(ctx, conn, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.Version)
		}
	}
	return applied, nil
}

func applyOne(ctx context.Context, conn *pgx.Conn, m Migration) (bool, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("migration %d: %w", m.Version, err)
	}
	defer tx.Rollback(ctx)
	var have bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.Version).Scan(&have); err != nil {
		return false, fmt.Errorf("migration %d: %w", m.Version, err)
	}
	if have {
		return false, nil
	}
	if _, err := tx.Exec(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
		return false, fmt.Errorf("migration %d: %w", m.Version, err)
	}
	return true, tx.Commit(ctx)
}
