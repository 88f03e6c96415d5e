package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/dossier-bot/dossier/config"
	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
)

func init() {
	commands["feeds"] = command{summary: "add, list, remove and poll news feeds", run: runFeeds}
}

const feedsSynopsis = `add URL... | list [--json] | remove URL... | poll [--once]`

func runFeeds(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("feeds", feedsSynopsis, stderr)
	pos := args // each subcommand parses its own flags
	switch {
	case len(pos) == 0:
		fs.Usage()
		return errUsage
	case pos[0] == "-h" || pos[0] == "--help" || pos[0] == "-help":
		fs.Usage()
		return flag.ErrHelp
	}
	cfg, err := loadConfig("", false)
	if err != nil {
		return err
	}
	if cfg.DataDir == "" {
		return errors.New("no data directory: set DOSSIER_DATA")
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	p := &feeds.Poller{Dir: cfg.DataDir, Logger: logger, AllowPrivate: cfg.FeedsPrivate}
	afterPoll := func(context.Context) error { return nil }
	if cfg.DatabaseURL != "" {
		// The feeds every replica shares; what a poll fetches goes
		// into the shared index too.
		store, err := pgstore.Open(ctx, cfg.DatabaseURL, pgstore.Options{Logger: logger})
		if err != nil {
			return err
		}
		defer store.Close()
		p.State, p.Stored = sharedFeedState{store}, store.Article
		afterPoll = func(ctx context.Context) error { return syncFetched(ctx, cfg, store, logger) }
	}
	sub, rest := pos[0], pos[1:]
	switch sub {
	case "add":
		return feedsAdd(p, rest, stdout)
	case "remove":
		return feedsRemove(p, rest, stdout)
	case "list":
		return feedsList(p, rest, stdout, stderr)
	case "poll":
		return feedsPoll(ctx, p, rest, stdout, stderr, afterPoll)
	}
	fmt.Fprintf(stderr, "dossier feeds: unknown subcommand %q\n", sub)
	fs.Usage()
	return errUsage
}

func feedsAdd(p *feeds.Poller, urls []string, stdout io.Writer) error {
	if len(urls) == 0 {
		return fmt.Errorf("dossier feeds add: give one or more feed URLs: %w", errUsage)
	}
	for _, u := range urls {
		url, added, err := p.Add(u)
		if err != nil {
			return err
		}
		if added {
			fmt.Fprintf(stdout, "added %s\n", url)
		} else {
			fmt.Fprintf(stdout, "already subscribed: %s\n", url)
		}
	}
	return nil
}

func feedsRemove(p *feeds.Poller, urls []string, stdout io.Writer) error {
	if len(urls) == 0 {
		return fmt.Errorf("dossier feeds remove: give one or more feed URLs: %w", errUsage)
	}
	for _, u := range urls {
		removed, err := p.Remove(u)
		if err != nil {
			return err
		}
		if !removed {
			return fmt.Errorf("not subscribed: %s", u)
		}
		fmt.Fprintf(stdout, "removed %s (its articles stay in %s)\n", u, feeds.ArticlesDir(p.Dir))
	}
	return nil
}

func feedsList(p *feeds.Poller, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("feeds list", "[--json]", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per feed")
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		fs.Usage()
		return errUsage
	}
	list, err := p.List()
	if err != nil {
		return err
	}
	if *asJSON {
		for _, f := range list {
			f.Seen = nil
			if err := writeJSON(stdout, f); err != nil {
				return err
			}
		}
		return nil
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, "No feeds. Add one with: dossier feeds add URL")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "URL\tTITLE\tITEMS\tLAST POLL\tNEXT POLL\tSTATUS")
	for _, f := range list {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", f.URL, orDash(f.Title), f.Items, orDash(timeString(f.LastPoll)), orDash(timeString(f.NextPoll)), feedStatus(f))
	}
	return tw.Flush()
}

// feedStatus says how a feed is doing, in a few words.
func feedStatus(f feeds.Feed) string {
	switch {
	case f.LastPoll.IsZero():
		return "not polled yet"
	case f.Failing():
		return fmt.Sprintf("failing (%d in a row): %s", f.Failures, f.LastError)
	case f.Failures > 0:
		return "last poll failed: " + f.LastError
	}
	return "ok"
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

func feedsPoll(ctx context.Context, p *feeds.Poller, args []string, stdout, stderr io.Writer, afterPoll func(context.Context) error) error {
	fs := newFlagSet("feeds poll", "[--once]", stderr)
	once := fs.Bool("once", false, "poll every feed once now and exit (default: keep polling each feed when it is due)")
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		fs.Usage()
		return errUsage
	}
	if *once {
		res, err := p.Poll(ctx, true)
		printPollResults(stdout, res)
		if err != nil {
			return err
		}
		return afterPoll(ctx)
	}
	for {
		res, err := p.Poll(ctx, false)
		printPollResults(stdout, res)
		if err == nil {
			err = afterPoll(ctx)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Minute):
		}
	}
}

func printPollResults(w io.Writer, res []feeds.Result) {
	for _, r := range res {
		switch {
		case r.Err != nil:
			fmt.Fprintf(w, "%s: failed: %v\n", r.Feed, r.Err)
		case r.NotModified:
			fmt.Fprintf(w, "%s: not modified\n", r.Feed)
		default:
			fmt.Fprintf(w, "%s: %d new, %d copies merged\n", r.Feed, r.New, r.Merged)
		}
	}
}

// syncFetched adds the data directory's new and changed articles to the
// shared index, keeping every other article it holds.
func syncFetched(ctx context.Context, cfg config.Config, store *pgstore.Store, logger *slog.Logger) error {
	dir := feeds.ArticlesDir(cfg.DataDir)
	if !corpus.HoldsFiles(dir) {
		return nil
	}
	res, err := corpus.Load(ctx, dir, corpus.Options{Logger: logger})
	if err != nil {
		return err
	}
	emb, err := embedderFor(cfg)
	if err == nil && emb == nil {
		emb, err = embed.NewGloVe() // what the engine uses when none is configured
	}
	if err != nil {
		return err
	}
	sum, err := store.Sync(ctx, res.Articles, emb, pgstore.SyncOptions{KeepOthers: true})
	if err != nil {
		return fmt.Errorf("add the fetched articles to the shared index: %w", err)
	}
	logger.Info("shared index synced", "added", sum.Added, "kept", sum.Kept, "generation", sum.Generation)
	return nil
}
