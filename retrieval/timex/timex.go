// Package timex is a rule-based temporal tagger for English news text in
// the style of HeidelTime. It finds temporal expressions ("last month",
// "June 4, 2019", "the third quarter", "Tuesday") and normalises them to
// TIMEX3-like values that keep their granularity: "2019", "2019-05",
// "2019-05-16", "2019-W20", "2019-W20-WE", "2019-SU", "2019-Q1", "199",
// or PAST_REF / PRESENT_REF / FUTURE_REF for vague references.
//
// Relative expressions are resolved against a reference date, normally the
// article's publication date. The tagger never consults the clock: without
// a reference it falls back to the latest explicit date earlier in the same
// text, or leaves the relative expression out.
package timex

import (
	"sort"
	"time"
)

// Version names the tagger's rules. Indexes store the dates the tagger
// found when they were built, so raise it whenever a change to the rules
// can change what Tag returns: an index tagged by another version is
// rebuilt.
const Version = 2

// Granularity is the calendar unit a value is expressed in.
type Granularity string

// Granularities of normalised values.
const (
	Day     Granularity = "day"
	Week    Granularity = "week"
	Weekend Granularity = "weekend"
	Month   Granularity = "month"
	Season  Granularity = "season"
	Quarter Granularity = "quarter"
	Year    Granularity = "year"
	Decade  Granularity = "decade"
	Ref     Granularity = "ref"
)

// Reference origins recorded in Expression.RefOrigin.
const (
	OriginExplicit     = "explicit"      // fully specified in the text
	OriginPublished    = "published"     // resolved against the caller's reference date
	OriginPreviousDate = "previous-date" // resolved against an earlier date in the text
	OriginNone         = "none"          // vague reference, no calendar anchor
)

// Expression is one temporal expression found in a text.
type Expression struct {
	Text        string      // matched text, verbatim
	Start, End  int         // byte offsets into the input
	Value       string      // TIMEX3-like value
	Granularity Granularity // unit of Value
	RefOrigin   string      // OriginExplicit, OriginPublished, OriginPreviousDate or OriginNone
}

// Tag finds the temporal expressions in text and normalises them. ref is
// the reference date for relative expressions (the article's publication
// date); the zero time means unknown, in which case relative expressions
// are resolved against the latest explicit date mentioned earlier in the
// text, or dropped when there is none. Expressions come back in text order
// and never overlap.
func Tag(text string, ref time.Time) []Expression {
	cands := findCandidates(text)
	cands = selectCandidates(cands)

	var out []Expression
	var prev *anchor // latest explicit date so far, used when ref is zero
	lastDay := -1    // index in out of the latest day-level expression
	for _, c := range cands {
		if len(out) > 0 && out[len(out)-1].Granularity == Day {
			lastDay = len(out) - 1
		}
		if c.anaphoricDay {
			// "the day", "the same day": the day last talked about
			switch {
			case lastDay >= 0:
				if d, _, ok := Range(out[lastDay].Value); ok {
					e := c.expression(text, dayValue(d.AddDate(0, 0, c.dayOffset)), Day, OriginPreviousDate)
					if out[lastDay].RefOrigin == OriginPublished {
						e.RefOrigin = OriginPublished
					}
					out = append(out, e)
				}
			case !ref.IsZero():
				out = append(out, c.expression(text, dayValue(ref.AddDate(0, 0, c.dayOffset)), Day, OriginPublished))
			}
			continue
		}
		if c.vague != "" {
			out = append(out, c.expression(text, c.vague, Ref, OriginNone))
			continue
		}
		if c.explicit != nil {
			v, g := c.explicit()
			out = append(out, c.expression(text, v, g, OriginExplicit))
			if a, ok := anchorOf(v, g); ok {
				prev = &a
			}
			continue
		}
		a, origin := anchor{t: ref, gran: Day}, OriginPublished
		if ref.IsZero() {
			if prev == nil || !coarserOrEqual(c.needs, prev.gran) {
				continue
			}
			a, origin = *prev, OriginPreviousDate
		}
		a.t = time.Date(a.t.Year(), a.t.Month(), a.t.Day(), 0, 0, 0, 0, time.UTC)
		v, g, ok := c.relative(resolveCtx{anchor: a, tense: tenseAt(text, c.start, c.end)})
		if !ok {
			continue
		}
		out = append(out, c.expression(text, v, g, origin))
	}
	return out
}

func (c candidate) expression(text, value string, g Granularity, origin string) Expression {
	return Expression{Text: text[c.start:c.end], Start: c.start, End: c.end, Value: value, Granularity: g, RefOrigin: origin}
}

// candidate is a span a rule matched, with a way to compute its value.
// Exactly one of vague, explicit, relative and anaphoricDay is set.
type candidate struct {
	start, end   int
	prio         int
	vague        string                                       // PAST_REF, PRESENT_REF or FUTURE_REF
	explicit     func() (string, Granularity)                 // value fully given by the text
	relative     func(resolveCtx) (string, Granularity, bool) // value needs a reference
	needs        Granularity                                  // finest anchor granularity relative needs
	anaphoricDay bool                                         // "the day": the day last mentioned, else the reference
	dayOffset    int                                          // days after the anaphoric day: "the next day" is +1
}

// selectCandidates keeps a non-overlapping subset, preferring longer spans,
// then higher priority, then earlier starts, and returns it in text order.
func selectCandidates(cs []candidate) []candidate {
	sort.SliceStable(cs, func(i, j int) bool {
		li, lj := cs[i].end-cs[i].start, cs[j].end-cs[j].start
		if li != lj {
			return li > lj
		}
		if cs[i].prio != cs[j].prio {
			return cs[i].prio > cs[j].prio
		}
		return cs[i].start < cs[j].start
	})
	var kept []candidate
	maxEnd := 0
	for _, c := range cs {
		maxEnd = max(maxEnd, c.end)
	}
	taken := make([]bool, maxEnd) // byte offsets already covered
	for _, c := range cs {
		free := true
		for i := c.start; i < c.end; i++ {
			if taken[i] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for i := c.start; i < c.end; i++ {
			taken[i] = true
		}
		kept = append(kept, c)
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	return kept
}
