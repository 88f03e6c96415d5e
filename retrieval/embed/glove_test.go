package embed

import (
	"context"
	"hash/crc32"
	"math"
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/embed/internal/glovefile"
)

func newTestGloVe(t testing.TB) *GloVe {
	t.Helper()
	g, err := NewGloVe()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func cos(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func vnorm(v []float32) float64 { return math.Sqrt(cos(v, v)) }

func embedAll(t *testing.T, e Embedder, texts ...string) [][]float32 {
	t.Helper()
	vs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != len(texts) {
		t.Fatalf("got %d vectors for %d texts", len(vs), len(texts))
	}
	return vs
}

func TestGloVeRelatedCloserThanUnrelated(t *testing.T) {
	g := newTestGloVe(t)
	cases := []struct{ anchor, related, unrelated string }{
		{"Huawei smartphone maker", "Chinese phone company", "football match result"},
		{"The central bank raised interest rates to fight inflation.", "Monetary policy was tightened as prices kept rising.", "The striker scored twice in the second half."},
		{"Wildfires forced thousands to evacuate their homes.", "Firefighters battled the blaze as residents fled.", "The parliament approved the budget on Tuesday."},
		{"The senator won re-election in November.", "Voters returned the lawmaker to Congress.", "Heavy rain flooded the village overnight."},
	}
	for _, c := range cases {
		vs := embedAll(t, g, c.anchor, c.related, c.unrelated)
		rel, unrel := cos(vs[0], vs[1]), cos(vs[0], vs[2])
		t.Logf("%q: related %.3f unrelated %.3f", c.anchor, rel, unrel)
		if rel <= unrel+0.05 {
			t.Errorf("%q: related %q cos=%.3f, unrelated %q cos=%.3f; want related clearly higher", c.anchor, c.related, rel, c.unrelated, unrel)
		}
	}
}

func TestGloVeUnitDeterministicDim(t *testing.T) {
	g := newTestGloVe(t)
	if g.Dim() != 100 {
		t.Fatalf("Dim() = %d, want 100", g.Dim())
	}
	if g.Name() != "glove-6b-100d-sif/1" {
		t.Fatalf("Name() = %q", g.Name())
	}
	texts := []string{"Ukraine's president met European leaders in Kyiv.", "don't", "", "12345 67", "漢字", "well-known e-mail", "Café au lait"}
	a := embedAll(t, g, texts...)
	b := embedAll(t, g, texts...)
	for i := range texts {
		if len(a[i]) != 100 {
			t.Fatalf("%q: len %d", texts[i], len(a[i]))
		}
		if n := vnorm(a[i]); math.Abs(n-1) > 1e-6 {
			t.Errorf("%q: norm %.9f, want 1", texts[i], n)
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] || math.IsNaN(float64(a[i][j])) {
				t.Fatalf("%q: not deterministic or NaN at %d", texts[i], j)
			}
		}
	}
	// The same text alone and in a parallel batch gives the same vector.
	batch := make([]string, 300)
	for i := range batch {
		batch[i] = texts[i%len(texts)]
	}
	big := embedAll(t, g, batch...)
	for i := range big {
		if cos(big[i], a[i%len(texts)]) < 1-1e-6 {
			t.Fatalf("batch item %d differs from single embedding", i)
		}
	}
}

func TestGloVeNoKnownWords(t *testing.T) {
	g := newTestGloVe(t)
	vs := embedAll(t, g, "", "   ...  ", "12345", "Москва", "A cabinet minister resigned.")
	for i := 1; i < 4; i++ {
		if c := cos(vs[0], vs[i]); c < 1-1e-6 {
			t.Errorf("text %d without known words: cos to empty text %.6f, want 1", i, c)
		}
	}
	if c := cos(vs[0], vs[4]); math.Abs(c) > 1e-5 {
		t.Errorf("empty text vs a real sentence: cos %.6f, want 0", c)
	}
}

func TestGloVeTokenization(t *testing.T) {
	g := newTestGloVe(t)
	tab, err := glovefile.Read(gloveData)
	if err != nil {
		t.Fatal(err)
	}
	words := func(text string) string {
		ids, _ := g.vocab.appendWordIDs(nil, text, nil)
		var out []string
		for _, id := range ids {
			out = append(out, tab.Words[id])
		}
		return strings.Join(out, " ")
	}
	cases := map[string]string{
		"The well-known U.S. company":      "the well-known company", // "u", "s" are not in the table
		"She didn't go; they can't.":       "she did not go they can not",
		"Huawei’s phones won’t sell":       "huawei phones will not sell",
		"state-of-the-art xyzzy-foo":       "state-of-the-art foo",
		"'quoted' Jones' house":            "quoted jones house",
		"Café, naïve résumé":               "cafe naive resume",
		"O'Neill scored":                   "neill scored", // no single letters in the table
		"COVID-19 pandemic":                "pandemic",
		"semi-final\u2011round":            "semi-final round",
		"anti-government anti-war-protest": "anti-government anti-war protest",
		"--dash-- -leading trailing-":      "dash leading trailing",
	}
	for in, want := range cases {
		if got := words(in); got != want {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every table word must be reachable: tokenizing it yields exactly itself.
func TestGloVeEveryTableWordReachable(t *testing.T) {
	g := newTestGloVe(t)
	tab, err := glovefile.Read(gloveData)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int32
	var buf []byte
	for i, w := range tab.Words {
		ids, buf = g.vocab.appendWordIDs(ids[:0], w, buf)
		if len(ids) != 1 || ids[0] != int32(i) {
			t.Fatalf("word %q tokenizes to %v, want [%d]", w, ids, i)
		}
	}
}

func TestGloVeContextCancelled(t *testing.T) {
	g := newTestGloVe(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Embed(ctx, []string{"anything"}); err == nil {
		t.Fatal("Embed with a cancelled context succeeded")
	}
}

// The file's checksum is pinned with the Name: regenerating the table
// must come with a new GloVeName so old indexes are not served.
func TestGloVeNamePinnedToFile(t *testing.T) {
	const want = 0xdbb3a4e1 // crc32 of glove100k.bin for GloVeName
	if got := crc32.ChecksumIEEE(gloveData); got != want {
		t.Fatalf("glove100k.bin changed (crc32 %#x): bump GloVeName's version and update this test", got)
	}
}

// BenchmarkGloVeLoad measures start-up cost of the embedded vectors
// (about 25 ms on two cores).
func BenchmarkGloVeLoad(b *testing.B) {
	for b.Loop() {
		if _, err := newGloVe(gloveData); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGloVeEmbedPassage(b *testing.B) {
	g := newTestGloVe(b)
	text := strings.Repeat("The company said on Tuesday that its quarterly profit rose sharply as demand for smartphones recovered in China and Europe, beating analysts' forecasts. ", 4)
	texts := []string{text}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		g.Embed(ctx, texts)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "passages/s")
}

func BenchmarkGloVeEmbedBatch(b *testing.B) {
	g := newTestGloVe(b)
	text := strings.Repeat("The company said on Tuesday that its quarterly profit rose sharply as demand for smartphones recovered in China and Europe, beating analysts' forecasts. ", 4)
	texts := make([]string, 1024)
	for i := range texts {
		texts[i] = text
	}
	ctx := context.Background()
	for b.Loop() {
		g.Embed(ctx, texts)
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "passages/s")
}
