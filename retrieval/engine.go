// Package retrieval is dossier's engine: it turns a corpus of articles into
// a searchable index and answers questions with verbatim, numbered
// citations. Sub-packages do the parts: corpus loading, sentence splitting,
// embeddings, BM25, the index snapshot, dates and timelines.
package retrieval

import (
	"errors"
	"log/slog"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
)

// ErrReindexRunning is returned by Reindex and Refresh while another
// Reindex or Refresh runs.
var ErrReindexRunning = errors.New("a reindex is already running")

// ErrOtherCorpus is returned by Open and Reindex when the snapshot at the
// index path is intact but was built from another corpus, and Options.Replace
// is not set: it is never overwritten unasked.
var ErrOtherCorpus = errors.New("the index snapshot was built from another corpus")

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

// SkippedFile is a corpus file, or a line of a JSON Lines file, that was
// not indexed and why; corpus.DescribeSkipped counts a list of them.
type SkippedFile = corpus.Skipped

// ArticleInfo is one indexed article, as /sources and `dossier sources` list it.
type ArticleInfo struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Published time.Time `json:"published"`
	URL       string    `json:"url"`
	Source    string    `json:"source"`
	Feed      string    `json:"feed,omitempty"`
	AlsoIn    []string  `json:"also_in,omitempty"`
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
	// Replace lets the built index overwrite a snapshot built from another
	// corpus; without it, Open fails with ErrOtherCorpus instead.
	Replace bool
	// Logger receives warnings (skipped files, rebuilt indexes); nil = slog.Default().
	Logger *slog.Logger
	// QuietSkips leaves skipped files and lines out of the log, for a
	// caller that shows BuildSummary.Skipped itself.
	QuietSkips bool
	// Store, when set, keeps the index in PostgreSQL, shared with other
	// processes: Open loads it (filling an empty store with the corpus),
	// Refresh adds the corpus's new articles to it, Follow picks up what
	// other processes added, and IndexPath is not used.
	Store *pgstore.Store
	// SyncCorpus makes Open sync the store with the corpus first, so
	// that it holds exactly the corpus's articles.
	SyncCorpus bool
}
