package embed

import (
	"context"
	_ "embed"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/dossier-bot/dossier/retrieval/embed/internal/glovefile"
)

// GloVeName is the Name of the embedded GloVe embedder. Change the suffix
// whenever glove100k.bin or the sentence-vector method changes, so that old
// indexes are rebuilt instead of being queried with different vectors.
const GloVeName = "glove-6b-100d-sif/1"

//go:embed glove100k.bin
var gloveData []byte

// GloVe embeds text in-process as SIF sentence vectors over pretrained GloVe
// 6B 100-d word vectors (Arora, Liang, Ma 2017, "A Simple but
// Tough-to-Beat Baseline for Sentence Embeddings"): the average of the
// known words' vectors weighted by a/(a+p(w)), minus its projection on a
// fixed common component, L2-normalised. It needs no network and is safe
// for concurrent use.
//
// A text with no known word (empty, numbers only, another script) embeds
// to the common component itself: a unit vector orthogonal to every other
// embedding, so its cosine similarity is 0 to any text with known words
// and 1 to other texts without any.
type GloVe struct {
	vocab  vocab
	dim    int
	rows   []float32 // row i: SIF weight of word i × its dequantized vector
	common []float32 // unit common component
}

var _ Embedder = (*GloVe)(nil)

var (
	gloveOnce sync.Once
	gloveVal  *GloVe
	gloveErr  error
)

// NewGloVe returns the embedder backed by the embedded table. The table is
// decoded on the first call only; later calls return the same embedder.
func NewGloVe() (*GloVe, error) {
	gloveOnce.Do(func() {
		gloveVal, gloveErr = newGloVe(gloveData)
	})
	return gloveVal, gloveErr
}

func newGloVe(data []byte) (*GloVe, error) {
	t, err := glovefile.Read(data)
	if err != nil {
		return nil, fmt.Errorf("load embedded GloVe table: %w", err)
	}
	g := &GloVe{
		vocab:  make(vocab, len(t.Words)),
		dim:    t.Dim,
		rows:   make([]float32, len(t.Q)),
		common: make([]float32, t.Dim),
	}
	// Dequantize once with the SIF weight folded in: embedding is then a
	// plain sum of rows. 100k × 100 float32 is 40 MB and takes ~10 ms.
	// The vocabulary map is built while the rows are dequantized.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i, w := range t.Words {
			g.vocab[w] = int32(i)
		}
	}()
	d := t.Dim
	ds := t.DimScale[:d]
	for i := range t.Words {
		c := float32(t.Weight(i)) * t.RowScale[i]
		q := t.Q[i*d : i*d+d]
		row := g.rows[i*d : i*d+d]
		for j := range row {
			row[j] = c * float32(q[j]) * ds[j]
		}
	}
	<-done
	// Renormalise the stored component in float64 so that the vector
	// returned for texts without known words passes unit-length checks.
	var ss float64
	for _, x := range t.Common {
		ss += float64(x) * float64(x)
	}
	if ss == 0 {
		return nil, fmt.Errorf("load embedded GloVe table: zero common component")
	}
	for j, x := range t.Common {
		g.common[j] = float32(float64(x) / math.Sqrt(ss))
	}
	return g, nil
}

// Knows reports whether word, lower-cased, is in the table: one of the
// 100,000 most frequent words of the text GloVe was trained on.
func (g *GloVe) Knows(word string) bool {
	_, ok := g.vocab[strings.ToLower(word)]
	return ok
}

// Name identifies the table and the sentence-vector method.
func (g *GloVe) Name() string { return GloVeName }

// Dim is 100.
func (g *GloVe) Dim() int { return g.dim }

// parallelMin is the batch size from which Embed spreads work over
// GOMAXPROCS goroutines.
const parallelMin = 64

// Embed returns one unit vector per text. Large batches are embedded in
// parallel; ctx is checked between chunks.
func (g *GloVe) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	// One backing array for the whole batch: fewer allocations.
	backing := make([]float32, len(texts)*g.dim)
	for i := range out {
		out[i] = backing[i*g.dim : (i+1)*g.dim : (i+1)*g.dim]
	}
	workers := runtime.GOMAXPROCS(0)
	if len(texts) < parallelMin || workers == 1 {
		return out, g.embedRange(ctx, texts, out)
	}
	chunk := (len(texts) + workers - 1) / workers
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(texts))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = g.embedRange(ctx, texts[lo:hi], out[lo:hi])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scratch is per-goroutine working memory for embedRange.
type scratch struct {
	ids []int32
	buf []byte
	acc []float32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// embedRange fills out[i] with the vector of texts[i], checking ctx every
// few hundred texts.
func (g *GloVe) embedRange(ctx context.Context, texts []string, out [][]float32) error {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if len(sc.acc) != g.dim {
		sc.acc = make([]float32, g.dim)
	}
	for i, text := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("embed: %w", err)
			}
		}
		sc.ids, sc.buf = g.vocab.appendWordIDs(sc.ids[:0], text, sc.buf)
		g.sentence(sc.ids, sc.acc, out[i])
	}
	return nil
}

// sentence writes the unit SIF vector of the words ids into dst, using acc
// as scratch.
func (g *GloVe) sentence(ids []int32, acc, dst []float32) {
	d := g.dim
	clear(acc)
	acc = acc[:d]
	for _, id := range ids {
		row := g.rows[int(id)*d : int(id)*d+d]
		addTo(acc, row)
	}
	// Remove the common component.
	var dot float64
	for j := range acc {
		dot += float64(acc[j]) * float64(g.common[j])
	}
	var ss float64
	for j := range acc {
		x := float64(acc[j]) - dot*float64(g.common[j])
		acc[j] = float32(x)
		ss += x * x
	}
	if len(ids) == 0 || ss < 1e-20 {
		copy(dst, g.common)
		return
	}
	inv := 1 / math.Sqrt(ss)
	for j := range acc {
		dst[j] = float32(float64(acc[j]) * inv)
	}
}

// addTo adds src to dst element-wise; len(src) must be len(dst). Unrolled
// by four: this loop is where embedding spends its time.
func addTo(dst, src []float32) {
	src = src[:len(dst)]
	j := 0
	for ; j+4 <= len(dst); j += 4 {
		d := dst[j : j+4 : j+4]
		s := src[j : j+4 : j+4]
		d[0] += s[0]
		d[1] += s[1]
		d[2] += s[2]
		d[3] += s[3]
	}
	for ; j < len(dst); j++ {
		dst[j] += src[j]
	}
}
