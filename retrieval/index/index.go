// Package index holds the searchable form of a corpus: its passages, a BM25
// index over their words and a matrix of their vectors, fused at query
// time; the vectors are exported as a chromem-go collection. An Index is
// immutable once built and safe for concurrent searches; it is saved to
// and loaded from one snapshot file, and Update makes a new one from it
// for a changed corpus.
package index

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/dossier-bot/dossier/retrieval/bm25"
	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/passage"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// Pipeline names how passages are split and their terms analysed. It
// changes whenever either does, so that an index built otherwise, a
// snapshot or the shared index in PostgreSQL, is rebuilt rather than
// searched with terms it was not built with.
// 2: sentences end after numbers ("in 1998. The"); 3: over-long sentences
// cut between characters.
const Pipeline = "passages/3"

// Meta describes an index: what it was built from and with.
type Meta struct {
	Version     int    `json:"version"`
	Fingerprint string `json:"fingerprint"`
	// Corpus names what the index was built from (a path, or the embedded
	// seeds), so that a snapshot of one corpus is not replaced by an index
	// of another unasked; "" in snapshots written before it was recorded.
	Corpus   string    `json:"corpus,omitempty"`
	Embedder string    `json:"embedder"`
	Dim      int       `json:"dim"`
	Tagger   int       `json:"tagger"` // timex.Version the dates were found with
	Articles int       `json:"articles"`
	Passages int       `json:"passages"`
	Built    time.Time `json:"built"`
}

// Index is a built corpus index.
type Index struct {
	Meta     Meta
	Articles []corpus.Article
	Passages []passage.Passage
	// Dates holds each article's temporal expressions, resolved against
	// its publication date when the index was built.
	Dates [][]timex.Expression

	embedder embed.Embedder
	words    *bm25.Index
	vectors  *matrix
	store    *store    // the chromem-go collection, made on first use
	newest   time.Time // latest publication date of the articles
	remote   Searcher  // searches the passages instead of words and vectors, when set
}

// NewRemote returns an Index of articles, their passages and dates whose
// searches go to s, an index kept elsewhere (see Searcher); it holds no
// words or vectors of its own and cannot be saved or updated.
func NewRemote(meta Meta, articles []corpus.Article, passages []passage.Passage, dates [][]timex.Expression, s Searcher) *Index {
	return &Index{Meta: meta, Articles: articles, Passages: passages, Dates: dates, remote: s, newest: newestDate(articles)}
}

// Remote reports whether ix is searched elsewhere (NewRemote).
func (ix *Index) Remote() bool { return ix.remote != nil }

// Searcher returns the Searcher NewRemote gave ix, or nil.
func (ix *Index) Searcher() Searcher { return ix.remote }

// Progress reports build progress: stage is "splitting", "embedding" or
// "indexing"; done counts passages out of total.
type Progress func(stage string, done, total int)

// Build splits the articles into passages, embeds them and indexes them.
// fingerprint identifies the corpus, so a saved index can be checked
// against it later. Every stage stops soon after ctx is done, and Build
// then returns an error wrapping ctx.Err().
func Build(ctx context.Context, articles []corpus.Article, emb embed.Embedder, fingerprint string, progress Progress) (*Index, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	ix := &Index{Articles: articles, embedder: emb, newest: newestDate(articles)}
	var err error
	if ix.Passages, err = splitAll(ctx, articles); err != nil {
		return nil, err
	}
	if ix.Dates, err = tagAll(ctx, articles); err != nil {
		return nil, err
	}
	n := len(ix.Passages)
	progress("splitting", n, n)

	if ix.words, err = buildBM25(ctx, articles, ix.Passages); err != nil {
		return nil, err
	}

	vecs, err := ix.embedPassages(ctx, ix.Passages, progress)
	if err != nil {
		return nil, err
	}
	progress("indexing", 0, n)
	ix.store = &store{}
	ix.vectors, err = newMatrix(vecs)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	ix.Meta = Meta{
		Version:     FormatVersion,
		Fingerprint: fingerprint,
		Embedder:    emb.Name(),
		Dim:         ix.vectors.dim,
		Tagger:      timex.Version,
		Articles:    len(articles),
		Passages:    n,
		Built:       time.Now().UTC(),
	}
	progress("indexing", n, n)
	return ix, nil
}

// splitAll splits every article into passages, in parallel, keeping order.
func splitAll(ctx context.Context, articles []corpus.Article) ([]passage.Passage, error) {
	per := make([][]passage.Passage, len(articles))
	err := Parallel(ctx, len(articles), func(i int) {
		per[i] = passage.Split(i, articles[i].Text, passage.DefaultSizes)
	})
	if err != nil {
		return nil, fmt.Errorf("split articles: %w", err)
	}
	var all []passage.Passage
	for _, ps := range per {
		all = append(all, ps...)
	}
	return all, nil
}

// tagAll finds every article's temporal expressions, in parallel,
// resolving them against its publication date.
func tagAll(ctx context.Context, articles []corpus.Article) ([][]timex.Expression, error) {
	out := make([][]timex.Expression, len(articles))
	err := Parallel(ctx, len(articles), func(i int) {
		out[i] = timex.Tag(articles[i].Text, articles[i].Published)
	})
	if err != nil {
		return nil, fmt.Errorf("find dates: %w", err)
	}
	return out, nil
}

