package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/corpus"
)

// feedCheckEvery is how often serve looks for feeds that are due; each
// feed is polled at its own interval (feeds.DefaultInterval and after).
const feedCheckEvery = time.Minute

// pollFeeds polls the data directory's due feeds every check until ctx
// ends, and calls refresh once articles were stored, by its own poll or
// by another process sharing the data directory (again after the next
// check until a refresh succeeds), so they are answerable without a
// restart.
func pollFeeds(ctx context.Context, p *feeds.Poller, check time.Duration, refresh func(context.Context, bool) error, logger *slog.Logger) {
	indexed, _ := p.Changes() // what the index was opened with
	for {
		indexed = pollAndRefresh(ctx, p, refresh, indexed, logger)
		select {
		case <-ctx.Done():
			return
		case <-time.After(check):
		}
	}
}

// pollAndRefresh polls the due feeds and, when the feed state's change
// counter moved from indexed, refreshes the index; it returns the
// counter the index now reflects (indexed again when the refresh
// failed, so the next call tries again).
func pollAndRefresh(ctx context.Context, p *feeds.Poller, refresh func(context.Context, bool) error, indexed int, logger *slog.Logger) int {
	pollOnce(ctx, p, logger)
	changes, err := p.Changes()
	if err != nil || changes == indexed {
		return indexed
	}
	if err := refresh(ctx, false); err != nil {
		if ctx.Err() == nil {
			logger.Error("index not updated after a poll; it will be tried after the next one", "err", err)
		}
		return indexed
	}
	return changes
}

// feedRefresher returns what serve calls after a poll stored articles: a
// Refresh of the engine's index, or, while the engine still reads the
// embedded seeds, a move to the data directory once it holds articles.
// The poll loop and /reindex may call it at once; it runs one call at a
// time.
func feedRefresher(eng *retrieval.Engine, dataCorpus string, onSeeds bool, logger *slog.Logger) func(context.Context, bool) error {
	var mu sync.Mutex
	return func(ctx context.Context, full bool) (err error) {
		mu.Lock()
		defer mu.Unlock()
		defer func() {
			if err == nil {
				// Work out the new index's topic suggestions now, not
				// on the first autocomplete keystroke.
				go eng.Topics("", 0)
			}
		}()
		switch {
		case onSeeds && !corpus.HoldsFiles(dataCorpus):
			if full {
				_, err = eng.Reindex(ctx, logProgress(logger))
			}
			return err
		case onSeeds:
			if _, err = eng.UseCorpus(ctx, dataCorpus, logProgress(logger)); err == nil {
				onSeeds = false
			}
			return err
		case full:
			_, err = eng.Reindex(ctx, logProgress(logger))
			return err
		}
		_, err = eng.Refresh(ctx, logProgress(logger))
		return err
	}
}

// pollOnce polls the due feeds and logs
// those that stored or merged articles.
func pollOnce(ctx context.Context, p *feeds.Poller, logger *slog.Logger) {
	res, err := p.Poll(ctx, false)
	if err != nil && ctx.Err() == nil {
		logger.Error("feed poll failed", "err", err)
	}
	for _, r := range res {
		if r.New > 0 || r.Merged > 0 {
			logger.Info("feed polled", "feed", r.Feed, "new", r.New, "merged", r.Merged)
		}
	}
}
