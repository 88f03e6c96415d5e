package retrieval

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
)

// This file is the engine on a shared index (Options.Store): the index
// lives in PostgreSQL, each process holds the articles and passages of
// one generation of it, and searches run in the database.

// openShared loads the store's index for Open. An empty store is first
// filled with the engine's corpus; with Options.SyncCorpus the store is
// made to hold exactly that corpus.
func (e *Engine) openShared(ctx context.Context, progress func(Progress)) (*index.Index, BuildSummary, error) {
	start := time.Now()
	st := e.opts.Store
	var sum BuildSummary
	gen, err := st.Generation(ctx)
	if err != nil {
		return nil, sum, err
	}
	if !e.opts.SyncCorpus && gen > 0 {
		e.generation.Store(gen)
		ix, err := st.Load(ctx, e.opts.Embedder)
		if err == nil {
			return ix, BuildSummary{Articles: len(ix.Articles), Passages: len(ix.Passages), Loaded: true, Took: time.Since(start)}, nil
		}
		if !errors.Is(err, pgstore.ErrEmpty) {
			return nil, sum, fmt.Errorf("load the shared index: %w", err)
		}
		e.opts.Logger.Info("the database holds no index yet: loading the corpus into it")
	}
	sum, err = e.syncStore(ctx, progress, pgstore.SyncOptions{Rebuild: e.opts.Rebuild})
	if err != nil {
		return nil, sum, err
	}
	if gen, err = st.Generation(ctx); err != nil {
		return nil, sum, err
	}
	e.generation.Store(gen)
	ix, err := st.Load(ctx, e.opts.Embedder)
	if err != nil {
		return nil, sum, fmt.Errorf("load the shared index: %w", err)
	}
	sum.Articles, sum.Passages, sum.Took = len(ix.Articles), len(ix.Passages), time.Since(start)
	return ix, sum, nil
}

// syncStore reads the engine's corpus and syncs the store with it. A
// corpus directory that holds no files yet (a data directory before its
// first poll) adds nothing to a store kept for others, and fills an
// empty store with the embedded seeds.
func (e *Engine) syncStore(ctx context.Context, progress func(Progress), opts pgstore.SyncOptions) (BuildSummary, error) {
	var res *corpus.Result
	var err error
	switch {
	case e.opts.Corpus == "" || corpus.HoldsFiles(e.opts.Corpus):
		res, err = e.loadCorpus(ctx, progress)
	case opts.KeepOthers:
		return BuildSummary{}, nil
	default:
		e.opts.Logger.Info("the corpus directory is empty: loading the embedded seeds", "corpus", e.opts.Corpus)
		res, err = corpus.LoadSeeds(ctx)
	}
	if err != nil {
		return BuildSummary{}, err
	}
	sum := BuildSummary{Duplicates: res.Duplicates, Skipped: res.Skipped}
	opts.Progress = func(done, total int) {
		progress(Progress{Stage: "embedding", Articles: len(res.Articles), PassagesDone: done, PassagesTotal: total})
	}
	s, err := e.opts.Store.Sync(ctx, res.Articles, e.opts.Embedder, opts)
	if err != nil {
		return sum, fmt.Errorf("update the shared index: %w", err)
	}
	e.opts.Logger.Info("shared index synced", "added", s.Added, "removed", s.Removed, "kept", s.Kept,
		"passages", s.Passages, "generation", s.Generation, "took", s.Took.Round(time.Millisecond))
	return sum, nil
}

// refreshShared adds the corpus's new and changed articles to the store,
// keeping those other replicas added, and loads the result.
func (e *Engine) refreshShared(ctx context.Context, progress func(Progress)) (RefreshSummary, error) {
	start := time.Now()
	b, err := e.syncStore(ctx, progress, pgstore.SyncOptions{KeepOthers: true})
	sum := RefreshSummary{Duplicates: b.Duplicates, Skipped: b.Skipped}
	if err != nil {
		return sum, err
	}
	old := e.live.Load()
	if _, err := e.follow(ctx); err != nil {
		return sum, err
	}
	ix := e.live.Load()
	_, sum.Added, sum.Removed, sum.Changed = matchArticles(old.Articles, ix.Articles)
	sum.Articles, sum.Passages, sum.Took = len(ix.Articles), len(ix.Passages), time.Since(start)
	return sum, nil
}

// Follow loads the shared index again when another process changed it,
// and reports whether it did; it does nothing without Options.Store.
// Questions asked meanwhile are answered from the index before.
func (e *Engine) Follow(ctx context.Context) (bool, error) {
	if e.opts.Store == nil {
		return false, nil
	}
	return e.follow(ctx)
}

// follow loads the store's generation when it is not the live one; one
// call at a time.
func (e *Engine) follow(ctx context.Context) (bool, error) {
	e.followMu.Lock()
	defer e.followMu.Unlock()
	gen, err := e.opts.Store.Generation(ctx)
	if err != nil {
		return false, err
	}
	if gen == e.generation.Load() {
		return false, nil
	}
	ix, err := e.opts.Store.LoadChanges(ctx, e.opts.Embedder, e.live.Load())
	if err != nil {
		return false, fmt.Errorf("load the shared index: %w", err)
	}
	e.live.Store(ix)
	e.generation.Store(gen) // or older than ix: the next follow then loads it again
	e.opts.Logger.Info("loaded a new generation of the shared index", "generation", ix.Meta.Fingerprint, "articles", len(ix.Articles))
	return true, nil
}

// reindexShared is Reindex on a shared index: it never empties the
// store, which other replicas' articles share, but adds the corpus's
// new and changed articles and loads the store anew. Rebuilding the
// shared index is `dossier index --database-url --rebuild`.
func (e *Engine) reindexShared(ctx context.Context, progress func(Progress)) (BuildSummary, error) {
	start := time.Now()
	sum, err := e.syncStore(ctx, progress, pgstore.SyncOptions{KeepOthers: true})
	if err != nil {
		return sum, err
	}
	e.generation.Store(-1) // load it whatever the generation
	if _, err := e.follow(ctx); err != nil {
		return sum, err
	}
	ix := e.live.Load()
	sum.Articles, sum.Passages, sum.Took = len(ix.Articles), len(ix.Passages), time.Since(start)
	return sum, nil
}
