package timeline

import (
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// maxExcerpt is the longest citation excerpt, in characters.
const maxExcerpt = 400

// event is an Event under construction, with what merging compares.
type event struct {
	value string
	gran  timex.Granularity
	start time.Time
	end   time.Time
	text  string
	terms map[string]bool // sentence terms without dates or topic words
	cites []Citation
}

// newEvent dates sentence s of article a with the first calendar expression
// inside it. News sentences put the date of what they report first ("In
// 2019, ...", "Last year, ...", "said Tuesday that ..."); a later date is
// usually background. ok is false when the sentence has no calendar date.
func newEvent(a *Article, s Sentence, exprs []timex.Expression, topicTerms map[string]bool) (event, bool) {
	var chosen *timex.Expression
	var start, end time.Time
	var dates []timex.Expression // every expression in the sentence, blanked for the terms
	for i := range exprs {
		x := &exprs[i]
		if x.Start < s.Start || x.End > s.End {
			continue
		}
		dates = append(dates, *x)
		if chosen == nil && x.Granularity != timex.Ref {
			var ok bool
			if start, end, ok = timex.Range(x.Value); ok {
				chosen = x
			}
		}
	}
	if chosen == nil {
		return event{}, false
	}
	text := a.Text[s.Start:s.End]
	clip := textseg.ClipAround(a.Text, textseg.Span{Start: s.Start, End: s.End}, textseg.Span{Start: chosen.Start, End: chosen.End}, maxExcerpt)
	cs, ce := clip.Start, clip.End
	return event{
		value: chosen.Value,
		gran:  chosen.Granularity,
		start: start,
		end:   end,
		text:  text,
		terms: contentTerms(a.Text, s, dates, topicTerms),
		cites: []Citation{{
			ArticleID: a.ID,
			Title:     a.Title,
			Published: a.Published,
			URL:       a.URL,
			Excerpt:   a.Text[cs:ce],
			Start:     cs,
			End:       ce,
		}},
	}, true
}

// contentTerms returns the stemmed terms of the sentence with its temporal
// expressions blanked out and the topic's terms removed: what is left says
// what happened, which is what two reports of one event share.
func contentTerms(text string, s Sentence, dates []timex.Expression, topicTerms map[string]bool) map[string]bool {
	var b strings.Builder
	pos := s.Start
	for _, d := range dates {
		b.WriteString(text[pos:d.Start])
		b.WriteByte(' ')
		pos = d.End
	}
	b.WriteString(text[pos:s.End])
	terms := map[string]bool{}
	for _, t := range textseg.Terms(b.String()) {
		if !topicTerms[t] {
			terms[t] = true
		}
	}
	return terms
}

// firstPublished is the earliest known publication date the event cites.
func (e *event) firstPublished() time.Time {
	var first time.Time
	for _, c := range e.cites {
		if !c.Published.IsZero() && (first.IsZero() || c.Published.Before(first)) {
			first = c.Published
		}
	}
	return first
}

// before reports whether e was published before o, or, published the same
// day, comes first in article order: the order of last resort.
func (e *event) before(o *event) bool {
	ep, op := e.firstPublished(), o.firstPublished()
	if !ep.Equal(op) {
		return ep.Before(op)
	}
	a, b := e.cites[0], o.cites[0]
	if a.ArticleID != b.ArticleID {
		return a.ArticleID < b.ArticleID
	}
	return a.Start < b.Start
}

// export turns the event into its public form.
func (e *event) export() Event {
	return Event{
		Date:        timex.Label(e.value),
		Value:       e.value,
		Granularity: string(e.gran),
		Start:       e.start,
		End:         e.end,
		Text:        e.text,
		Citations:   e.cites,
	}
}
