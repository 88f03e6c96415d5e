// Package pgstore keeps dossier's index in PostgreSQL, so that several
// processes share one: articles with their resolved dates, passages with
// their byte offsets, BM25 term statistics, vectors in pgvector behind an
// HNSW index, small shared documents such as feed state, and the Discord
// bot's shared state (conversations, votes, rate limits; see botstate.go).
//
// The lexical half of a search is BM25 from pg_textsearch's bm25 index
// where the server has that extension. Elsewhere it is BM25 computed in
// SQL from stored postings and term statistics, with the same terms,
// parameters and IDF as the embedded index, so the two rank alike. The
// vector half needs pgvector; without it searches are BM25 alone, and
// Open says so. Either way the fused ranking, the excerpts and timelines
// are the embedded pipeline's, run on the Index that Load returns.
//
// Sync brings the store up to date with a corpus in one transaction, so
// readers see either the old articles or the new ones, never a half-built
// index; each Sync that changes something starts a new generation, which
// replicas poll for (Generation) and reload (Load).
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Lexical ranking kinds, as Capabilities.Lexical reports them.
const (
	LexicalBM25Index = "pg_textsearch" // pg_textsearch's bm25 index
	LexicalPostings  = "postings"      // BM25 computed from stored postings
)

// Options configures Open.
type Options struct {
	// Lexical forces LexicalPostings on a new, empty store even when the
	// server has pg_textsearch; "" chooses by what the server has. A store
	// that holds articles keeps the kind it was loaded with.
	Lexical string
	// Logger receives what the store decided; nil = slog.Default().
	Logger *slog.Logger
	// StatementTimeout bounds every statement; 0 means 60 s.
	StatementTimeout time.Duration
}

// Capabilities says what the server offers and what the store uses.
type Capabilities struct {
	Vector  bool   // pgvector is installed: vectors are searched
	Lexical string // LexicalBM25Index or LexicalPostings
}

// Store is a PostgreSQL-backed index, safe for concurrent use.
type Store struct {
	pool    *pgxpool.Pool
	connCfg *pgx.ConnConfig // for the connections that hold a lock, outside the pool
	caps    Capabilities
	log     *slog.Logger
	timeout time.Duration // of each statement

	stateWrites atomic.Uint64 // writes of the bot's shared state, for sweeping
}

// ErrNoDatabase is returned for an empty or unparsable database URL.
var ErrNoDatabase = errors.New("no usable database URL")

// connectTimeout bounds connecting, so a database that does not answer
// fails the start instead of hanging it.
const connectTimeout = 15 * time.Second

// Open connects to the database at url, applies the migrations it lacks
// and finds what the server offers. Errors never repeat the URL, which
// may hold a password.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.StatementTimeout <= 0 {
		opts.StatementTimeout = 60 * time.Second
	}
	cfg, err := pgxpool.ParseConfig(url)
	if url == "" || err != nil {
		return nil, fmt.Errorf("%w: it should look like postgres://user:password@host:5432/database", ErrNoDatabase)
	}
	cfg.ConnConfig.ConnectTimeout = connectTimeout
	if path := cfg.ConnConfig.RuntimeParams["search_path"]; path != "" {
		// Set it again once connected: not every server (PGlite's
		// socket server, say) applies startup parameters.
		cfg.ConnConfig.AfterConnect = func(ctx context.Context, c *pgconn.PgConn) error {
			return c.Exec(ctx, "SET search_path TO "+quoteList(path)).Close()
		}
	}
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = fmt.Sprint(opts.StatementTimeout.Milliseconds())
	cfg.ConnConfig.RuntimeParams["application_name"] = "dossier"
	s := &Store{log: opts.Logger, connCfg: cfg.ConnConfig, timeout: opts.StatementTimeout}
	if err := s.prepare(ctx, cfg.ConnConfig, opts); err != nil {
		return nil, err
	}
	if s.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	return s, nil
}

