// Package retrieval is dossier's engine: it turns a corpus of articles into
// a searchable index and answers questions with verbatim, numbered
// citations. Sub-packages do the parts: corpus loading, sentence splitting,
// embeddings, BM25, the index snapshot, dates and timelines.
package retrieval

import (
	"context"
	"errors"
	"log/slog"

	"github.com/dossier-bot/dossier/retrieval/embed"
	"time"
)

// ErrReindexRunning is returned by Reindex while another reindex runs.
var ErrReindexRunning = errors.New("a reindex is already running")

// Progress reports how far a build has got.
type Progress struct {
	Stage         string // "reading", "embedding", "indexing", "saving"
	FilesRead     int
	Articles      int
	PassagesDone  int
	PassagesTotal int
}

// BuildSummary describes a finished index build.
type BuildSummary struct {
	Articles   int
	Passages   int
	Duplicates int
	Skipped    []SkippedFile
	Took       time.Duration
	Loaded     bool // true when a persisted index was loaded, not built
}

// SkippedFile is a corpus file that was not indexed and why.
type SkippedFile struct {
	Path   string
	Reason string
}

// ArticleInfo is one indexed article, as /sources and `dossier sources` list it.
type ArticleInfo struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Published time.Time `json:"published"`
	URL       string    `json:"url"`
	Source    string    `json:"source"`
	Passages  int       `json:"passages"`
}

// Ensure the interface shape stays used.
var _ = context.Background

// Options configures an Engine.
type Options struct {
	// Corpus is a directory or a .jsonl file; empty means the embedded seeds.
	Corpus string
	// IndexPath is the snapshot file; empty means build in memory only.
	IndexPath string
	// Embedder makes passage and question vectors; nil means the default
	// in-process GloVe embedder.
	Embedder embed.Embedder
	// Logger receives warnings (skipped files, rebuilt indexes); nil = slog.Default().
	Logger *slog.Logger
}

// Engine answers questions over one corpus. It is safe for concurrent use:
// Reindex builds a new index beside the live one and swaps it in atomically,
// so questions asked meanwhile are answered from the old index.
type Engine struct {
	opts Options
}

// Open loads the corpus and its persisted index, or builds the index when
// the snapshot is missing, stale or corrupt. progress may be nil.
func Open(ctx context.Context, opts Options, progress func(Progress)) (*Engine, BuildSummary, error) {
	return nil, BuildSummary{}, errors.New("not implemented yet")
}

// Ask answers question with numbered citations. An empty or over-long
// question returns ErrEmptyQuestion or ErrQuestionTooLong.
func (e *Engine) Ask(ctx context.Context, question string, opts AskOptions) (Answer, error) {
	return Answer{}, errors.New("not implemented yet")
}

// Sources lists the indexed articles, newest first.
func (e *Engine) Sources() []ArticleInfo { return nil }

// Reindex re-reads the corpus, builds a new index and swaps it in. While it
// runs, another call returns ErrReindexRunning. On failure the old index stays.
func (e *Engine) Reindex(ctx context.Context, progress func(Progress)) (BuildSummary, error) {
	return BuildSummary{}, errors.New("not implemented yet")
}
