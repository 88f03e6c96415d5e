// Package timeline turns dated sentences of news articles into a timeline:
// each sentence whose temporal expression resolves to a calendar date
// becomes an event, events are ordered by date, and the same event told by
// several articles or passages is merged into one entry that cites them all.
//
// The package is pure logic: callers choose the candidate sentences (by
// retrieval, or every sentence of a corpus) and pass them in with their
// articles; dates come from the timex tagger.
package timeline

import (
	"sort"
	"time"

	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// Article is an article the candidate sentences come from. Text is the
// body the sentence offsets index into.
type Article struct {
	ID        string
	Title     string
	URL       string
	Published time.Time // zero when unknown
	Text      string
}

// Sentence is one candidate sentence: Articles[Article].Text[Start:End].
type Sentence struct {
	Article    int
	Start, End int
}

// Options filters and bounds a timeline.
type Options struct {
	// Since and Until keep events whose date range overlaps [Since, Until]
	// (whole days, both inclusive). Zero means unbounded.
	Since, Until time.Time
	// Limit keeps the first Limit events in date order; 0 means all.
	Limit int
	// Topic, when set, is left out of the terms used to compare sentences
	// for merging: every candidate mentions it, so it says nothing about
	// whether two sentences tell the same event.
	Topic string
}

// Event is one dated entry of a timeline. Date is the label of Value at its
// own granularity ("2018", "May 2019", "4 Jun 2019"); [Start, End) is the
// range of days it covers. Text is the sentence that carries the most
// precise date; Citations lists every sentence merged into the event, that
// one first.
type Event struct {
	Date        string
	Value       string
	Granularity string
	Start, End  time.Time
	Text        string
	Citations   []Citation
}

// Citation is one sentence an event rests on. Excerpt is the verbatim
// article text Text[Start:End] (clipped on word boundaries when the
// sentence is long).
type Citation struct {
	ArticleID string
	Title     string
	Published time.Time
	URL       string
	Excerpt   string
	Start     int
	End       int
}

// Timeline is a topic's events in date order.
type Timeline struct {
	Topic  string
	Events []Event
}

// Build makes the timeline of the given sentences. A sentence is an event
// when it holds a temporal expression with a calendar value (not a vague
// PAST_REF or FUTURE_REF); relative expressions ("last month", "said
// Tuesday") resolve against the article's publication date, so the
// publication date alone never dates a sentence that has no expression.
// Events are ordered by start date, coarser first on ties, then by
// publication date.
func Build(topic string, articles []Article, sentences []Sentence, opts Options) Timeline {
	if opts.Topic == "" {
		opts.Topic = topic
	}
	topicTerms := make(map[string]bool) // left out of each event's terms
	for _, t := range textseg.Terms(opts.Topic) {
		topicTerms[t] = true
	}
	tagged := make(map[int][]timex.Expression) // article -> expressions, tagged once
	seen := make(map[[2]int]bool)              // article, start: passages overlap by a sentence
	var events []event
	for _, s := range sentences {
		if s.Article < 0 || s.Article >= len(articles) {
			continue
		}
		a := &articles[s.Article]
		if s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End || seen[[2]int{s.Article, s.Start}] {
			continue
		}
		seen[[2]int{s.Article, s.Start}] = true
		exprs, ok := tagged[s.Article]
		if !ok {
			exprs = timex.Tag(a.Text, a.Published)
			tagged[s.Article] = exprs
		}
		if ev, ok := newEvent(a, s, exprs, topicTerms); ok {
			events = append(events, ev)
		}
	}
	events = merge(events)
	sortEvents(events)
	out := Timeline{Topic: topic, Events: []Event{}}
	for _, ev := range events {
		if !inWindow(ev.start, ev.end, opts.Since, opts.Until) {
			continue
		}
		if opts.Limit > 0 && len(out.Events) == opts.Limit {
			break
		}
		out.Events = append(out.Events, ev.export())
	}
	return out
}

// inWindow reports whether [start, end) overlaps the days since..until.
func inWindow(start, end, since, until time.Time) bool {
	if !since.IsZero() && !end.After(timex.DayStart(since)) {
		return false
	}
	if !until.IsZero() && !start.Before(timex.DayStart(until).AddDate(0, 0, 1)) {
		return false
	}
	return true
}

// sortEvents orders events by start date, the longer (coarser) range first
// on ties, then by the earliest publication date cited, then article order.
func sortEvents(evs []event) {
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := &evs[i], &evs[j]
		if !a.start.Equal(b.start) {
			return a.start.Before(b.start)
		}
		if la, lb := a.end.Sub(a.start), b.end.Sub(b.start); la != lb {
			return la > lb
		}
		return a.before(b)
	})
}
