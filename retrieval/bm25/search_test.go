package bm25

import (
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/textseg"
)

func docs(ds ...string) *Index { return buildIndex(ds) }

func score(t *testing.T, ix *Index, query string, doc int) float64 {
	t.Helper()
	for _, h := range ix.Search(query, ix.Len(), nil) {
		if h.Doc == doc {
			return h.Score
		}
	}
	t.Fatalf("doc %d does not match %q", doc, query)
	return 0
}

func hitDocs(hits []Hit) []int {
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.Doc
	}
	return out
}

func TestRareTermOutranksCommon(t *testing.T) {
	ix := docs(
		"the court ruled on monday about taxes",
		"a volcano erupted on monday near the town",
		"the court heard the appeal",
		"the court adjourned",
		"the supreme court met",
	)
	got := hitDocs(ix.Search("court volcano", 5, nil))
	if got[0] != 1 {
		t.Fatalf("ranking %v: the passage with the rare word volcano should lead", got)
	}
	if ix.IDF("volcano") <= ix.IDF("court") {
		t.Errorf("IDF(volcano)=%v <= IDF(court)=%v", ix.IDF("volcano"), ix.IDF("court"))
	}
	if ix.IDF("neverseen") <= ix.IDF("volcano") {
		t.Errorf("IDF of an unindexed term %v should exceed every indexed one", ix.IDF("neverseen"))
	}
}

func TestTermFrequencySaturates(t *testing.T) {
	// Same length (8 terms), 1, 2, 4 and 8 occurrences of "quake".
	ix := docs(
		"quake alpha bravo charlie delta echo foxtrot golf",
		"quake quake bravo charlie delta echo foxtrot golf",
		"quake quake quake quake delta echo foxtrot golf",
		"quake quake quake quake quake quake quake quake",
		"hotel india juliet kilo lima mike november oscar",
	)
	s := []float64{score(t, ix, "quake", 0), score(t, ix, "quake", 1), score(t, ix, "quake", 2), score(t, ix, "quake", 3)}
	for i := 1; i < len(s); i++ {
		if s[i] <= s[i-1] {
			t.Fatalf("scores %v should grow with term frequency", s)
		}
	}
	// Each doubling adds less than the one before, and no score passes
	// idf*(k1+1).
	if !(s[3]-s[2] < s[2]-s[1] && s[2]-s[1] < s[1]-s[0]) {
		t.Errorf("scores %v do not saturate", s)
	}
	if ceil := ix.IDF("quake") * (DefaultK1 + 1); s[3] >= ceil {
		t.Errorf("score %v reaches the ceiling %v", s[3], ceil)
	}
}

func TestLengthNormalisation(t *testing.T) {
	ix := docs(
		"flood warning",
		"flood warning issued for the river valley towns after heavy rain overnight",
		"sunny weather",
	)
	got := hitDocs(ix.Search("flood", 3, nil))
	if !slices.Equal(got, []int{0, 1}) {
		t.Fatalf("got %v, want the short passage before the long one: [0 1]", got)
	}
}

// TestScoresMatchFormula checks every score against BM25 computed directly
// from the definition, in float64.
func TestScoresMatchFormula(t *testing.T) {
	corpus := synthCorpus(300, 7)
	ix := buildIndex(corpus)
	terms := make([][]string, len(corpus))
	total := 0
	for i, d := range corpus {
		terms[i] = textseg.Terms(d)
		total += len(terms[i])
	}
	avgdl := float64(total) / float64(len(corpus))
	for _, q := range synthQueries(50, 7) {
		qt := slices.Compact(slices.Sorted(slices.Values(textseg.Terms(q))))
		want := map[int]float64{}
		for _, term := range qt {
			df := 0
			for _, dt := range terms {
				if slices.Contains(dt, term) {
					df++
				}
			}
			idf := math.Log(1 + (float64(len(corpus))-float64(df)+0.5)/(float64(df)+0.5))
			for d, dt := range terms {
				tf := 0.0
				for _, x := range dt {
					if x == term {
						tf++
					}
				}
				if tf > 0 {
					want[d] += idf * tf * (DefaultK1 + 1) / (tf + DefaultK1*(1-DefaultB+DefaultB*float64(len(dt))/avgdl))
				}
			}
		}
		hits := ix.Search(q, len(corpus), nil)
		if len(hits) != len(want) {
			t.Fatalf("%q: %d hits, want %d", q, len(hits), len(want))
		}
		for i, h := range hits {
			if w, ok := want[h.Doc]; !ok || math.Abs(h.Score-w) > 1e-4*w {
				t.Fatalf("%q: doc %d scored %v, want %v", q, h.Doc, h.Score, w)
			}
			if i > 0 && !better(hits[i-1], h) {
				t.Fatalf("%q: hits %d and %d out of order: %v, %v", q, i-1, i, hits[i-1], h)
			}
		}
	}
}

func TestTiesByDocAscending(t *testing.T) {
	ix := docs("solar eclipse", "lunar base", "solar eclipse", "solar eclipse")
	got := hitDocs(ix.Search("eclipse", 10, nil))
	if !slices.Equal(got, []int{0, 2, 3}) {
		t.Fatalf("got %v, want equal scores by ascending document [0 2 3]", got)
	}
	got = hitDocs(ix.Search("eclipse", 2, nil))
	if !slices.Equal(got, []int{0, 2}) {
		t.Fatalf("top 2 of ties: got %v, want [0 2]", got)
	}
}

