// Package textseg splits article text into sentences and search terms.
// Sentence spans are byte offsets into the original text, so anything built
// on them can be traced back to the article verbatim.
package textseg

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/neurosnap/sentences"
)

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

var (
	tokenizerOnce sync.Once
	tokenizer     *sentences.DefaultSentenceTokenizer
	tokenizerErr  error
)

func punkt() (*sentences.DefaultSentenceTokenizer, error) {
	tokenizerOnce.Do(func() {
		tokenizer, tokenizerErr = newPunkt()
	})
	return tokenizer, tokenizerErr
}

// Sentences returns the sentence spans of text, trimmed of surrounding
// white space. Blank lines always end a sentence, so headings, datelines
// and transcript turns stay separate. It uses the Punkt model for English.
func Sentences(text string) []Span {
	var spans []Span
	for _, block := range Blocks(text) {
		spans = append(spans, blockSentences(text, block)...)
	}
	return spans
}

// Blocks returns the non-empty line-separated blocks (paragraphs) of text:
// runs of lines separated by one or more blank lines, trimmed.
func Blocks(text string) []Span {
	var spans []Span
	start := -1
	lineStart := 0
	for lineStart <= len(text) {
		end := strings.IndexByte(text[lineStart:], '\n')
		lineEnd := len(text)
		if end >= 0 {
			lineEnd = lineStart + end
		}
		blank := strings.TrimSpace(text[lineStart:lineEnd]) == ""
		switch {
		case blank && start >= 0:
			spans = append(spans, Trim(text, Span{start, lineStart}))
			start = -1
		case !blank && start < 0:
			start = lineStart
		}
		if end < 0 {
			break
		}
		lineStart = lineEnd + 1
	}
	if start >= 0 {
		spans = append(spans, Trim(text, Span{start, len(text)}))
	}
	return spans
}

func blockSentences(text string, block Span) []Span {
	tok, err := punkt()
	if err != nil {
		return []Span{block}
	}
	var spans []Span
	for _, item := range listItems(text, block) {
		for _, s := range tok.Tokenize(text[item.Start:item.End]) {
			sp := Trim(text, Span{item.Start + s.Start, item.Start + s.End})
			if sp.End > sp.Start {
				spans = append(spans, sp)
			}
		}
	}
	if len(spans) == 0 {
		return []Span{block}
	}
	return spans
}

// listMarker matches a line that starts a numbered list item: "1. ", "2) ".
var listMarker = regexp.MustCompile(`(?m)^[ \t]*\d+[.)][ \t]`)

// listItems splits a block before each line that starts a numbered list
// item, so an item's number is the first token Punkt sees (see
// lineStartLists) and an item always starts a sentence.
func listItems(text string, block Span) []Span {
	var out []Span
	start := block.Start
	for _, m := range listMarker.FindAllStringIndex(text[block.Start:block.End], -1) {
		at := block.Start + m[0]
		for text[at] == ' ' || text[at] == '\t' {
			at++ // the item starts at its number
		}
		if at > start {
			out = append(out, Span{start, at})
			start = at
		}
	}
	return append(out, Span{start, block.End})
}

// Trim returns s without the white space at its ends.
func Trim(text string, s Span) Span {
	for s.Start < s.End {
		r, n := utf8.DecodeRuneInString(text[s.Start:])
		if !unicode.IsSpace(r) {
			break
		}
		s.Start += n
	}
	for s.End > s.Start {
		r, n := utf8.DecodeLastRuneInString(text[:s.End])
		if !unicode.IsSpace(r) {
			break
		}
		s.End -= n
	}
	return s
}

// Words returns the lower-cased words of text: runs of letters and digits,
// with inner apostrophes, hyphens and dots kept out.
func Words(text string) []string {
	var words []string
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, strings.ToLower(text[start:]))
	}
	return words
}

// Terms returns the search terms of text: words with English stop words
// removed, Snowball-stemmed. BM25 indexes and queries use the same terms.
func Terms(text string) []string {
	words := Words(text)
	terms := words[:0]
	for _, w := range words {
		if english.IsStopWord(w) {
			continue
		}
		terms = append(terms, stem(w))
	}
	return terms
}

// TermOf returns the search term of word, a lower-case word as Words
// gives it, or false for a stop word. Unlike Terms it caches nothing: it
// is for words made up in passing, such as the candidates of a respelling.
func TermOf(word string) (string, bool) {
	if english.IsStopWord(word) {
		return "", false
	}
	if s, ok := stems.Load(word); ok {
		return s.(string), true
	}
	return english.Stem(word, false), true
}

// stems caches Snowball stems: news vocabulary is small next to its
// running text, and stemming dominates term extraction without a cache.
// It holds at most maxStems words, so that questions of made-up words
// cannot grow it without end.
var (
	stems     sync.Map // word -> stem
	stemsHeld atomic.Int64
	maxStems  = int64(1 << 20)
)

func stem(word string) string {
	if s, ok := stems.Load(word); ok {
		return s.(string)
	}
	s := english.Stem(word, false)
	if stemsHeld.Load() < maxStems {
		if _, loaded := stems.LoadOrStore(word, s); !loaded {
			stemsHeld.Add(1)
		}
	}
	return s
}

// Fold lower-cases s and turns punctuation and runs of white space into
// single spaces, so answers match across formatting.
func Fold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}
