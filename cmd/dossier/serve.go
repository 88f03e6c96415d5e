package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/dossier-bot/dossier/bot"
	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
)

func init() {
	commands["serve"] = command{summary: "run the Discord bot (configured by DISCORD_* and DOSSIER_* variables)", run: runServe}
}

// runServe loads and validates the configuration, opens the engine, and
// runs the Discord bot until SIGINT or SIGTERM.
func runServe(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "[--config FILE] [--rebuild] [--http ADDR]", stderr)
	cfgPath := fs.String("config", "", "YAML config `file` (default: $DOSSIER_CONFIG); environment variables override it")
	rebuild := fs.Bool("rebuild", false, "build the index anew and save it over DOSSIER_INDEX, even one built from another corpus")
	httpAddr := fs.String("http", "", "receive interactions as HTTP POSTs from Discord on `addr` (e.g. :8080) instead of the gateway; needs DISCORD_PUBLIC_KEY and DISCORD_APP_ID")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dossier serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	cfg, err := loadConfig(*cfgPath, true)
	if err != nil {
		return err
	}
	var ln net.Listener
	if *httpAddr != "" {
		if err := cfg.ValidateHTTP(); err != nil {
			return fmt.Errorf("invalid configuration:\n%w", err)
		}
		// Listen before the slow index build, so a taken port fails fast.
		if ln, err = net.Listen("tcp", *httpAddr); err != nil {
			return fmt.Errorf("serve --http: %w", err)
		}
		defer ln.Close()
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.SlogLevel()}))
	logger.Info("starting dossier serve", "config", cfg)

	emb, err := embedderFor(cfg)
	if err != nil {
		return err
	}
	if cfg.IndexPath != "" {
		if err := os.MkdirAll(filepath.Dir(cfg.IndexPath), 0o755); err != nil {
			return fmt.Errorf("index directory: %w", err)
		}
	}
	corpusPath := chooseCorpus("", cfg)
	engOpts := retrieval.Options{
		Corpus: corpusPath, IndexPath: cfg.IndexPath, Embedder: emb, Logger: logger,
		Rebuild: *rebuild, Replace: *rebuild,
	}
	var store *pgstore.Store
	if cfg.DatabaseURL != "" {
		if store, err = pgstore.Open(ctx, cfg.DatabaseURL, pgstore.Options{Logger: logger}); err != nil {
			return fmt.Errorf("open the shared index: %w", err)
		}
		defer store.Close()
		engOpts.Store, engOpts.IndexPath, engOpts.Rebuild = store, "", false
		if cfg.Corpus == "" {
			// What this replica fetches is added to the shared index
			// from its data directory.
			engOpts.Corpus = feeds.ArticlesDir(cfg.DataDir)
		}
	}
	eng, sum, err := retrieval.Open(ctx, engOpts, logProgress(logger))
	if err != nil {
		return fmt.Errorf("open the index: %w", err)
	}
	logger.Info("index ready", "articles", sum.Articles, "passages", sum.Passages,
		"skipped", len(sum.Skipped), "loaded", sum.Loaded, "took", sum.Took.Round(time.Millisecond))

	opts := bot.OptionsFromConfig(cfg, eng, logger)
	switch {
	case store != nil:
		// Every replica answers from the database and follows it; the
		// leader polls the feeds, whose state every replica shares.
		opts.Shared = store       // conversations, votes, timeline pages and rate limits too
		opts.IdentifyGate = store // shard processes take turns to identify
		p := &feeds.Poller{Dir: cfg.DataDir, Logger: logger, AllowPrivate: cfg.FeedsPrivate, State: sharedFeedState{store}, Stored: store.Article}
		refresh := sharedRefresher(eng, logger)
		if cfg.Corpus != "" {
			p = nil // a fixed corpus: no feeds
		} else {
			opts.Feeds = p
		}
		opts.Refresh = refresh
		go followShared(ctx, eng, followEvery, logger)
		if p != nil {
			go leadFeeds(ctx, store, p, feedCheckEvery, refresh, logger)
		}
	case cfg.Corpus == "" && cfg.DataDir != "":
		// The data directory's feeds are polled in the background and
		// their new articles indexed as they arrive; /feeds manages them
		// and /reindex polls them all at once.
		p := &feeds.Poller{Dir: cfg.DataDir, Logger: logger, AllowPrivate: cfg.FeedsPrivate}
		refresh := feedRefresher(eng, feeds.ArticlesDir(cfg.DataDir), corpusPath == "", logger)
		opts.Feeds, opts.Refresh = p, refresh
		go pollFeeds(ctx, p, feedCheckEvery, refresh, logger)
	}
	if cfg.LLMEnabled() {
		sum, err := summarizerFor(cfg, logger)
		if err != nil {
			return err
		}
		opts.Summarize = func(ctx context.Context, a retrieval.Answer, onDelta func(string)) (retrieval.Answer, string, error) {
			res, err := sum.Summarize(ctx, a, onDelta)
			return res.Answer, res.Note, err
		}
		opts.SummarizeEvents = sum.SummarizeEvents
	}
	b, err := bot.New(opts)
	if err != nil {
		return err
	}
	if ln != nil {
		return bot.DialledError(b.RunHTTP(ctx, ln), cfg.APIURL)
	}
	// Name the URL requests went to (DISCORD_API_URL), not Discord's.
	return bot.DialledError(b.Run(ctx), cfg.APIURL)
}

// logProgress logs index-build progress at most every two seconds.
func logProgress(logger *slog.Logger) func(retrieval.Progress) {
	var last time.Time
	return func(p retrieval.Progress) {
		if time.Since(last) < 2*time.Second {
			return
		}
		last = time.Now()
		logger.Info("building the index", "stage", p.Stage, "files", p.FilesRead,
			"passages_done", p.PassagesDone, "passages_total", p.PassagesTotal)
	}
}
