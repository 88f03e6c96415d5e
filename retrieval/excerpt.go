package retrieval

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/furniture"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// MaxExcerptLen bounds an excerpt, in characters (runes) of article text.
const MaxExcerptLen = 400

// query is a question reduced to weighted search terms.
type query struct {
	weights map[string]float64 // term -> IDF
	total   float64            // sum of the weights
}

// A question of several sentences ("Christine McVie died Wednesday. When
// did she join Fleetwood Mac?") sets the scene first and asks last: the
// terms of its last sentence weigh focusBoost times their IDF, so the
// excerpt that answers beats the ones that only retell the scene.
const focusBoost = 2

func newQuery(text string, idf func(string) float64) query {
	q := query{weights: map[string]float64{}}
	text = withoutQuestionWords(text)
	q.add(textseg.Terms(text), idf)
	if ss := textseg.Sentences(text); len(ss) > 1 {
		last := ss[len(ss)-1]
		boosted := map[string]bool{}
		for _, t := range textseg.Terms(text[last.Start:last.End]) {
			if !boosted[t] {
				boosted[t] = true
				q.total += (focusBoost - 1) * q.weights[t]
				q.weights[t] *= focusBoost
			}
		}
	}
	return q
}

// withContext adds the terms of a conversation's previous question at half
// weight, so a follow-up ("And where is it based?") is judged with what it
// refers to.
func (q query) withContext(context string, idf func(string) float64) query {
	q.add(textseg.Terms(context), func(t string) float64 { return idf(t) / 2 })
	return q
}

// add gives each of terms that q does not hold yet the weight weight(t).
func (q *query) add(terms []string, weight func(string) float64) {
	for _, t := range terms {
		if _, seen := q.weights[t]; !seen {
			q.weights[t] = weight(t)
			q.total += q.weights[t]
		}
	}
}

// coverage is the share of the query's weight whose terms occur in text:
// 1 when every question word is there, 0 when none is.
func (q query) coverage(texts ...string) float64 {
	terms := make([][]string, len(texts))
	for i, t := range texts {
		terms[i] = textseg.Terms(t)
	}
	return q.coverageOf(terms...)
}

// coverageOf is coverage for texts already split into terms.
func (q query) coverageOf(texts ...[]string) float64 {
	if q.total == 0 {
		return 0
	}
	found := map[string]bool{}
	sum := 0.0
	for _, text := range texts {
		for _, t := range text {
			if w, ok := q.weights[t]; ok && !found[t] {
				found[t] = true
				sum += w
			}
		}
	}
	return sum / q.total
}

// excerpt is a verbatim span of an article chosen to answer a question.
type excerpt struct {
	textseg.Span
	coverage float64
}

// bestExcerpt picks, among windows of one to three consecutive sentences
// that fit in MaxExcerptLen, the one that covers most of the question,
// with a small bonus for length: the answer most often sits next to the
// question's words, in the sentence after them, so of two windows that
// cover about as much the fuller one more often holds it. A window never
// starts with a sentence that shares no word with the question or the
// headline's news (see below). A single sentence longer than the limit is
// cut to the part around the question's words.
//
// Windows that repeat the article's headline news also count for more:
// headline holds the title's words that the question lacks, and the
// title most often names what the question asks for ("Rafael Nadal
// withdraws from Wimbledon" for "Which tennis star pulled out …?").
func bestExcerpt(text string, sents []textseg.Span, q, headline query, cache *termCache) excerpt {
	sents, stamp := cache.withoutStamps(text, sents)
	cov := make([]float64, len(sents))
	news := make([]bool, len(sents)) // holds some of the headline's news
	terms := make([][]string, len(sents))
	for i, s := range sents {
		if stamp[i] || isQuestion(text[s.Start:s.End]) {
			continue // a question asks; it does not answer
		}
		terms[i] = cache.terms(text, s)
		cov[i] = q.coverageOf(terms[i])
		news[i] = headline.coverageOf(terms[i]) > 0
	}
	best, bestValue := excerpt{}, -1.0
	for i := range sents {
		for j := i; j < len(sents) && j < i+3; j++ {
			if stamp[j] || j > i && cov[i] == 0 && !news[i] {
				break // page furniture, or padding before the question's words
			}
			span := textseg.Span{Start: sents[i].Start, End: sents[j].End}
			window := terms[i : j+1]
			if runes(text, span) > MaxExcerptLen {
				if j == i {
					span = clip(text, span, q)
				} else {
					// Keep the start of sentence j when there is room for
					// a useful part of it.
					if runes(text, textseg.Span{Start: span.Start, End: sents[j].Start}) > MaxExcerptLen-minTail {
						break
					}
					span = clipFromStart(text, span)
					var tail []string
					if terms[j] != nil && span.End > sents[j].Start { // not a question, not cut before it
						tail = textseg.Terms(text[sents[j].Start:span.End])
					}
					window = append(terms[i:j:j], tail)
				}
			}
			c := q.coverageOf(window...)
			v := c + headlineWeight*headline.coverageOf(window...) + lengthBonus*float64(runes(text, span))/MaxExcerptLen
			if v > bestValue {
				best, bestValue = excerpt{Span: span, coverage: c}, v
			}
		}
	}
	return best
}

