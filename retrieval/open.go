package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/passage"
)

// Engine answers questions over one corpus. It is safe for concurrent use:
// Reindex builds a new index beside the live one, and Refresh updates a
// copy of it for the articles that changed, and either swaps the new
// index in atomically, so questions asked meanwhile are answered from the
// old index.
type Engine struct {
	opts       Options
	live       atomic.Pointer[index.Index]
	generation atomic.Int64 // of the shared index live holds, with Options.Store
	reindexMu  sync.Mutex   // held while a Reindex or Refresh runs
	followMu   sync.Mutex   // held while the shared index is loaded anew
}

// Open loads the corpus and its persisted index, or builds the index when
// the snapshot is missing, stale or corrupt. progress may be nil.
func Open(ctx context.Context, opts Options, progress func(Progress)) (*Engine, BuildSummary, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Embedder == nil {
		g, err := embed.NewGloVe()
		if err != nil {
			return nil, BuildSummary{}, fmt.Errorf("default embedder: %w", err)
		}
		opts.Embedder = g
	}
	e := &Engine{opts: opts}
	if opts.Store != nil {
		ix, sum, err := e.openShared(ctx, progressOrNop(progress))
		if err != nil {
			return nil, sum, err
		}
		e.live.Store(ix)
		return e, sum, nil
	}
	if opts.IndexPath != "" {
		e.removeStaleTemps()
	}
	ix, sum, err := e.build(ctx, progress, !opts.Rebuild)
	if err != nil {
		return nil, sum, err
	}
	e.live.Store(ix)
	return e, sum, nil
}

// removeStaleTemps removes the temporary snapshots that saves killed
// midway left beside the index path, logging what it freed.
func (e *Engine) removeStaleTemps() {
	removed, err := index.RemoveStaleTemps(e.opts.IndexPath, index.StaleTempAge)
	for _, r := range removed {
		e.opts.Logger.Info("removed a temporary snapshot left by an interrupted save", "path", r.Path, "bytes", r.Size)
	}
	if err != nil {
		e.opts.Logger.Warn("could not remove temporary snapshots", "reason", err)
	}
}

// Reindex re-reads the corpus, builds a new index and swaps it in. While it
// runs, another call returns ErrReindexRunning. On failure the old index stays.
func (e *Engine) Reindex(ctx context.Context, progress func(Progress)) (BuildSummary, error) {
	if !e.reindexMu.TryLock() {
		return BuildSummary{}, ErrReindexRunning
	}
	defer e.reindexMu.Unlock()
	if e.opts.Store != nil {
		return e.reindexShared(ctx, progressOrNop(progress))
	}
	ix, sum, err := e.build(ctx, progress, false)
	if err != nil {
		return sum, err
	}
	e.live.Store(ix)
	return sum, nil
}

func progressOrNop(p func(Progress)) func(Progress) {
	if p == nil {
		return func(Progress) {}
	}
	return p
}

// build reads the corpus and returns its index: the persisted snapshot when
// reuse is set and the snapshot matches, else a fresh build, saved when the
// engine has an index path.
func (e *Engine) build(ctx context.Context, progress func(Progress), reuse bool) (*index.Index, BuildSummary, error) {
	start := time.Now()
	if progress == nil {
		progress = func(Progress) {}
	}
	if e.opts.IndexPath != "" && !e.opts.Replace {
		if err := e.checkSnapshotCorpus(); err != nil {
			return nil, BuildSummary{}, err
		}
	}
	res, err := e.loadCorpus(ctx, progress)
	if err != nil {
		return nil, BuildSummary{}, err
	}
	sum := BuildSummary{Articles: len(res.Articles), Duplicates: res.Duplicates, Skipped: res.Skipped}
	fp := fingerprint(res.Articles, e.opts.Embedder.Name())
	if reuse && e.opts.IndexPath != "" {
		ix, err := index.Load(ctx, e.opts.IndexPath, fp, res.Articles, e.opts.Embedder)
		switch {
		case err == nil:
			sum.Passages, sum.Loaded, sum.Took = len(ix.Passages), true, time.Since(start)
			return ix, sum, nil
		case errors.Is(err, os.ErrNotExist):
		default:
			e.opts.Logger.Warn("rebuilding index", "path", e.opts.IndexPath, "reason", err)
		}
	}
	ix, err := index.Build(ctx, res.Articles, e.opts.Embedder, fp, func(stage string, done, total int) {
		progress(Progress{Stage: stage, Articles: len(res.Articles), PassagesDone: done, PassagesTotal: total})
	})
	if err != nil {
		return nil, sum, fmt.Errorf("build index: %w", err)
	}
	ix.Meta.Corpus = e.corpusName()
	sum.SaveError = e.save(ix, progress)
	sum.Passages, sum.Took = len(ix.Passages), time.Since(start)
	return ix, sum, nil
}

// seedsCorpus is Meta.Corpus for an index of the embedded seed articles.
const seedsCorpus = "the embedded seeds"

