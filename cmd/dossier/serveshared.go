package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
)

// This file is serve on a shared index (DOSSIER_DATABASE_URL): every
// replica answers from the database, follows the generations other
// replicas write, and shares the feed state; one of them, the holder of
// the leader lock, polls the feeds.

// followEvery is how often a replica looks for a new generation of the
// shared index; a variable so tests can shorten it.
var followEvery = 15 * time.Second

// feedStateDocument is the shared document that holds the feed state.
const feedStateDocument = "feeds.json"

// sharedFeedState keeps the feed state in the database, for feeds.Poller.
type sharedFeedState struct{ store *pgstore.Store }

// stateTimeout bounds one read or update of the shared feed state; the
// feeds package's state calls take no context.
const stateTimeout = 30 * time.Second

func (s sharedFeedState) Read() (*feeds.State, error) {
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	body, _, ok, err := s.store.GetDocument(ctx, feedStateDocument)
	if err != nil || !ok {
		return &feeds.State{}, err
	}
	return decodeFeedState(body)
}

func (s sharedFeedState) Update(change func(*feeds.State) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), stateTimeout)
	defer cancel()
	return s.store.UpdateDocument(ctx, feedStateDocument, func(old []byte) ([]byte, error) {
		st, err := decodeFeedState(old)
		if err != nil {
			return nil, err
		}
		if err := change(st); err != nil {
			return nil, err
		}
		return json.MarshalIndent(st, "", "  ")
	})
}

func decodeFeedState(body []byte) (*feeds.State, error) {
	st := &feeds.State{}
	if len(body) == 0 {
		return st, nil
	}
	if err := json.Unmarshal(body, st); err != nil {
		return nil, fmt.Errorf("the shared feed state is not valid JSON: %w", err)
	}
	return st, nil
}

// followShared reloads the engine's index whenever another replica
// changed the shared one, every check until ctx ends.
func followShared(ctx context.Context, eng *retrieval.Engine, check time.Duration, logger *slog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(check):
		}
		if _, err := eng.Follow(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("could not load the shared index's new generation; the one before keeps answering", "err", err)
		}
	}
}

// leadFeeds tries to take the leader lock every check; while it holds
// it, it polls the due feeds and adds what they bring to the shared
// index, as pollFeeds does for one process. When the lock's connection
// fails it stops leading, and another replica takes over.
func leadFeeds(ctx context.Context, store *pgstore.Store, p *feeds.Poller, check time.Duration, refresh func(context.Context, bool) error, logger *slog.Logger) {
	var lead *pgstore.Leadership
	defer func() {
		if lead != nil {
			lead.Release()
		}
	}()
	indexed := -1
	for {
		switch {
		case lead == nil:
			l, err := store.TryLead(ctx)
			if err != nil && ctx.Err() == nil {
				logger.Warn("could not try the leader lock", "err", err)
			}
			if l != nil {
				lead = l
				logger.Info("this replica now polls the feeds for all of them")
			}
		default:
			if err := lead.Check(ctx); err != nil {
				logger.Warn("lost the leader lock; another replica will poll the feeds", "err", err)
				lead.Release()
				lead = nil
			}
		}
		if lead != nil {
			indexed = pollAndRefresh(ctx, p, refresh, indexed, logger)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(check):
		}
	}
}

// sharedRefresher is what /reindex and the leader call on a shared
// index: the replica's new articles are added to it (full or not: the
// shared index is rebuilt only by `dossier index --database-url
// --rebuild`, never from Discord), and the result loaded.
func sharedRefresher(eng *retrieval.Engine, logger *slog.Logger) func(context.Context, bool) error {
	return func(ctx context.Context, full bool) error {
		_, err := eng.Refresh(ctx, logProgress(logger))
		return err
	}
}
