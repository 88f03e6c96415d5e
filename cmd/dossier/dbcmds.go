package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
)

func init() {
	commands["migrate"] = command{summary: "apply the database schema migrations (DOSSIER_DATABASE_URL)", run: runMigrate}
	commands["export"] = command{summary: "write the articles of the shared index in PostgreSQL back to files", run: runExport}
}

// openStore opens the database that --database-url or the configuration
// names.
func openStore(ctx context.Context, flagURL string, stderr io.Writer) (*pgstore.Store, error) {
	cfg, err := loadConfig("", false)
	if err != nil {
		return nil, err
	}
	url := cmp.Or(flagURL, cfg.DatabaseURL)
	if url == "" {
		return nil, errors.New("no database: set DOSSIER_DATABASE_URL or pass --database-url")
	}
	return pgstore.Open(ctx, url, pgstore.Options{Logger: newLogger(stderr)})
}

func runMigrate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", "[--database-url URL]", stderr)
	url := fs.String("database-url", "", "PostgreSQL `url` (default: $DOSSIER_DATABASE_URL)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *url, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ms, err := pgstore.Migrations()
	if err != nil {
		return err
	}
	caps := st.Capabilities()
	fmt.Fprintf(stdout, "schema at version %d; vectors: %v; lexical ranking: %s\n", ms[len(ms)-1].Version, caps.Vector, caps.Lexical)
	return nil
}

func runExport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", "--out DIR [--database-url URL]", stderr)
	url := fs.String("database-url", "", "PostgreSQL `url` (default: $DOSSIER_DATABASE_URL)")
	out := fs.String("out", "", "`directory` to write the articles to, as Markdown files with YAML front matter")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(stderr, "dossier export: --out DIR is required")
		fs.Usage()
		return errUsage
	}
	st, err := openStore(ctx, *url, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	n := 0
	err = st.EachArticle(ctx, func(a corpus.Article) error {
		if _, err := feeds.Export(*out, a); err != nil {
			return err
		}
		n++
		return nil
	})
	if err != nil {
		return fmt.Errorf("export: %w (%d articles written)", err, n)
	}
	fmt.Fprintf(stdout, "exported %d articles to %s\n", n, *out)
	return nil
}
