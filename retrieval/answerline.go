package retrieval

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// askedKind is the kind of answer a question's wh-word asks for.
type askedKind int

const (
	askedAny askedKind = iota
	askedPlace
	askedPerson
	askedDate
	askedNumber
)

var (
	reAskPlace  = regexp.MustCompile(`(?i)^\W*where\b`)
	reAskPerson = regexp.MustCompile(`(?i)^\W*(who|whom|whose)\b`)
	reAskDate   = regexp.MustCompile(`(?i)^\W*(when\b|(what|which) (year|date|day|month)\b|on what day\b)`)
	// A count, an amount or a measure: "how many", "how much", "how
	// long", "how far", "how old".
	reAskNumber = regexp.MustCompile(`(?i)^\W*how (many|much|long|far|old|tall|high|deep|wide|big|large|heavy|fast)\b`)

	// A place: a capitalised name after a preposition of place.
	rePlace = regexp.MustCompile(`\b(?:in|at|from|near|to|into|outside|inside|across)\s+(?:the\s+)?(\p{Lu}[\p{L}.'’-]+)`)
	// A person: two or more capitalised words in a row.
	rePerson = regexp.MustCompile(`\b\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}\.?)*(?:\s+\p{Lu}[\p{Ll}'’-]+)+`)
	reNumber = regexp.MustCompile(`\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion)\b`)
)

// kindOf returns what question asks for.
func kindOf(question string) askedKind {
	switch {
	case reAskPlace.MatchString(question):
		return askedPlace
	case reAskPerson.MatchString(question):
		return askedPerson
	case reAskDate.MatchString(question):
		return askedDate
	case reAskNumber.MatchString(question):
		return askedNumber
	}
	return askedAny
}

// answerKindBonus is what a sentence gains, over its coverage of the
// question, for holding what the question asks for beyond its own words.
const answerKindBonus = 0.5

// extractiveText is the short answer: the sentence of the first excerpt
// that best answers the question, marked [1], and the best sentence of a
// second source when it comes from another article and scores close.
func extractiveText(ix *index.Index, question string, cands []candidate) string {
	q := newQuery(question, ix.IDF)
	kind, asked := kindOf(question), wordSet(question)
	var b strings.Builder
	for i, c := range cands {
		if i > 1 || (i == 1 && (c.article == cands[0].article || c.score < 0.8*cands[0].score)) {
			break
		}
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s [%d]", answerSentence(ix, c, q, kind, asked), i+1)
	}
	return b.String()
}

