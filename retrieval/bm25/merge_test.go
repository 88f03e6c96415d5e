package bm25

import (
	"bytes"
	"slices"
	"testing"
)

// TestMergeEqualsBuild merges an index, with some documents left out, and
// an index of new documents, appended or interleaved, and checks that the
// result is byte for byte the index built from the final documents.
func TestMergeEqualsBuild(t *testing.T) {
	old := synthCorpus(1500, 31)
	old = append(old, "", "the of and") // documents without terms
	added := synthCorpus(200, 32)
	added = append(added, "zzyzx quuxo") // terms no old document has
	a, b := buildIndex(old), buildIndex(added)
	aBytes, bBytes := encode(t, a), encode(t, b)

	cases := map[string]func(i int) bool{ // which old documents stay
		"all kept":           func(int) bool { return true },
		"every third gone":   func(i int) bool { return i%3 != 0 },
		"first half gone":    func(i int) bool { return i >= len(old)/2 },
		"only the last kept": func(i int) bool { return i == len(old)-1 },
	}
	for name, keep := range cases {
		for _, interleave := range []bool{false, true} {
			// The final order: kept old documents, with the new ones
			// after them or one after every fifth kept document.
			var final []string
			aDoc, bDoc := make([]int, len(old)), make([]int, len(added))
			j := 0
			for i, d := range old {
				aDoc[i] = -1
				if !keep(i) {
					continue
				}
				aDoc[i] = len(final)
				final = append(final, d)
				if interleave && i%5 == 0 && j < len(added) {
					bDoc[j] = len(final)
					final = append(final, added[j])
					j++
				}
			}
			for ; j < len(added); j++ {
				bDoc[j] = len(final)
				final = append(final, added[j])
			}
			got, err := Merge(a, aDoc, b, bDoc)
			if err != nil {
				t.Fatalf("%s, interleaved %v: %v", name, interleave, err)
			}
			want := buildIndex(final)
			if !bytes.Equal(encode(t, got), encode(t, want)) {
				t.Errorf("%s, interleaved %v: merged index differs from the built one (%d docs %d terms, want %d and %d)",
					name, interleave, got.Len(), got.NumTerms(), want.Len(), want.NumTerms())
				continue
			}
			if got.avgdl != want.avgdl || !slices.Equal(got.norm, want.norm) || !slices.Equal(got.idf, want.idf) {
				t.Errorf("%s, interleaved %v: derived statistics differ", name, interleave)
			}
			for _, q := range append(synthQueries(50, 33), "zzyzx", synthWord(7)) {
				if h, w := got.Search(q, 10, nil), want.Search(q, 10, nil); !slices.Equal(h, w) {
					t.Fatalf("%s, interleaved %v: %q gives %v, want %v", name, interleave, q, h, w)
				}
			}
		}
	}
	if !bytes.Equal(encode(t, a), aBytes) || !bytes.Equal(encode(t, b), bBytes) {
		t.Error("Merge changed its inputs")
	}
}

func TestMergeRejectsBadNumbers(t *testing.T) {
	a, b := buildIndex(synthCorpus(3, 41)), buildIndex(synthCorpus(2, 42))
	cases := map[string][2][]int{
		"short":       {{0, 1}, {2, 3}},
		"out of room": {{0, 1, 2}, {3, 5}},
		"falling":     {{1, 0, 2}, {3, 4}},
		"twice":       {{0, 1, 2}, {2, 3}},
		"gap":         {{0, -1, 1}, {2, 4}},
	}
	for name, c := range cases {
		if _, err := Merge(a, c[0], b, c[1]); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Merge(a, []int{0, -1, 2}, b, []int{1, 3}); err != nil {
		t.Errorf("interleaved numbering refused: %v", err)
	}
}

// BenchmarkMerge adds 2,300 new documents (about what 100 news articles
// split into) to an index of 100k, dropping 1% of the old ones.
func BenchmarkMerge(b *testing.B) {
	a := buildIndex(benchCorpus(100_000))
	added := buildIndex(synthCorpus(2300, 43))
	aDoc, bDoc := make([]int, a.Len()), make([]int, added.Len())
	n := 0
	for i := range aDoc {
		aDoc[i] = -1
		if i%100 != 0 {
			aDoc[i], n = n, n+1
		}
	}
	for j := range bDoc {
		bDoc[j], n = n, n+1
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Merge(a, aDoc, added, bDoc); err != nil {
			b.Fatal(err)
		}
	}
}
