package bm25

import (
	"math/rand/v2"
	"strings"
)

// synthWord returns the i-th word of a pronounceable synthetic vocabulary:
// distinct consonant-vowel syllables, at least two of them.
func synthWord(i int) string {
	const cons, vows = "bdfgklmnprstvz", "aeiou"
	var sb strings.Builder
	for n := 0; n < 2 || i > 0; n++ {
		s := i % (len(cons) * len(vows))
		i /= len(cons) * len(vows)
		sb.WriteByte(cons[s/len(vows)])
		sb.WriteByte(vows[s%len(vows)])
	}
	return sb.String()
}

// synthCorpus returns n passages of 60–100 words drawn from a Zipf
// distribution over a 50,000-word vocabulary, the same for the same seed.
func synthCorpus(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	z := rand.NewZipf(r, 1.1, 2, 50_000-1)
	docs := make([]string, n)
	var sb strings.Builder
	for d := range docs {
		sb.Reset()
		words := 60 + r.IntN(41)
		for w := range words {
			if w > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(synthWord(int(z.Uint64())))
		}
		docs[d] = sb.String()
	}
	return docs
}

// synthQueries returns n queries of 2–6 words drawn like synthCorpus,
// leaning to the rarer words that real questions name.
func synthQueries(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 2))
	z := rand.NewZipf(r, 1.1, 2, 50_000-1)
	qs := make([]string, n)
	for i := range qs {
		words := make([]string, 2+r.IntN(5))
		for j := range words {
			k := int(z.Uint64())
			if j%2 == 1 {
				k = r.IntN(5_000) // a mid-frequency word
			}
			words[j] = synthWord(k)
		}
		qs[i] = strings.Join(words, " ")
	}
	return qs
}

func buildIndex(docs []string) *Index {
	b := NewBuilder()
	for i, d := range docs {
		b.Add(i, d)
	}
	return b.Build()
}
