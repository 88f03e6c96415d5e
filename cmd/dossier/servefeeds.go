package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/dossier-bot/dossier/feeds"
)

// feedCheckEvery is how often serve looks for feeds that are due; each
// feed is polled at its own interval (feeds.DefaultInterval and after).
const feedCheckEvery = time.Minute

// pollFeeds polls the data directory's due feeds until ctx ends, and calls
// refresh after a poll that stored articles, so they are answerable
// without a restart.
func pollFeeds(ctx context.Context, p *feeds.Poller, refresh func(context.Context) error, logger *slog.Logger) {
	for {
		if pollOnce(ctx, p, false, logger) {
			if err := refresh(ctx); err != nil && ctx.Err() == nil {
				logger.Error("index not updated after a poll; it will be tried after the next one", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(feedCheckEvery):
		}
	}
}

// pollOnce polls the due feeds (all of them when all is set), logs what
// each did and reports whether any article was stored or merged.
func pollOnce(ctx context.Context, p *feeds.Poller, all bool, logger *slog.Logger) bool {
	res, err := p.Poll(ctx, all)
	if err != nil && ctx.Err() == nil {
		logger.Error("feed poll failed", "err", err)
	}
	changed := false
	for _, r := range res {
		if r.New > 0 || r.Merged > 0 {
			changed = true
			logger.Info("feed polled", "feed", r.Feed, "new", r.New, "merged", r.Merged)
		}
	}
	return changed
}
