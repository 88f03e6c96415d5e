// Package retrieval is dossier's engine: it turns a corpus of articles into
// a searchable index and answers questions with verbatim, numbered
// citations. Sub-packages do the parts: corpus loading, sentence splitting,
// embeddings, BM25, the index snapshot, dates and timelines.
package retrieval

import (
	"errors"
	"log/slog"
	"time"

	"github.com/dossier-bot/dossier/retrieval/embed"
)

// ErrReindexRunning is returned by Reindex and Refresh while another
// Reindex or Refresh runs.
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
	Loaded     bool   // true when a persisted index was loaded, not built
	SaveError  string // why the built index could not be saved, if it could not
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

// Options configures an Engine.
type Options struct {
	// Corpus is a directory or a .jsonl file; empty means the embedded seeds.
	Corpus string
	// IndexPath is the snapshot file; empty means build in memory only.
	IndexPath string
	// Embedder makes passage and question vectors; nil means the default
	// in-process GloVe embedder.
	Embedder embed.Embedder
	// Rebuild builds the index even when a matching snapshot exists.
	Rebuild bool
	// Logger receives warnings (skipped files, rebuilt indexes); nil = slog.Default().
	Logger *slog.Logger
}
