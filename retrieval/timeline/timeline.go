// Package timeline picks the dates that matter for a topic and says what
// happened on each, the way a journalist's timeline does.
//
// It follows the date-wise approach of the timeline-summarization
// literature (news-tls's DATEWISE): every calendar date the articles
// mention is a candidate, ranked by how much the coverage points at it
// (the sentences that mention it, the articles published on it or the day
// after, the sources they come from); the best dates are kept, and for
// each the sentences that best represent what the articles say about that
// day (closest to the centroid of the sentences that mention it), never
// two that say the same thing, become its entry. Granularity is kept: a
// day, a month and a year are different candidates.
//
// The package is pure logic: callers choose the articles about the topic,
// weigh them, and pass them in with their sentences and dates (from the
// timex tagger).
package timeline

import (
	"sort"
	"time"

	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// Article is an article the timeline reads. Text is the body the sentence
// and date offsets index into.
type Article struct {
	ID        string
	Title     string
	URL       string
	Source    string    // publisher; "" when unknown
	Published time.Time // zero when unknown
	Text      string
	// Dates are the article's temporal expressions in text order, as
	// timex.Tag returns them (see Tag).
	Dates []timex.Expression
	// Weight is how well the article matches the topic, in (0, 1]; 0
	// counts as 1. It weighs the article's mentions of dates.
	Weight float64
	// Focus is the share of the article that is about the topic, in
	// (0, 1]; 0 counts as 1. A long article that touches the topic in
	// passing says little about it by being published on a day.
	Focus float64
}

// Tag fills in each article's Dates with the timex tagger, resolving
// relative expressions against its publication date.
func Tag(articles []Article) {
	for i := range articles {
		articles[i].Dates = timex.Tag(articles[i].Text, articles[i].Published)
	}
}

// Sentence is one candidate sentence: Articles[Article].Text[Start:End].
type Sentence struct {
	Article    int
	Start, End int
}

// Options filters and bounds a timeline.
type Options struct {
	// Since and Until keep dates inside [Since, Until] (whole days, both
	// inclusive): a day inside, or a month or year lying wholly inside.
	// Zero means unbounded.
	Since, Until time.Time
	// Limit keeps the Limit most important dates; 0 means all.
	Limit int
	// Topic, when set, is left out of the terms used to compare
	// sentences: every candidate is about it, so it says nothing about
	// whether two sentences tell the same thing.
	Topic string
}

// Event is one dated entry of a timeline. Date is the label of Value at its
// own granularity ("2018", "May 2019", "4 Jun 2019"); [Start, End) is the
// range of days it covers. Text is the one to three sentences that say
// what happened, joined; Citations lists them, in that order, then any
// other sentence found to tell the same thing.
type Event struct {
	Date        string
	Value       string
	Granularity string
	Start, End  time.Time
	Text        string
	Citations   []Citation
	// Score is how much the coverage points at the date; higher is more
	// important.
	Score float64
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

// Build makes the timeline of the given candidate sentences. A sentence
// mentions a date when it holds a temporal expression with a calendar value
// (not a vague PAST_REF or FUTURE_REF); relative expressions ("last month",
// "said Tuesday") are resolved against the article's publication date, so
// the publication date alone never dates a sentence. Boilerplate
// ("Originally published on ...", bylines, captions) mentions nothing.
// The Limit most important dates are kept and returned in date order,
// coarser first on ties.
func Build(topic string, articles []Article, sentences []Sentence, opts Options) Timeline {
	if opts.Topic == "" {
		opts.Topic = topic
	}
	ms := collectMentions(articles, sentences, termSetOf(opts.Topic))
	cands := rankDates(articles, ms, opts)
	events := summarize(articles, &ms, cands, opts)
	sortEvents(events)
	out := Timeline{Topic: topic, Events: make([]Event, 0, len(events))}
	for i := range events {
		out.Events = append(out.Events, events[i].export(articles, &ms))
	}
	return out
}

// termSetOf returns the search terms of text as a set.
func termSetOf(text string) map[string]bool {
	set := make(map[string]bool)
	for _, t := range textseg.Terms(text) {
		set[t] = true
	}
	return set
}

// inWindow reports whether the date range [start, end) lies inside the
// days since..until.
func inWindow(start, end, since, until time.Time) bool {
	if !since.IsZero() && start.Before(timex.DayStart(since)) {
		return false
	}
	if !until.IsZero() && end.After(timex.DayStart(until).AddDate(0, 0, 1)) {
		return false
	}
	return true
}

// sortEvents orders events by start date, the longer (coarser) range first
// on ties, then by value.
func sortEvents(evs []event) {
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := &evs[i], &evs[j]
		if !a.start.Equal(b.start) {
			return a.start.Before(b.start)
		}
		if la, lb := a.end.Sub(a.start), b.end.Sub(b.start); la != lb {
			return la > lb
		}
		return a.value < b.value
	})
}
