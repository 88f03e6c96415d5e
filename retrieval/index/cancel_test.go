package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/passage"
)

// countingEmbedder gives every text the same unit vector and counts calls.
type countingEmbedder struct{ calls atomic.Int32 }

func (*countingEmbedder) Name() string { return "counting/1" }
func (*countingEmbedder) Dim() int     { return 2 }
func (e *countingEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	e.calls.Add(1)
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = []float32{1, 0}
	}
	return out, nil
}

// manyArticles makes a corpus of n articles of two or three passages.
func manyArticles(n int) []corpus.Article {
	var b strings.Builder
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&b, "The council met on Monday, June %d, 2019, and approved plan number %d for the harbour. ", i%28+1, i)
	}
	articles := make([]corpus.Article, n)
	for i := range articles {
		articles[i] = corpus.Article{ID: fmt.Sprint(i), Title: fmt.Sprintf("Harbour plan %d", i), Text: b.String(),
			Published: time.Date(2019, 6, 4, 0, 0, 0, 0, time.UTC)}
	}
	return articles
}

// A build whose context is cancelled stops at the next stage or batch and
// returns ctx.Err(), wrapped: it neither embeds the rest nor returns an
// index built from part of the corpus.
func TestBuildStopsWhenCancelled(t *testing.T) {
	orig := embedBatch
	t.Cleanup(func() { embedBatch = orig })
	embedBatch = 8
	articles := manyArticles(8)
	stages := []struct {
		name      string
		cancelAt  string // progress stage that cancels; "" = cancelled before Build
		wantCalls int32  // Embed calls made before Build gives up
	}{
		{"before the build", "", 0},
		{"after splitting", "splitting", 0},
		{"after the first batch", "embedding", 1},
		{"while indexing", "indexing", -1}, // every batch is embedded by then
	}
	for _, st := range stages {
		t.Run(st.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if st.cancelAt == "" {
				cancel()
			}
			emb := &countingEmbedder{}
			var reports []string
			ix, err := Build(ctx, articles, emb, "fp", func(stage string, done, total int) {
				reports = append(reports, stage)
				if stage == st.cancelAt {
					cancel()
				}
			})
			if !errors.Is(err, context.Canceled) || ix != nil {
				t.Fatalf("Build returned an index: %v, error %v; want none and context.Canceled", ix != nil, err)
			}
			if st.wantCalls >= 0 && emb.calls.Load() != st.wantCalls {
				t.Errorf("%d Embed calls after the cancel, want %d", emb.calls.Load(), st.wantCalls)
			}
			if st.cancelAt == "" && len(reports) != 0 {
				t.Errorf("a cancelled build reported progress %v", reports)
			}
		})
	}
	n := 0
	for i, a := range articles {
		n += len(passage.Split(i, a.Text, passage.DefaultSizes))
	}
	if n <= embedBatch {
		t.Fatalf("only %d passages: the test needs more than one embedding batch", n)
	}
}
