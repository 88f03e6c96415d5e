package embed

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

// newsPassages reads up to max passages of the given number of words from
// the shared RealTime QA articles, or skips when they are absent.
func newsPassages(tb testing.TB, words, max int) []string {
	tb.Helper()
	f, err := os.Open("../../../shared/eval/rtqa-2022/articles.jsonl")
	if err != nil {
		tb.Skipf("shared evaluation data not available: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var out []string
	for sc.Scan() && len(out) < max {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatal(err)
		}
		ws := strings.Fields(a.Text)
		for i := 0; i+words <= len(ws) && len(out) < max; i += words {
			out = append(out, strings.Join(ws[i:i+words], " "))
		}
	}
	return out
}

// The common component shipped in the table was estimated from synthetic
// Zipf sentences; it must agree with the first principal component of SIF
// vectors of real news passages.
func TestGloVeCommonComponentMatchesNews(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the news corpus")
	}
	g := newTestGloVe(t)
	d := g.dim
	second := make([]float64, d*d) // uncentred second moment, as in SIF
	var ids []int32
	var buf []byte
	raw := make([]float32, d)
	for _, p := range newsPassages(t, 100, 4000) {
		ids, buf = g.vocab.appendWordIDs(ids[:0], p, buf)
		if len(ids) == 0 {
			continue
		}
		clear(raw)
		for _, id := range ids {
			addTo(raw, g.rows[int(id)*d:int(id)*d+d])
		}
		for a := 0; a < d; a++ {
			for b := 0; b < d; b++ {
				second[a*d+b] += float64(raw[a]) * float64(raw[b]) / float64(len(ids)*len(ids))
			}
		}
	}
	pc := make([]float64, d)
	for i := range pc {
		pc[i] = 1
	}
	for range 300 {
		next := make([]float64, d)
		var n float64
		for a := 0; a < d; a++ {
			for b := 0; b < d; b++ {
				next[a] += second[a*d+b] * pc[b]
			}
			n += next[a] * next[a]
		}
		for a := range next {
			next[a] /= math.Sqrt(n)
		}
		pc = next
	}
	var dot float64
	for j := range pc {
		dot += pc[j] * float64(g.common[j])
	}
	if math.Abs(dot) < 0.97 {
		t.Errorf("|cos(stored common component, news first PC)| = %.3f, want >= 0.97", math.Abs(dot))
	}
	t.Logf("|cos(stored common component, news first PC)| = %.4f", math.Abs(dot))
}

// BenchmarkGloVeNewsSingleCore embeds real ~100-word news passages on one
// goroutine.
func BenchmarkGloVeNewsSingleCore(b *testing.B) {
	g := newTestGloVe(b)
	texts := newsPassages(b, 100, 4096)
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = make([]float32, g.dim)
	}
	ctx := context.Background()
	for b.Loop() {
		if err := g.embedRange(ctx, texts, out); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "passages/s")
}

// BenchmarkGloVeNewsBatch embeds the same passages through Embed, which
// uses GOMAXPROCS goroutines.
func BenchmarkGloVeNewsBatch(b *testing.B) {
	g := newTestGloVe(b)
	texts := newsPassages(b, 100, 4096)
	ctx := context.Background()
	for b.Loop() {
		if _, err := g.Embed(ctx, texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "passages/s")
}
