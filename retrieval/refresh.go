package retrieval

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// RefreshSummary describes what a Refresh did.
type RefreshSummary struct {
	Added   int // articles new to the index
	Removed int // articles no longer in the corpus
	// Changed counts articles whose ID stayed but whose text, title,
	// date, URL, source or parts changed (and the rare one that moved
	// before another kept article); they are indexed anew.
	Changed    int
	Articles   int // in the index afterwards
	Passages   int
	Duplicates int
	Skipped    []SkippedFile
	// Full is true when the index was rebuilt in full instead, because
	// it was made with another embedder or in another format.
	Full      bool
	Took      time.Duration
	SaveError string // why the updated index could not be saved, if it could not
}

// Refresh re-reads the corpus and brings the live index up to date with
// it without a full rebuild: articles added to, changed in or removed
// from the corpus since the index was made are added to it or removed
// from it with index.Update, which splits, tags and embeds only the new
// and changed ones; the new index is swapped in atomically and saved
// when the engine has an index path. Questions asked meanwhile are
// answered from the old index. When nothing changed, Refresh does
// nothing. When the live index was made with another embedder or in
// another format, Refresh rebuilds it in full, as Reindex does. While a
// Refresh or Reindex runs, another call returns ErrReindexRunning. On
// failure the old index stays.
func (e *Engine) Refresh(ctx context.Context, progress func(Progress)) (RefreshSummary, error) {
	if !e.reindexMu.TryLock() {
		return RefreshSummary{}, ErrReindexRunning
	}
	defer e.reindexMu.Unlock()
	start := time.Now()
	if progress == nil {
		progress = func(Progress) {}
	}
	if e.opts.Store != nil {
		return e.refreshShared(ctx, progress)
	}
	old := e.live.Load()
	if reason := e.cannotUpdate(old.Meta); reason != "" {
		return e.refreshFull(ctx, progress, reason)
	}
	res, err := e.loadCorpus(ctx, progress)
	if err != nil {
		return RefreshSummary{}, err
	}
	sum := RefreshSummary{Duplicates: res.Duplicates, Skipped: skippedFiles(res)}
	fp := fingerprint(res.Articles, e.opts.Embedder.Name())
	if fp == old.Meta.Fingerprint {
		sum.Articles, sum.Passages, sum.Took = len(old.Articles), len(old.Passages), time.Since(start)
		return sum, nil
	}
	var from []int
	from, sum.Added, sum.Removed, sum.Changed = matchArticles(old.Articles, res.Articles)
	updateStart := time.Now()
	ix, err := index.Update(ctx, old, res.Articles, from, fp, func(stage string, done, total int) {
		progress(Progress{Stage: stage, Articles: len(res.Articles), PassagesDone: done, PassagesTotal: total})
	})
	if errors.Is(err, index.ErrStale) {
		return e.refreshFull(ctx, progress, err.Error())
	}
	if err != nil {
		return sum, fmt.Errorf("refresh index: %w", err)
	}
	ix.Meta.Corpus = e.corpusName() // before the index is shared
	e.live.Store(ix)
	updated := time.Since(updateStart)
	saveStart := time.Now()
	sum.SaveError = e.save(ix, progress)
	sum.Articles, sum.Passages, sum.Took = len(ix.Articles), len(ix.Passages), time.Since(start)
	e.opts.Logger.Info("index updated incrementally", "added", sum.Added, "removed", sum.Removed, "changed", sum.Changed,
		"articles", sum.Articles, "passages", sum.Passages, "took", sum.Took.Round(time.Millisecond),
		"update", updated.Round(time.Millisecond), "save", time.Since(saveStart).Round(time.Millisecond))
	return sum, nil
}

