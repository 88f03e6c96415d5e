package retrieval

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// period is a span of days a question asks about, finer than a year:
// "this week", "on Tuesday", "last month", "in June 2019".
type period struct {
	label      string // as the tagger names it: "the week of 6 June 2022"
	start, end time.Time
	from       time.Time // the earliest publication date of its news
}

// periodLag is how long after a period's end, and before its start, an
// article published then may still be its news: a Sunday's story is
// printed on Monday, a week's preview on the Friday before.
const periodLag = 3 * 24 * time.Hour

// announceLead is how long before a question's present the news of a
// period still to come ("next month") may have been published.
const announceLead = 7 * 24 * time.Hour

// relativeWord and monthName match the dates that askedPeriod checks: a
// question's own time frame, relative ("this week", "on Tuesday", "next
// month") or written out ("June 4, 2019", "in June 2019"). Not a holiday,
// which is as often a name ("the Queen of Christmas"), nor a day of the
// year without its year ("from December 26"), which only describes, nor
// the digits of a link.
var relativeWord = regexp.MustCompile(`(?i)\b(week|weekend|month|today|tonight|yesterday|tomorrow|(mon|tues|wednes|thurs|fri|satur|sun)day)\b`)

var monthName = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b`)

// askedPeriod returns the period finer than a year that question asks
// about, if it names one and only one (several are a span, "between Oct.
// 2006 and Sept. 2013", or a story told by its dates). Dates the question
// gives in full ("June 4, 2019", "June 2019") always count; dates
// relative to its present ("this week", "yesterday", "on Tuesday") count
// when it is asked at asOf of a corpus that is current then (currentAt),
// since an archive's own present is vague.
func askedPeriod(ix *index.Index, question string, asOf time.Time) (period, bool) {
	current := currentAt(ix, asOf)
	ref := time.Time{}
	if current {
		ref = asOf
	}
	var out []period
	for _, x := range timex.Tag(question, ref) {
		switch x.Granularity {
		case timex.Day, timex.Week, timex.Weekend, timex.Month:
		default:
			continue
		}
		switch {
		case x.RefOrigin == timex.OriginExplicit && monthName.MatchString(x.Text):
		case x.RefOrigin == timex.OriginPublished && current && relativeWord.MatchString(x.Text):
		default:
			continue
		}
		if strings.HasPrefix(question[x.End:], "'s") || strings.HasPrefix(question[x.End:], "’s") {
			continue // "today's teens" are of our time, not of today
		}
		start, end, ok := timex.Range(x.Value)
		if !ok {
			continue
		}
		p := period{label: timex.Label(x.Value), start: start, end: end, from: start.Add(-periodLag)}
		if current && start.After(asOf) {
			p.from = asOf.Add(-announceLead) // "next month": announced before it
		}
		out = append(out, p)
	}
	if len(out) != 1 {
		return period{}, false
	}
	return out[0], true
}

// speaksOf reports whether candidate c's article is news of p, published
// within periodLag of it (or, for days to come, announced shortly before
// the question), or whether its excerpt names a date within periodLag of
// p: "on Tuesday" for this week, not "this summer" for a Tuesday.
func (p period) speaksOf(ix *index.Index, c candidate) bool {
	if pub := ix.Articles[c.article].Published; !pub.IsZero() && !pub.Before(p.from) && pub.Before(p.end.Add(periodLag)) {
		return true
	}
	for _, d := range datesIn(ix, c.article, c.Span) {
		if start, end, ok := timex.Range(d.Value); ok && !start.Before(p.start.Add(-periodLag)) && !end.After(p.end.Add(periodLag)) {
			return true
		}
	}
	return false
}

// periodMissed returns the period question asks about (askedPeriod) if
// no candidate speaks of it: the articles then cover the subject, not the
// days asked ("What did the council decide this week?" of a story from
// last month). All the candidates count, not only those cited, so that
// the verdict does not depend on how many are shown. Ask answers with a
// caveat, not a refusal: the news of a week is often retold later, and on
// rtqa-2023 about one such answer in five is still right.
func periodMissed(ix *index.Index, question string, asOf time.Time, cands []candidate) (period, bool) {
	p, ok := askedPeriod(ix, question, asOf)
	if !ok || len(cands) == 0 {
		return period{}, false
	}
	for _, c := range cands {
		if p.speaksOf(ix, c) {
			return period{}, false
		}
	}
	return p, true
}

// caveat is what an answer opens with when no candidate speaks of p:
// that, and the date of its first citation c.
func (p period) caveat(c Citation) string {
	text := "None of the articles on this is from " + p.label
	if !c.Published.IsZero() {
		text += fmt.Sprintf("; [%d] is from %s", c.N, timex.Label(c.Published.UTC().Format("2006-01-02")))
	}
	return text + "."
}