// headlineWeight is what a window holding all of the headline's news adds
// to the window choice, in units of question coverage.
const headlineWeight = 0.3

// headlineQuery returns the search terms of the title's headline that q
// lacks, weighted by IDF, for bestExcerpt. A " | Site" suffix names the
// publisher, not the news, and is left out.
func headlineQuery(title string, q query, idf func(string) float64) query {
	headline, _ := corpus.SplitSiteName(title)
	var news []string
	for _, t := range textseg.Terms(headline) {
		if _, asked := q.weights[t]; !asked {
			news = append(news, t)
		}
	}
	h := query{weights: map[string]float64{}}
	h.add(news, idf)
	return h
}

// lengthBonus is what a full-length excerpt adds to the window choice
// over an empty one, in units of question coverage.
const lengthBonus = 0.1

// minTail is the shortest part of a sentence worth keeping at the end of
// an excerpt.
const minTail = 60

// clip cuts an over-long span to MaxExcerptLen characters that hold its
// first question word, on word boundaries.
func clip(text string, s textseg.Span, q query) textseg.Span {
	anchor := textseg.Span{Start: s.Start, End: s.Start}
	for _, w := range wordSpans(text, s) {
		if terms := textseg.Terms(text[w.Start:w.End]); len(terms) == 1 {
			if _, ok := q.weights[terms[0]]; ok {
				anchor = w
				break
			}
		}
	}
	return textseg.ClipAround(text, s, anchor, MaxExcerptLen)
}

// clipFromStart cuts s to its first MaxExcerptLen characters, on a word
// boundary.
func clipFromStart(text string, s textseg.Span) textseg.Span {
	return textseg.ClipAround(text, s, textseg.Span{Start: s.Start, End: s.Start}, MaxExcerptLen)
}

// wordSpans returns the white-space separated words of text within s.
func wordSpans(text string, s textseg.Span) []textseg.Span {
	var out []textseg.Span
	start := -1
	for i, r := range text[s.Start:s.End] {
		i += s.Start
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, textseg.Span{Start: start, End: i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, textseg.Span{Start: start, End: s.End})
	}
	return out
}

// isQuestion reports whether a sentence asks rather than states.
func isQuestion(s string) bool {
	s = strings.TrimRight(s, " \"'”’)")
	return strings.HasSuffix(s, "?")
}

// runes counts the characters of text within s.
func runes(text string, s textseg.Span) int {
	return utf8.RuneCountInString(text[s.Start:s.End])
}

// termCache remembers the terms of sentences during one question: the
// candidate passages overlap, so most sentences are seen more than once.
type termCache struct {
	article int
	dates   []timex.Expression // the current article's, in text order
	byStart map[[2]int][]string
}

func newTermCache() *termCache { return &termCache{byStart: map[[2]int][]string{}} }

// terms returns the search terms of text[s.Start:s.End] of the current article.
func (c *termCache) terms(text string, s textseg.Span) []string {
	key := [2]int{c.article, s.Start}
	if t, ok := c.byStart[key]; ok {
		return t
	}
	t := textseg.Terms(text[s.Start:s.End])
	c.byStart[key] = t
	return t
}

// withoutStamps returns sents with the lines of page furniture that open
// them skipped (a splitter joins "Originally published on June 7, 2019"
// to the news after it when no full stop ends the stamp), and whether
// each is furniture throughout (furniture.IsStamp): a stamp names the
// question's date and reports nothing.
func (c *termCache) withoutStamps(text string, sents []textseg.Span) ([]textseg.Span, []bool) {
	out := make([]textseg.Span, len(sents))
	stamp := make([]bool, len(sents))
	isStamp := func(start, end int) bool {
		return furniture.IsStamp(text[start:end], datesWithin(c.dates, textseg.Span{Start: start, End: end}))
	}
	for i, s := range sents {
		s.Start = furniture.SkipLines(text, s.Start, s.End, isStamp)
		stamp[i] = strings.IndexByte(text[s.Start:s.End], '\n') < 0 && isStamp(s.Start, s.End)
		out[i] = s
	}
	if !slices.Contains(stamp, false) {
		return sents, make([]bool, len(sents)) // nothing but furniture: better than no excerpt
	}
	return out, stamp
}
