// Package pgtest gives tests a fresh, empty PostgreSQL schema on the
// servers the environment names: DOSSIER_TEST_POSTGRES (a full server,
// such as Debian's PostgreSQL) and DOSSIER_TEST_PGLITE (a PGlite server
// with the pgvector and pg_textsearch extensions). A test that needs one
// skips when neither is set.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a database server tests may use.
type Server struct {
	Name string // "postgres" or "pglite"
	URL  string
}

// Servers returns the servers the environment names, skipping t when
// there are none.
func Servers(t testing.TB) []Server {
	t.Helper()
	var out []Server
	for _, s := range []Server{{"postgres", os.Getenv("DOSSIER_TEST_POSTGRES")}, {"pglite", os.Getenv("DOSSIER_TEST_PGLITE")}} {
		if s.URL != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		t.Skip("no test database: set DOSSIER_TEST_POSTGRES or DOSSIER_TEST_PGLITE")
	}
	if out[len(out)-1].Name == "pglite" {
		holdPGlite(t)
	}
	return out
}

// holdPGlite gives t the PGlite server to itself until it ends. PGlite
// runs every connection on one session, so tests of different packages
// (which go test runs at once) would see each other's search_path and
// transactions; an exclusive lock on a file beside the system's
// temporary files makes them take turns.
func holdPGlite(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "dossier-test-pglite.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatalf("lock the PGlite test server: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("lock the PGlite test server: %v", err)
	}
	t.Cleanup(func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}

// Full returns the full server (DOSSIER_TEST_POSTGRES), skipping t when
// it is not set: for what PGlite, one session under every connection,
// cannot show, such as advisory locks between processes.
func Full(t testing.TB) Server {
	t.Helper()
	u := os.Getenv("DOSSIER_TEST_POSTGRES")
	if u == "" {
		t.Skip("no full PostgreSQL server: set DOSSIER_TEST_POSTGRES")
	}
	return Server{"postgres", u}
}

// Fresh creates an empty schema on s for t, dropped when t ends, and
// returns a URL whose connections use it (then public, where the
// extensions are created beforehand).
func Fresh(t testing.TB, s Server) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminURL(s.URL))
	if err != nil {
		t.Fatalf("connect to the %s test server: %v", s.Name, err)
	}
	defer conn.Close(context.Background())
	var raw [6]byte
	_, _ = rand.Read(raw[:])
	schema := "t_" + hex.EncodeToString(raw[:])
	for _, ext := range []string{"vector", "pg_textsearch"} {
		// A server without the extension says so; the store then
		// does without it.
		_, _ = conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS `+ext+` SCHEMA public`)
	}
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if c, err := pgx.Connect(ctx, adminURL(s.URL)); err == nil {
			c.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`)
			c.Close(ctx)
		}
	})
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// adminURL drops the pool settings from u, which a single connection
// would send the server as unknown parameters.
func adminURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := p.Query()
	for k := range q {
		if len(k) > 5 && k[:5] == "pool_" {
			q.Del(k)
		}
	}
	p.RawQuery = q.Encode()
	return p.String()
}

// Int runs query, which returns one integer, on a connection of its own
// to url, failing t on any error: for tests that look at the server's
// own views (pg_locks, pg_stat_activity) or count rows.
func Int(t testing.TB, url, query string, args ...any) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminURL(url))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
