package index

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dossier-bot/dossier/retrieval/bm25"
	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/passage"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// Update returns a new index of articles made from old, redoing the work
// only for the articles old does not hold. from[i] is the position in
// old.Articles of the article equal to articles[i] (same ID, title, date,
// text and parts), whose passages, dates, BM25 terms and vectors are
// reused, or -1 for an article that is new or changed, which is split,
// tagged, indexed and embedded. The old positions must rise along from;
// old articles that from does not name are left out.
//
// The result is what Build would give for articles with old's embedder:
// the same passages, dates, BM25 statistics and vectors. old is not
// changed and stays searchable while and after Update runs. progress may
// be nil; it counts the new passages only.
func Update(ctx context.Context, old *Index, articles []corpus.Article, from []int, fingerprint string, progress Progress) (*Index, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if old.remote != nil {
		return nil, errors.New("update index: it is kept in a shared store; update the store instead")
	}
	if err := old.checkFrom(articles, from); err != nil {
		return nil, fmt.Errorf("update index: %w", err)
	}
	if old.Meta.Tagger != timex.Version {
		return nil, fmt.Errorf("update index: %w: its dates were found by tagger version %d, want %d", ErrStale, old.Meta.Tagger, timex.Version)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("update index: %w", err)
	}
	ix := &Index{Articles: articles, embedder: old.embedder, newest: newestDate(articles), store: &store{}}

	// Split and tag the new articles.
	var added []int
	for i, o := range from {
		if o < 0 {
			added = append(added, i)
		}
	}
	split := make([][]passage.Passage, len(added))
	dates := make([][]timex.Expression, len(added))
	if err := Parallel(ctx, len(added), func(k int) {
		a := &articles[added[k]]
		split[k] = passage.Split(added[k], a.Text, passage.DefaultSizes)
		dates[k] = timex.Tag(a.Text, a.Published)
	}); err != nil {
		return nil, fmt.Errorf("update index: %w", err)
	}

	// Lay out the passages in article order: an old article's run of
	// passages, renumbered, or a new article's. oldDoc and newDoc say
	// where each old and each new passage went.
	first := old.firstPassages()
	oldDoc := make([]int, len(old.Passages))
	for p := range oldDoc {
		oldDoc[p] = -1
	}
	var fresh []passage.Passage
	var newDoc []int
	ix.Dates = make([][]timex.Expression, len(articles))
	ix.Passages = make([]passage.Passage, 0, len(old.Passages))
	k := 0
	for i, o := range from {
		if o >= 0 {
			for p := first[o]; p < first[o+1]; p++ {
				ps := old.Passages[p]
				ps.Article = i
				oldDoc[p] = len(ix.Passages)
				ix.Passages = append(ix.Passages, ps)
			}
			ix.Dates[i] = old.Dates[o]
			continue
		}
		for _, ps := range split[k] {
			newDoc = append(newDoc, len(ix.Passages))
			ix.Passages = append(ix.Passages, ps)
		}
		fresh = append(fresh, split[k]...)
		ix.Dates[i] = dates[k]
		k++
	}
	n := len(ix.Passages)
	progress("splitting", len(fresh), len(fresh))

	added25, err := buildBM25(ctx, articles, fresh)
	if err != nil {
		return nil, fmt.Errorf("update index: %w", err)
	}
	if ix.words, err = bm25.Merge(old.words, oldDoc, added25, newDoc); err != nil {
		return nil, fmt.Errorf("update index: %w", err)
	}
	vecs, err := ix.embedPassages(ctx, fresh, progress)
	if err != nil {
		return nil, fmt.Errorf("update index: %w", err)
	}
	progress("indexing", 0, len(fresh))
	if ix.vectors, err = spliceMatrix(old.vectors, oldDoc, vecs, newDoc, n); err != nil {
		return nil, fmt.Errorf("update index: %w", err)
	}
	ix.Meta = Meta{
		Version:     FormatVersion,
		Fingerprint: fingerprint,
		Embedder:    old.embedder.Name(),
		Dim:         ix.vectors.dim,
		Tagger:      timex.Version,
		Articles:    len(articles),
		Passages:    n,
		Built:       time.Now().UTC(),
	}
	progress("indexing", len(fresh), len(fresh))
	return ix, nil
}

// checkFrom checks Update's article mapping against ix: in range, rising,
// and naming articles of the same ID and text length.
func (ix *Index) checkFrom(articles []corpus.Article, from []int) error {
	if len(from) != len(articles) {
		return fmt.Errorf("%d old positions for %d articles", len(from), len(articles))
	}
	last := -1
	for i, o := range from {
		if o < 0 {
			continue
		}
		if o >= len(ix.Articles) || o <= last {
			return fmt.Errorf("article %d: old position %d out of order or range", i, o)
		}
		if a, b := &ix.Articles[o], &articles[i]; a.ID != b.ID || len(a.Text) != len(b.Text) {
			return fmt.Errorf("article %d (%s) is not old article %d (%s)", i, b.ID, o, a.ID)
		}
		last = o
	}
	return nil
}

// firstPassages returns, for each article a, the number of its first
// passage: its passages are ix.Passages[first[a]:first[a+1]].
func (ix *Index) firstPassages() []int {
	first := make([]int, len(ix.Articles)+1)
	for _, p := range ix.Passages {
		first[p.Article+1]++
	}
	for a := range ix.Articles {
		first[a+1] += first[a]
	}
	return first
}

// spliceMatrix returns a matrix of n rows: row oldDoc[r] is old's row r
// (left out where oldDoc[r] < 0) and row newDoc[j] is vecs[j].
func spliceMatrix(old *matrix, oldDoc []int, vecs [][]float32, newDoc []int, n int) (*matrix, error) {
	dim := old.dim
	switch {
	case n == 0:
		dim = 0 // as newMatrix has it
	case old.rows == 0 && len(vecs) > 0:
		dim = len(vecs[0])
	}
	m := &matrix{dim: dim, rows: n, data: make([]float32, n*dim)}
	for r, to := range oldDoc {
		if to >= 0 {
			copy(m.data[to*dim:(to+1)*dim], old.data[r*dim:(r+1)*dim])
		}
	}
	for j, v := range vecs {
		if len(v) != dim {
			return nil, fmt.Errorf("vector of new passage %d has %d dimensions, want %d", j, len(v), dim)
		}
		copy(m.data[newDoc[j]*dim:], v)
	}
	return m, nil
}
