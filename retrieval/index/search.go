package index

import (
	"context"
	"fmt"
	"sort"
)

// Retriever modes.
const (
	Hybrid = "hybrid"
	BM25   = "bm25"
	Vector = "vector"
)

// SearchOptions tunes one search.
type SearchOptions struct {
	K    int    // passages wanted
	Mode string // Hybrid (default), BM25 or Vector
	// Keep, when set, limits the search to passages of articles it accepts.
	Keep func(article int) bool
}

// Hit is one passage found by a search, with its fused score.
type Hit struct {
	Passage int
	Score   float64
}

// Fusion weights for reciprocal rank fusion: a passage scores
// w/(rrfK+rank) in each list it appears in. Averaged word vectors retrieve
// worse than BM25 on their own, so their list counts for less; they add
// the synonym and paraphrase matches BM25 misses.
const (
	rrfK         = 60
	bm25Weight   = 1.0
	vectorWeight = 0.5
	// candidates is how deep each list is read before fusion.
	candidates = 100
)

// Search finds the passages that best match query.
func (ix *Index) Search(ctx context.Context, query string, opts SearchOptions) ([]Hit, error) {
	if opts.K <= 0 {
		opts.K = 10
	}
	depth := max(candidates, opts.K)
	var keepDoc func(int) bool
	if opts.Keep != nil {
		keepDoc = func(p int) bool { return opts.Keep(ix.Passages[p].Article) }
	}
	hits := map[int]*Hit{}
	get := func(p int) *Hit {
		h, ok := hits[p]
		if !ok {
			h = &Hit{Passage: p}
			hits[p] = h
		}
		return h
	}
	if opts.Mode != Vector {
		for r, bh := range ix.words.Search(query, depth, keepDoc) {
			get(bh.Doc).Score += bm25Weight / float64(rrfK+r+1)
		}
	}
	if opts.Mode != BM25 {
		vs, err := ix.embedder.Embed(ctx, []string{query})
		if err != nil {
			return nil, fmt.Errorf("embed question: %w", err)
		}
		for r, s := range ix.vectors.top(vs[0], depth, keepDoc) {
			get(s.row).Score += vectorWeight / float64(rrfK+r+1)
		}
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
	if len(out) > opts.K {
		out = out[:opts.K]
	}
	return out, nil
}

// WordHits returns the k passages whose words (and article titles) best
// match terms (as textseg.Terms gives them), scored by BM25 alone, best
// first.
func (ix *Index) WordHits(terms []string, k int) []Hit {
	bh := ix.words.SearchTerms(terms, k, nil)
	out := make([]Hit, len(bh))
	for i, h := range bh {
		out[i] = Hit{Passage: h.Doc, Score: h.Score}
	}
	return out
}