func TestFilter(t *testing.T) {
	ix := buildIndex(synthCorpus(2000, 3))
	q := synthQueries(1, 3)[0]
	all := ix.Search(q, ix.Len(), nil)
	if len(all) < 20 {
		t.Fatalf("query %q matches only %d docs", q, len(all))
	}
	even := func(d int) bool { return d%2 == 0 }
	var want []Hit
	for _, h := range all {
		if even(h.Doc) {
			want = append(want, h)
		}
	}
	got := ix.Search(q, 10, even)
	if !slices.Equal(got, want[:10]) {
		t.Fatalf("filtered top 10:\n got %v\nwant %v", got, want[:10])
	}
	if got := ix.Search(q, 10, func(int) bool { return false }); len(got) != 0 {
		t.Fatalf("a filter rejecting everything returned %v", got)
	}
}

func TestKBounds(t *testing.T) {
	ix := docs("storm hits coast", "storm passes", "calm sea", "storm again storm")
	for _, k := range []int{-1, 0} {
		if got := ix.Search("storm", k, nil); got != nil {
			t.Errorf("k=%d: got %v, want no hits", k, got)
		}
	}
	if got := ix.Search("storm", 1, nil); len(got) != 1 {
		t.Errorf("k=1: got %d hits", len(got))
	}
	if got := ix.Search("storm", 100, nil); len(got) != 3 {
		t.Errorf("k=100: got %d hits, want all 3 matches", len(got))
	}
}

func TestNoHits(t *testing.T) {
	ix := docs("storm hits coast", "calm sea")
	for _, q := range []string{"", "   ", "the of and", "zebra", "!!!"} {
		if got := ix.Search(q, 5, nil); len(got) != 0 {
			t.Errorf("Search(%q) = %v, want no hits", q, got)
		}
	}
	empty := NewBuilder().Build()
	if got := empty.Search("storm", 5, nil); len(got) != 0 || empty.Len() != 0 {
		t.Errorf("empty index: Len %d, hits %v", empty.Len(), got)
	}
}

func TestRepeatedQueryTermCountsOnce(t *testing.T) {
	ix := docs("storm hits coast", "coast guard rescue", "storm warning")
	a := ix.Search("storm coast", 5, nil)
	b := ix.Search("storm storm storm coast", 5, nil)
	if !slices.Equal(a, b) {
		t.Fatalf("repeating a query word changed the results:\n%v\n%v", a, b)
	}
}

func TestAddTermsMatchesAdd(t *testing.T) {
	corpus := append(synthCorpus(200, 11),
		"The U.S. Supreme Court's rulings on COVID-19 vaccine mandates, don't they?",
		"Élections à Paris: Macron wins; the ELECTION was held in 2022.",
		"Running runners ran — 3.5% of them — in the marathon's final mile.",
	)
	b := NewBuilder()
	for i, d := range corpus {
		b.AddTerms(i, textseg.Terms(d))
	}
	viaTerms, viaText := b.Build(), buildIndex(corpus)
	queries := append(synthQueries(30, 11), "supreme court vaccine", "élections macron", "runner marathon 5")
	matched := 0
	for _, q := range queries {
		x, y := viaTerms.Search(q, 10, nil), viaText.Search(q, 10, nil)
		if !slices.Equal(x, y) {
			t.Fatalf("%q: AddTerms %v, Add %v", q, x, y)
		}
		if len(x) > 0 {
			matched++
		}
	}
	if matched < len(queries)/2 {
		t.Fatalf("only %d of %d queries matched; the comparison proves little", matched, len(queries))
	}
	for _, q := range queries[len(queries)-3:] {
		if got := viaText.Search(q, 1, nil); len(got) == 0 || got[0].Doc < 200 {
			t.Errorf("%q: got %v, want one of the hand-written passages first", q, got)
		}
	}
}

func TestAddGapsAndOrder(t *testing.T) {
	b := NewBuilder()
	b.Add(0, "first storm")
	b.Add(3, "second storm")
	ix := b.Build()
	if ix.Len() != 4 {
		t.Fatalf("Len = %d, want 4 (docs 1 and 2 empty)", ix.Len())
	}
	if got := hitDocs(ix.Search("storm", 5, nil)); !slices.Equal(got, []int{0, 3}) {
		t.Fatalf("got %v, want [0 3]", got)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("adding document 1 after document 3 did not panic")
		}
	}()
	b.Add(1, "late")
}

func TestConcurrentSearch(t *testing.T) {
	ix := buildIndex(synthCorpus(3000, 5))
	queries := synthQueries(200, 5)
	want := make([][]Hit, len(queries))
	for i, q := range queries {
		want[i] = ix.Search(q, 10, nil)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range queries {
				j := (i + g*25) % len(queries)
				if got := ix.Search(queries[j], 10, nil); !slices.Equal(got, want[j]) {
					errs <- queries[j]
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for q := range errs {
		t.Errorf("concurrent search for %q differs from the sequential one", q)
	}
}

func TestStemmedMatching(t *testing.T) {
	ix := docs("Elections were held", "The electoral count", "a quiet day")
	if got := hitDocs(ix.Search("election", 5, nil)); !slices.Contains(got, 0) {
		t.Fatalf("query 'election' did not find 'Elections': %v", got)
	}
	if !strings.Contains(ix.termBlob, "elect") {
		t.Fatalf("terms %q lack the stem elect", ix.termBlob)
	}
}

func TestPanickingFilterLeavesIndexUsable(t *testing.T) {
	ix := docs("storm hits coast", "storm warning", "calm sea")
	want := ix.Search("storm coast", 5, nil)
	func() {
		defer func() { _ = recover() }()
		ix.Search("storm coast", 5, func(int) bool { panic("boom") })
	}()
	for range 3 {
		if got := ix.Search("storm coast", 5, nil); !slices.Equal(got, want) {
			t.Fatalf("after a panicking filter: %v, want %v", got, want)
		}
	}
}
