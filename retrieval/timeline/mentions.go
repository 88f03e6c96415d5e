package timeline

import (
	"sort"
	"strings"

	"github.com/dossier-bot/dossier/retrieval/furniture"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// sentence is a candidate sentence that mentions at least one calendar
// date.
type sentence struct {
	article    int
	start, end int
	dates      []timex.Expression // its calendar expressions, in text order
	terms      map[string]int     // content terms, dates and topic words left out; see summarizer.termsOf
}

// mentions is what the candidate sentences say about dates: every
// sentence that mentions a calendar value, and for each value the
// sentences that mention it.
type mentions struct {
	sents      []sentence
	byValue    map[string][]int // value -> indices into sents, in input order
	topicTerms map[string]bool
}

// collectMentions finds the calendar dates each candidate sentence
// mentions, skipping boilerplate, bad spans and repeats (passages overlap
// by a sentence).
func collectMentions(articles []Article, cands []Sentence, topicTerms map[string]bool) mentions {
	ms := mentions{byValue: make(map[string][]int), topicTerms: topicTerms}
	seen := make(map[[2]int]bool)
	for _, c := range cands {
		if c.Article < 0 || c.Article >= len(articles) {
			continue
		}
		a := &articles[c.Article]
		if c.Start < 0 || c.End > len(a.Text) || c.Start >= c.End || seen[[2]int{c.Article, c.Start}] {
			continue
		}
		seen[[2]int{c.Article, c.Start}] = true
		c.Start = skipFurnitureLines(a, c.Start, c.End)
		dates := calendarDates(a.Dates, c.Start, c.End)
		if len(dates) == 0 || furniture.Is(a.Text[c.Start:c.End], dates) {
			continue
		}
		s := sentence{article: c.Article, start: c.Start, end: c.End, dates: dates}
		idx := len(ms.sents)
		ms.sents = append(ms.sents, s)
		counted := make(map[string]bool, len(dates))
		for _, d := range dates {
			if !counted[d.Value] {
				counted[d.Value] = true
				ms.byValue[d.Value] = append(ms.byValue[d.Value], idx)
			}
		}
	}
	return ms
}

// skipFurnitureLines returns where the sentence [start, end) of a starts
// once the lines of page furniture that open it are skipped: a sentence
// splitter joins "Jun 4, 2019\nOriginally published on ..." to the first
// line of news when no full stop ends them.
func skipFurnitureLines(a *Article, start, end int) int {
	return furniture.SkipLines(a.Text, start, end, func(s, e int) bool {
		return furniture.Is(a.Text[s:e], calendarDates(a.Dates, s, e))
	})
}

// calendarDates returns the expressions inside [start, end) that name a
// calendar date, in text order.
func calendarDates(exprs []timex.Expression, start, end int) []timex.Expression {
	i := sort.Search(len(exprs), func(i int) bool { return exprs[i].Start >= start })
	var out []timex.Expression
	for ; i < len(exprs) && exprs[i].End <= end; i++ {
		if exprs[i].Granularity == timex.Ref {
			continue
		}
		if _, _, ok := timex.Range(exprs[i].Value); ok {
			out = append(out, exprs[i])
		}
	}
	return out
}

// contentTerms counts the stemmed terms of the sentence with its temporal
// expressions blanked out and the topic's terms removed: what is left says
// what happened, which is what two reports of one event share.
func contentTerms(text string, s sentence, topicTerms map[string]bool) map[string]int {
	var b strings.Builder
	pos := s.start
	for _, d := range s.dates {
		b.WriteString(text[pos:d.Start])
		b.WriteByte(' ')
		pos = d.End
	}
	b.WriteString(text[pos:s.end])
	terms := map[string]int{}
	for _, t := range textseg.Terms(b.String()) {
		if !topicTerms[t] {
			terms[t]++
		}
	}
	return terms
}
