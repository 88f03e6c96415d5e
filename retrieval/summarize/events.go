package summarize

import (
	"context"
)

// MaxEvents is the most events SummarizeEvents sends to the model; later
// ones are left out of the prompt and cannot be cited.
const MaxEvents = 60

// Event is one dated entry of a timeline, as SummarizeEvents reads it. N is
// the citation number the timeline shows for it.
type Event struct {
	N     int
	Date  string // as displayed, e.g. "2019-05-16" or "May 2019"
	Text  string // the event's sentence, verbatim from the article
	Title string // the article's title
}

// EventsResult is the outcome of SummarizeEvents.
type EventsResult struct {
	// Text is the checked paragraph, citing events as [n]; empty when the
	// model was not used, in which case show the timeline alone.
	Text string
	// UsedLLM reports whether Text is set.
	UsedLLM bool
	// Note is a short user-facing line explaining a fallback; empty otherwise.
	Note string
	// Dropped counts the invalid markers and unsupported sentences removed.
	Dropped int
}

// SummarizeEvents writes a short paragraph about topic from a timeline's
// events, citing them by their N. Its markers are checked against the given
// numbers, exactly as Summarize checks an answer's, and onDelta behaves the
// same. With no events it returns an empty result without contacting the
// server; on any failure it returns an empty Text, a Note and the error.
func (s *Summarizer) SummarizeEvents(ctx context.Context, topic string, events []Event, onDelta func(string)) (EventsResult, error) {
	var res EventsResult
	if len(events) == 0 {
		return res, nil
	}
	if len(events) > MaxEvents {
		events = events[:MaxEvents]
	}
	support := make(map[int]string, len(events))
	for _, e := range events {
		support[e.N] += sourceText(e.Title, e.Date, e.Text)
	}
	ck := newChecker(topic, support)
	system, user := eventsPrompt(topic, events)
	v, err := s.run(ctx, "timeline", system, user, ck, onDelta)
	res.Dropped = v.Dropped()
	if err != nil {
		res.Note = noteFor(err, "showing the timeline only")
		return res, err
	}
	res.Text, res.UsedLLM = v.Text, true
	return res, nil
}
