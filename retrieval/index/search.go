package index

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// Retriever modes.
const (
	Hybrid = "hybrid"
	BM25   = "bm25"
	Vector = "vector"
)

// SearchOptions tunes one search.
type SearchOptions struct {
	K      int    // passages wanted
	Mode   string // Hybrid (default), BM25 or Vector
	Filter Filter // which articles' passages may be found
}

// Filter limits a search to the passages of some articles; a zero field
// does not limit. Since and Until bound the publication day, whole days,
// inclusive, and leave undated articles out. A Searcher applies it inside
// the search, so that k filtered hits come back whenever k exist.
type Filter struct {
	Since, Until time.Time
	Source       string // the article's source, exactly
	Feed         string // the feed it came from, exactly
}

// IsZero reports whether f limits nothing.
func (f Filter) IsZero() bool {
	return f.Since.IsZero() && f.Until.IsZero() && f.Source == "" && f.Feed == ""
}

// Keeps reports whether f keeps article a.
func (f Filter) Keeps(a *corpus.Article) bool {
	if f.Source != "" && a.Source != f.Source || f.Feed != "" && a.Feed != f.Feed {
		return false
	}
	if f.Since.IsZero() && f.Until.IsZero() {
		return true
	}
	pub := a.Published
	if pub.IsZero() {
		return false
	}
	if !f.Since.IsZero() && pub.Before(timex.DayStart(f.Since)) {
		return false
	}
	return f.Until.IsZero() || pub.Before(timex.DayStart(f.Until).AddDate(0, 0, 1))
}

// Hit is one passage found by a search, with its fused score.
type Hit struct {
	Passage int
	Score   float64
}

// Searcher searches the passages of an index kept elsewhere, such as a
// database shared by several processes. Passages are numbered as in the
// Index it serves.
type Searcher interface {
	// Search is Index.Search.
	Search(ctx context.Context, query string, opts SearchOptions) ([]Hit, error)
	// WordHits is Index.WordHits.
	WordHits(ctx context.Context, terms []string, k int) ([]Hit, error)
	// IDF is Index.IDF.
	IDF(term string) float64
}

// Fusion weights for reciprocal rank fusion: a passage scores
// w/(rrfK+rank) in each list it appears in. Averaged word vectors retrieve
// worse than BM25 on their own, so their list counts for less; they add
// the synonym and paraphrase matches BM25 misses.
const (
	rrfK         = 60
	bm25Weight   = 1.0
	vectorWeight = 0.5
	// Candidates is how deep each list is read before fusion.
	Candidates = 100
)

// Search finds the passages that best match query.
func (ix *Index) Search(ctx context.Context, query string, opts SearchOptions) ([]Hit, error) {
	if opts.K <= 0 {
		opts.K = 10
	}
	if ix.remote != nil {
		return ix.remote.Search(ctx, query, opts)
	}
	depth := max(Candidates, opts.K)
	var keepDoc func(int) bool
	if !opts.Filter.IsZero() {
		keepDoc = func(p int) bool { return opts.Filter.Keeps(&ix.Articles[ix.Passages[p].Article]) }
	}
	var words, vectors []int
	if opts.Mode != Vector {
		for _, bh := range ix.words.Search(query, depth, keepDoc) {
			words = append(words, bh.Doc)
		}
	}
	if opts.Mode != BM25 {
		vs, err := ix.embedder.Embed(ctx, []string{query})
		if err != nil {
			return nil, fmt.Errorf("embed question: %w", err)
		}
		for _, s := range ix.vectors.top(vs[0], depth, keepDoc) {
			vectors = append(vectors, s.row)
		}
	}
	return Fuse(words, vectors, opts.K), nil
}

// Fuse merges a BM25 ranking and a vector ranking of passages, best
// first, by weighted reciprocal rank fusion, and keeps the k best; equal
// scores go by ascending passage.
func Fuse(words, vectors []int, k int) []Hit {
	hits := map[int]*Hit{}
	add := func(p int, score float64) {
		h, ok := hits[p]
		if !ok {
			h = &Hit{Passage: p}
			hits[p] = h
		}
		h.Score += score
	}
	for r, p := range words {
		add(p, bm25Weight/float64(rrfK+r+1))
	}
	for r, p := range vectors {
		add(p, vectorWeight/float64(rrfK+r+1))
	}
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Passage < out[j].Passage
	})
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// WordHits returns the k passages whose words (and article titles) best
// match terms (as textseg.Terms gives them), scored by BM25 alone, best
// first.
func (ix *Index) WordHits(ctx context.Context, terms []string, k int) ([]Hit, error) {
	if ix.remote != nil {
		return ix.remote.WordHits(ctx, terms, k)
	}
	bh := ix.words.SearchTerms(terms, k, nil)
	out := make([]Hit, len(bh))
	for i, h := range bh {
		out[i] = Hit{Passage: h.Doc, Score: h.Score}
	}
	return out, nil
}