// cannotUpdate says why an index with meta cannot be updated in place by
// this engine, or returns "".
func (e *Engine) cannotUpdate(m index.Meta) string {
	emb := e.opts.Embedder
	switch {
	case m.Version != index.FormatVersion:
		return fmt.Sprintf("index format %d, want %d", m.Version, index.FormatVersion)
	case m.Tagger != timex.Version:
		return fmt.Sprintf("dates found by tagger version %d, want %d", m.Tagger, timex.Version)
	case m.Embedder != emb.Name():
		return fmt.Sprintf("built with embedder %q, configured %q", m.Embedder, emb.Name())
	case emb.Dim() != 0 && m.Passages > 0 && m.Dim != emb.Dim():
		return fmt.Sprintf("vectors of %d dimensions, embedder gives %d", m.Dim, emb.Dim())
	}
	return ""
}

// refreshFull is Refresh by a full rebuild, for an index that cannot be
// updated; the caller holds reindexMu.
func (e *Engine) refreshFull(ctx context.Context, progress func(Progress), reason string) (RefreshSummary, error) {
	e.opts.Logger.Info("rebuilding the index in full", "reason", reason)
	ix, b, err := e.build(ctx, progress, false)
	sum := RefreshSummary{Full: true, Articles: b.Articles, Passages: b.Passages, Duplicates: b.Duplicates,
		Skipped: b.Skipped, Took: b.Took, SaveError: b.SaveError}
	if err != nil {
		return sum, err
	}
	e.live.Store(ix)
	return sum, nil
}

// matchArticles returns index.Update's from for articles, the corpus as
// read now, against old, the live index's articles: the old position of
// each article that is there unchanged, else -1. It counts the articles
// added (an ID old lacks), removed (an old ID articles lack) and changed
// (an ID of both whose article differs, or, rarely, one that comes
// before another kept article in old: Update needs the old positions to
// rise, so it is indexed anew).
func matchArticles(old, articles []corpus.Article) (from []int, added, removed, changed int) {
	byID := make(map[string]int, len(old))
	for i, a := range old {
		byID[a.ID] = i
	}
	from = make([]int, len(articles))
	kept, last := 0, -1
	for i := range articles {
		from[i] = -1
		o, ok := byID[articles[i].ID]
		switch {
		case !ok:
			added++
		case o <= last || !sameArticle(&old[o], &articles[i]):
			kept++
			changed++
		default:
			kept++
			from[i], last = o, o
		}
	}
	return from, added, len(old) - kept, changed
}

// sameArticle reports whether a and b agree on every field the corpus
// fingerprint covers.
func sameArticle(a, b *corpus.Article) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Published.Equal(b.Published) && a.URL == b.URL &&
		a.Source == b.Source && a.Text == b.Text && slices.Equal(a.Parts, b.Parts)
}

// skippedFiles lists the files a corpus load skipped.
func skippedFiles(res *corpus.Result) []SkippedFile {
	var out []SkippedFile
	for _, s := range res.Skipped {
		out = append(out, SkippedFile{Path: s.Path, Reason: s.Reason})
	}
	return out
}

// UseCorpus points the engine at another corpus and builds its index in
// full, replacing the snapshot at the index path: serve moves from the
// embedded seeds to the data directory once its first articles arrive.
// On failure the engine keeps its corpus and its index.
func (e *Engine) UseCorpus(ctx context.Context, corpus string, progress func(Progress)) (BuildSummary, error) {
	if !e.reindexMu.TryLock() {
		return BuildSummary{}, ErrReindexRunning
	}
	defer e.reindexMu.Unlock()
	prev, prevReplace := e.opts.Corpus, e.opts.Replace
	e.opts.Corpus, e.opts.Replace = corpus, true
	ix, sum, err := e.build(ctx, progress, false)
	e.opts.Replace = prevReplace
	if err != nil {
		e.opts.Corpus = prev
		return sum, err
	}
	e.live.Store(ix)
	e.opts.Logger.Info("corpus changed", "from", describeCorpus(prev), "to", describeCorpus(corpus), "articles", sum.Articles)
	return sum, nil
}

func describeCorpus(path string) string {
	if path == "" {
		return seedsCorpus
	}
	return path
}