// answerSentence returns the sentence of candidate c's excerpt that covers
// most of q, counting answerKindBonus for one that holds what the question
// asks for. It never reaches outside the excerpt: a sentence the excerpt
// cuts ends in "…". Relative dates in it are followed by the date they
// resolve to: "last month (May 2019)".
func answerSentence(ix *index.Index, c candidate, q query, kind askedKind, asked map[string]bool) string {
	text := ix.Articles[c.article].Text
	ex := c.Span
	best, bestScore := ex, -1.0
	for _, s := range textseg.Sentences(text[ex.Start:ex.End]) {
		s = textseg.Span{Start: ex.Start + s.Start, End: ex.Start + s.End}
		score := q.coverage(text[s.Start:s.End])
		if holdsKind(text, s, kind, asked, datesIn(ix, c.article, s)) {
			score += answerKindBonus
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	out := withResolvedDates(text, best, datesIn(ix, c.article, best))
	if best.End == ex.End && ex.End < len(text) && !endsSentence(text[:ex.End]) {
		out += "…"
	}
	return out
}

// holdsKind reports whether text[s.Start:s.End] holds an answer of kind
// that is not one of the question's own words; dates are the resolved
// dates of text inside s.
func holdsKind(text string, s textseg.Span, kind askedKind, asked map[string]bool, dates []timex.Expression) bool {
	sentence := text[s.Start:s.End]
	newMatch := func(re *regexp.Regexp, group int) bool {
		for _, m := range re.FindAllStringSubmatch(sentence, -1) {
			if !allAsked(m[group], asked) {
				return true
			}
		}
		return false
	}
	switch kind {
	case askedPlace:
		return newMatch(rePlace, 1)
	case askedPerson:
		return newMatch(rePerson, 0)
	case askedNumber:
		// A date's numbers ("March 1983", "December 3") count nothing.
		b := []byte(sentence)
		for _, d := range dates {
			for i := d.Start - s.Start; i < d.End-s.Start; i++ {
				b[i] = ' '
			}
		}
		sentence = string(b)
		return newMatch(reNumber, 0)
	case askedDate:
		for _, d := range dates {
			if d.Granularity != timex.Ref && !allAsked(d.Text, asked) {
				return true
			}
		}
	}
	return false
}

// kindShown reports whether one of the first DefaultK candidates, the
// answer as shown by default, holds what the question's wh-word asks for,
// kind (kindOf), when that is a date ("when") or a number ("how many"),
// or whether it asks for something else. An answer to "When was Huawei
// founded?" that holds no date answers nothing, however well it covers
// the words: Ask says the articles do not say when, and shows what they
// say as context. The first DefaultK are read whatever the citations
// asked for, so that the verdict does not depend on how many are shown.
func kindShown(ix *index.Index, question string, kind askedKind, cands []candidate) bool {
	if kind != askedDate && kind != askedNumber {
		return true // a person or a place is no pattern of words: "the sailing school of Southbay"
	}
	asked := wordSet(question)
	for _, c := range cands[:min(len(cands), DefaultK)] {
		if holdsKind(ix.Articles[c.article].Text, c.Span, kind, asked, datesIn(ix, c.article, c.Span)) {
			return true
		}
	}
	return false
}

// kindWord names what a question of kind, a date or a number, asks for,
// for "The articles do not say …".
func kindWord(kind askedKind) string {
	if kind == askedDate {
		return "when"
	}
	return "how many or how much"
}

// allAsked reports whether every word of phrase is one of the question's.
func allAsked(phrase string, asked map[string]bool) bool {
	words := textseg.Words(phrase)
	for _, w := range words {
		if !asked[w] {
			return false
		}
	}
	return len(words) > 0
}

func wordSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range textseg.Words(text) {
		set[w] = true
	}
	return set
}

// datesIn returns the resolved dates of article a inside span s.
func datesIn(ix *index.Index, a int, s textseg.Span) []timex.Expression {
	return datesWithin(articleDates(ix, a), s)
}

// articleDates returns the resolved dates of article a, nil when the
// index holds none for it.
func articleDates(ix *index.Index, a int) []timex.Expression {
	if a >= len(ix.Dates) {
		return nil
	}
	return ix.Dates[a]
}

// datesWithin returns the dates, of one article, inside span s.
func datesWithin(dates []timex.Expression, s textseg.Span) []timex.Expression {
	var out []timex.Expression
	for _, d := range dates {
		if d.Start >= s.Start && d.End <= s.End {
			out = append(out, d)
		}
	}
	return out
}

// withResolvedDates returns text[s.Start:s.End] with each relative date
// ("last month", "on Tuesday") followed by the calendar date it resolves
// to, in parentheses.
func withResolvedDates(text string, s textseg.Span, dates []timex.Expression) string {
	var b strings.Builder
	pos := s.Start
	for _, d := range dates {
		if d.Granularity == timex.Ref || d.RefOrigin == timex.OriginExplicit || d.RefOrigin == timex.OriginNone {
			continue
		}
		label := timex.Label(d.Value)
		if label == "" || label == d.Value || strings.Contains(strings.ToLower(d.Text), strings.ToLower(label)) {
			continue
		}
		b.WriteString(text[pos:d.End])
		fmt.Fprintf(&b, " (%s)", label)
		pos = d.End
	}
	b.WriteString(text[pos:s.End])
	return b.String()
}

// endsSentence reports whether text ends at the end of a sentence.
func endsSentence(text string) bool {
	t := strings.TrimRight(text, " \t\n\"'”’)")
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
}

// yearCheck is what checkYears finds of the years a question names.
type yearCheck struct {
	asked map[int]bool // the years the question names
	given map[int]bool // the years the first candidate speaks of instead, maybe none
	other bool         // no candidate speaks of an asked year
}

// checkYears checks whether the question names years that no candidate
// speaks of, in its excerpt or by its publication date: the articles then
// cover the subject but not the year asked ("What was Huawei's revenue in
// 2023?" of articles giving 2019 figures). All the candidates count, not
// only the citations asked for, so the verdict does not depend on how
// many are shown.
func checkYears(ix *index.Index, question string, cands []candidate) yearCheck {
	yc := yearCheck{asked: yearsOf(timex.Tag(question, time.Time{}))}
	if len(yc.asked) == 0 || len(cands) == 0 {
		return yc
	}
	for _, c := range cands {
		if p := ix.Articles[c.article].Published; !p.IsZero() && yc.asked[p.Year()] {
			return yc // an article of that year speaks of it
		}
		for y := range yearsOf(datesIn(ix, c.article, c.Span)) {
			if yc.asked[y] {
				return yc
			}
		}
	}
	yc.given = yearsOf(datesIn(ix, cands[0].article, cands[0].Span))
	yc.other = true
	return yc
}

// yearsOf returns the calendar years of the explicit dates among exprs.
func yearsOf(exprs []timex.Expression) map[int]bool {
	out := map[int]bool{}
	for _, x := range exprs {
		if x.Granularity == timex.Ref || x.Granularity == timex.Decade {
			continue
		}
		if start, end, ok := timex.Range(x.Value); ok && start.Year() == end.Add(-time.Nanosecond).Year() {
			out[start.Year()] = true
		}
	}
	return out
}

// joinYears lists years in order: "2019", "2019 and 2020", "2018, 2019 and 2020".
func joinYears(years map[int]bool) string {
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = fmt.Sprint(y)
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