// corpusName names the engine's corpus for Meta.Corpus: its absolute path,
// symbolic links resolved, or seedsCorpus.
func (e *Engine) corpusName() string {
	if e.opts.Corpus == "" {
		return seedsCorpus
	}
	p, err := filepath.Abs(e.opts.Corpus)
	if err != nil {
		return e.opts.Corpus
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		p = real
	}
	return p
}

// checkSnapshotCorpus fails with ErrOtherCorpus when the snapshot at the
// index path is intact and names another corpus than the engine's. A
// missing or damaged snapshot, or one that names no corpus (written
// before snapshots named theirs), may be replaced.
func (e *Engine) checkSnapshotCorpus() error {
	path := e.opts.IndexPath
	m, err := index.ReadMeta(path)
	if err != nil || m.Corpus == "" || m.Corpus == e.corpusName() {
		return nil
	}
	if err := index.Verify(path); err != nil {
		return nil
	}
	return otherCorpusError(fmt.Sprintf("%s was built from another corpus, %s (%d articles), not from %s; pass --rebuild to replace it",
		path, m.Corpus, m.Articles, e.corpusName()))
}

// otherCorpusError is ErrOtherCorpus with the paths and counts.
type otherCorpusError string

func (e otherCorpusError) Error() string        { return string(e) }
func (e otherCorpusError) Is(target error) bool { return target == ErrOtherCorpus }

// save writes ix to the engine's index path, if it has one, and returns
// why it could not, or "". A snapshot that cannot be written costs a
// rebuild next time, not this index: the caller keeps serving it.
func (e *Engine) save(ix *index.Index, progress func(Progress)) string {
	if e.opts.IndexPath == "" {
		return ""
	}
	progress(Progress{Stage: "saving", Articles: len(ix.Articles), PassagesDone: len(ix.Passages), PassagesTotal: len(ix.Passages)})
	if err := ix.Save(e.opts.IndexPath); err != nil {
		e.opts.Logger.Warn("index not saved; it will be rebuilt next start", "path", e.opts.IndexPath, "reason", err)
		return err.Error()
	}
	return ""
}

func (e *Engine) loadCorpus(ctx context.Context, progress func(Progress)) (*corpus.Result, error) {
	if e.opts.Corpus == "" {
		return corpus.LoadSeeds(ctx)
	}
	res, err := corpus.Load(ctx, e.opts.Corpus, corpus.Options{
		Logger:     e.opts.Logger,
		QuietSkips: e.opts.QuietSkips,
		Progress:   func(files int) { progress(Progress{Stage: "reading", FilesRead: files}) },
	})
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	if len(res.Articles) == 0 {
		return nil, fmt.Errorf("load corpus %s: no articles found (%s)", e.opts.Corpus, corpus.DescribeSkipped(res.Skipped))
	}
	return res, nil
}

// fingerprint identifies a corpus as indexed by this pipeline and embedder.
func fingerprint(articles []corpus.Article, embedder string) string {
	h := sha256.New()
	field := func(s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field(index.Pipeline) // a snapshot of another pipeline is stale
	field(fmt.Sprint(passage.DefaultSizes))
	field(embedder)
	for _, a := range articles {
		field(a.ID)
		field(a.Title)
		field(a.Published.UTC().Format(time.RFC3339))
		field(a.URL)
		field(a.Source)
		field(a.Feed)
		field(copiesField(a.AlsoIn))
		field(a.Text)
		for _, p := range a.Parts {
			field(fmt.Sprint(p.Start, p.Label))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// copiesField is the fingerprint's field for an article's copies: empty
// without copies, so that a snapshot of articles without any stays valid.
func copiesField(copies []corpus.Copy) string {
	var b strings.Builder
	for i, c := range copies {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(c.Source + "\x01" + c.URL + "\x01" + c.Feed)
	}
	return b.String()
}

// Sources lists the indexed articles, newest first.
func (e *Engine) Sources() []ArticleInfo {
	ix := e.live.Load()
	counts := passageCounts(ix)
	out := make([]ArticleInfo, len(ix.Articles))
	for i, a := range ix.Articles {
		out[i] = articleInfo(a, counts[i])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Published.After(out[j].Published) })
	return out
}

// passageCounts counts each article's passages.
func passageCounts(ix *index.Index) []int {
	counts := make([]int, len(ix.Articles))
	for _, p := range ix.Passages {
		counts[p.Article]++
	}
	return counts
}

// articleInfo describes article a, of passages passages.
func articleInfo(a corpus.Article, passages int) ArticleInfo {
	return ArticleInfo{ID: a.ID, Title: a.Title, Published: a.Published, URL: a.URL, Source: a.Source, Feed: a.Feed, AlsoIn: corpus.CopyNames(a.AlsoIn), Passages: passages}
}

// Stats describes the live index.
func (e *Engine) Stats() index.Meta { return e.live.Load().Meta }