// prepare migrates the schema and finds the capabilities on one
// connection, before the pool opens.
func (s *Store) prepare(ctx context.Context, cfg *pgx.ConnConfig, opts Options) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect to the database at %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	// Migrations and extensions under one lock: two replicas first
	// starting at once must not both create an extension.
	bm25, err := underMigrationLock(ctx, conn, func() (bool, error) {
		applied, err := applyAll(ctx, conn)
		if err != nil {
			return false, err
		}
		if len(applied) > 0 {
			s.log.Info("database migrated", "versions", applied)
		}
		if s.caps.Vector, err = ensureExtension(ctx, conn, "vector"); err != nil {
			return false, err
		}
		return ensureExtension(ctx, conn, "pg_textsearch")
	})
	if err != nil {
		return err
	}
	s.caps.Lexical, err = chooseLexical(ctx, conn, bm25, opts.Lexical)
	if err != nil {
		return err
	}
	if !s.caps.Vector {
		s.log.Warn("the database has no pgvector extension: searches use BM25 alone")
	}
	return nil
}

// ensureExtension creates the named extension when the server has it,
// and reports whether it is installed.
func ensureExtension(ctx context.Context, conn *pgx.Conn, name string) (bool, error) {
	var installed, available bool
	err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = $1),
		EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = $1)`, name).Scan(&installed, &available)
	switch {
	case err != nil:
		return false, fmt.Errorf("look for extension %s: %w", name, err)
	case installed:
		return true, nil
	case !available:
		return false, nil
	}
	if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS `+pgx.Identifier{name}.Sanitize()); err != nil {
		return false, fmt.Errorf("create extension %s: %w", name, err)
	}
	return true, nil
}

// chooseLexical returns the lexical kind a store keeps: the one recorded
// once it holds articles, else what is asked, else the bm25 index when
// the server has it.
func chooseLexical(ctx context.Context, conn *pgx.Conn, haveBM25 bool, asked string) (string, error) {
	recorded, err := metaValue(ctx, conn, "lexical")
	if err != nil {
		return "", err
	}
	switch {
	case recorded != "":
		if recorded == LexicalBM25Index && !haveBM25 {
			return "", errors.New("the index was loaded for pg_textsearch, which this server lacks; load it again with dossier index --rebuild")
		}
		return recorded, nil
	case asked == LexicalPostings || !haveBM25:
		return LexicalPostings, nil
	case asked == "" || asked == LexicalBM25Index:
		return LexicalBM25Index, nil
	}
	return "", fmt.Errorf("unknown lexical ranking %q: want %q or %q", asked, LexicalBM25Index, LexicalPostings)
}

// connect opens a connection of its own, outside the pool, for a lock
// held for long: held on a pooled connection, such locks would leave too
// few for searches and the shared state, or none. Its statements wait
// for a lock as long as the caller's context lets them.
func (s *Store) connect(ctx context.Context) (*pgx.Conn, error) {
	cfg := s.connCfg.Copy()
	cfg.RuntimeParams["statement_timeout"] = "0"
	return pgx.ConnectConfig(ctx, cfg)
}

// Capabilities reports what the store uses.
func (s *Store) Capabilities() Capabilities { return s.caps }

// Close closes the store's connections.
func (s *Store) Close() { s.pool.Close() }

// Generation returns the store's generation: it grows with every Sync
// that changed something, and is 0 for a store never loaded.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM dossier_meta WHERE key = 'generation'`).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the index generation: %w", err)
	}
	var g int64
	_, err = fmt.Sscan(v, &g)
	return g, wrap("read the index generation", err)
}

// querier is what both a connection and a transaction offer.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func metaValue(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRow(ctx, `SELECT value FROM dossier_meta WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return v, wrap("read "+key, err)
}

// wrap returns nil for a nil err, else err with what was being done.
func wrap(doing string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// quoteList quotes each name of a comma-separated list as an identifier.
func quoteList(list string) string {
	var out []string
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, pgx.Identifier{name}.Sanitize())
		}
	}
	return strings.Join(out, ", ")
}
