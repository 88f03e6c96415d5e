// Package passage splits article text into overlapping, sentence-aligned
// passages, the unit the index searches. Each passage keeps byte offsets into
// its article's text, so any excerpt can be traced back verbatim.
package passage

import (
	"strings"
	"unicode"

	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// Passage is a run of whole sentences of one article: Text[Start:End].
// Sentences holds the spans of its sentences, in article offsets.
type Passage struct {
	Article   int // index of the article in the corpus
	Seq       int // position of the passage within its article
	Start     int
	End       int
	Sentences []textseg.Span
}

// Sizes bounds passages in words.
type Sizes struct {
	Target int // stop adding sentences once a passage has this many words
	Max    int // split sentences longer than this on word boundaries
	Min    int // merge a shorter last passage into the one before
}

// DefaultSizes gives passages of roughly 60 to 150 words.
var DefaultSizes = Sizes{Target: 80, Max: 150, Min: 30}

// Split cuts text into passages of whole sentences, each starting with the
// last sentence of the one before (one sentence of overlap).
func Split(article int, text string, sizes Sizes) []Passage {
	sents, words := sentenceUnits(text, sizes.Max)
	if len(sents) == 0 {
		return nil
	}
	var out []Passage
	first := 0
	for first < len(sents) {
		last, n := first, words[first]
		for last+1 < len(sents) && n < sizes.Target && n+words[last+1] <= sizes.Max {
			last++
			n += words[last]
		}
		out = append(out, Passage{Article: article, Seq: len(out), Start: sents[first].Start, End: sents[last].End, Sentences: sents[first : last+1]})
		if last == len(sents)-1 {
			break
		}
		// Overlap one sentence unless the passage is that one sentence.
		if last > first {
			first = last
		} else {
			first = last + 1
		}
	}
	return mergeShortTail(text, out, sizes)
}

// mergeShortTail folds a short final passage into the one before when the
// result stays within the size bound.
func mergeShortTail(text string, ps []Passage, sizes Sizes) []Passage {
	if len(ps) < 2 {
		return ps
	}
	last, prev := ps[len(ps)-1], ps[len(ps)-2]
	if countWords(text[last.Start:last.End]) >= sizes.Min || countWords(text[prev.Start:last.End]) > sizes.Max+sizes.Min {
		return ps
	}
	for _, s := range last.Sentences {
		if s.Start >= prev.End {
			prev.Sentences = append(prev.Sentences[:len(prev.Sentences):len(prev.Sentences)], s)
		}
	}
	prev.End = last.End
	ps[len(ps)-2] = prev
	return ps[:len(ps)-1]
}

// sentenceUnits returns the sentences of text, with any sentence longer than
// max words cut into pieces of at most max words, and each unit's word count.
func sentenceUnits(text string, max int) ([]textseg.Span, []int) {
	var units []textseg.Span
	var words []int
	for _, s := range textseg.Sentences(text) {
		n := countWords(text[s.Start:s.End])
		if n <= max {
			units, words = append(units, s), append(words, n)
			continue
		}
		for _, piece := range cutWords(text, s, max) {
			units, words = append(units, piece), append(words, countWords(text[piece.Start:piece.End]))
		}
	}
	return units, words
}

// cutWords splits span s of text into pieces of at most max words, on white space.
func cutWords(text string, s textseg.Span, max int) []textseg.Span {
	var out []textseg.Span
	start, n, inWord := s.Start, 0, false
	for off, r := range text[s.Start:s.End] {
		i := s.Start + off
		space := unicode.IsSpace(r)
		if !space && !inWord {
			if n == max {
				out = append(out, textseg.Trim(text, textseg.Span{Start: start, End: i}))
				start, n = i, 0
			}
			n++
		}
		inWord = !space
	}
	return append(out, textseg.Trim(text, textseg.Span{Start: start, End: s.End}))
}

func countWords(s string) int {
	return len(strings.Fields(s))
}