// Parallel calls do(i) for every i in [0, n) on GOMAXPROCS goroutines.
// It hands out no more work once ctx is done, and then returns ctx.Err()
// after the calls already running have returned.
func Parallel(ctx context.Context, n int, do func(i int)) error {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
			}
		}()
	}
	defer wg.Wait()
	defer close(next)
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// checkEvery is how many items a sequential build loop handles between
// looks at its context.
const checkEvery = 256

// buildBM25 indexes each passage's words together with its article's title,
// so a passage that never names its subject is still found by it.
func buildBM25(ctx context.Context, articles []corpus.Article, passages []passage.Passage) (*bm25.Index, error) {
	b := bm25.NewBuilder()
	titleTerms := make([][]string, len(articles))
	for i, p := range passages {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("index words: %w", ctx.Err())
		}
		a := &articles[p.Article]
		if titleTerms[p.Article] == nil {
			titleTerms[p.Article] = textseg.Terms(a.Title)
		}
		b.AddTerms(i, WordTerms(a, p, titleTerms[p.Article]))
	}
	return b.Build(), nil
}

// WordTerms returns the BM25 terms of passage p of article a: its words
// and its article's title's, titleTerms (textseg.Terms of the title).
func WordTerms(a *corpus.Article, p passage.Passage, titleTerms []string) []string {
	return append(textseg.Terms(a.Text[p.Start:p.End]), titleTerms...)
}

// EmbedText returns what the embedder sees for passage p of article a:
// its article's title and its text.
func EmbedText(a *corpus.Article, p passage.Passage) string {
	return a.Title + "\n" + a.Text[p.Start:p.End]
}

func (ix *Index) embedText(p passage.Passage) string { return EmbedText(&ix.Articles[p.Article], p) }

// embedBatch is how many passages embedPassages sends the embedder at once;
// a variable so that tests can use small corpora.
var embedBatch = 512

// embedPassages embeds passages of ix's articles in batches, reporting
// progress.
func (ix *Index) embedPassages(ctx context.Context, passages []passage.Passage, progress Progress) ([][]float32, error) {
	batch := embedBatch
	n := len(passages)
	vecs := make([][]float32, 0, n)
	texts := make([]string, 0, batch)
	for start := 0; start < n; start += batch {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("embed passages: %w", err)
		}
		end := min(start+batch, n)
		texts = texts[:0]
		for _, p := range passages[start:end] {
			texts = append(texts, ix.embedText(p))
		}
		vs, err := ix.embedder.Embed(ctx, texts)
		if err != nil {
			return nil, fmt.Errorf("embed passages %d-%d: %w", start, end, err)
		}
		if len(vs) != len(texts) {
			return nil, fmt.Errorf("embed passages %d-%d: got %d vectors for %d texts", start, end, len(vs), len(texts))
		}
		vecs = append(vecs, vs...)
		progress("embedding", end, n)
	}
	return vecs, nil
}

// Text returns the text of passage i.
func (ix *Index) Text(i int) string {
	p := ix.Passages[i]
	return ix.Articles[p.Article].Text[p.Start:p.End]
}

// IDF returns the BM25 inverse document frequency of a search term.
func (ix *Index) IDF(term string) float64 {
	if ix.remote != nil {
		return ix.remote.IDF(term)
	}
	return ix.words.IDF(term)
}

// Seen reports whether some passage holds term: its IDF is below that of
// a term none holds (textseg never makes one of a NUL byte).
func (ix *Index) Seen(term string) bool { return ix.IDF(term) < ix.IDF("\x00") }

// Newest returns the latest publication date in the corpus, or the zero
// time when no article is dated.
func (ix *Index) Newest() time.Time { return ix.newest }

func newestDate(articles []corpus.Article) time.Time {
	var newest time.Time
	for _, a := range articles {
		if a.Published.After(newest) {
			newest = a.Published
		}
	}
	return newest
}

// InArticle reports whether term (as textseg.Terms gives it) occurs in the
// text or title of the article that passage p belongs to.
func (ix *Index) InArticle(term string, p int) bool {
	lo, hi := ix.ArticlePassages(p)
	if ix.remote != nil {
		for q := lo; q < hi; q++ {
			if ix.InPassage(term, q) {
				return true
			}
		}
		return false
	}
	return ix.words.OccursIn(term, lo, hi)
}

// ArticlePassages returns the range [lo, hi) of the passages of the
// article passage p belongs to: an article's passages are consecutive.
func (ix *Index) ArticlePassages(p int) (lo, hi int) {
	a := ix.Passages[p].Article
	lo = p - ix.Passages[p].Seq
	for lo > 0 && ix.Passages[lo-1].Article == a { // Seq should make this a no-op
		lo--
	}
	for lo < p && ix.Passages[lo].Article != a {
		lo++
	}
	hi = p + 1
	for hi < len(ix.Passages) && ix.Passages[hi].Article == a {
		hi++
	}
	return lo, hi
}

// InPassage reports whether term occurs in passage p or its article's title.
func (ix *Index) InPassage(term string, p int) bool {
	if ix.remote != nil {
		// The words are in the database; the passage's text is here.
		a := &ix.Articles[ix.Passages[p].Article]
		return slices.Contains(WordTerms(a, ix.Passages[p], textseg.Terms(a.Title)), term)
	}
	return ix.words.OccursIn(term, p, p+1)
}
