package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/timeline"
)

func init() {
	commands["timeline"] = command{summary: "list the dated events about a topic, with sources", run: runTimeline}
}

func runTimeline(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("timeline", `[--corpus PATH] [--index FILE] [--json] [--since D] [--until D] [--limit N] ["topic"]`, stderr)
	var cf corpusFlags
	cf.register(fs)
	asJSON := fs.Bool("json", false, "print the timeline as one JSON object (event end dates are inclusive)")
	since := fs.String("since", "", "keep events on or after this `date` (YYYY-MM-DD, YYYY-MM or YYYY)")
	until := fs.String("until", "", "keep events on or before this `date` (YYYY-MM-DD, YYYY-MM or YYYY)")
	limit := fs.Int("limit", retrieval.DefaultTimelineLimit, "show the `N` most important dates, in date order")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		fmt.Fprintln(stderr, `dossier timeline: give one topic in quotes, or none for every dated event`)
		fs.Usage()
		return errUsage
	}
	topic := ""
	if len(pos) == 1 {
		topic = pos[0]
	}
	opts := retrieval.TimelineOptions{Limit: *limit}
	if *limit < 1 {
		fmt.Fprintln(stderr, "dossier timeline: --limit must be at least 1")
		return errUsage
	}
	if opts.Since, _, err = retrieval.DateBound(*since); err != nil {
		fmt.Fprintf(stderr, "dossier timeline: --since: %v\n", err)
		return errUsage
	}
	if _, opts.Until, err = retrieval.DateBound(*until); err != nil {
		fmt.Fprintf(stderr, "dossier timeline: --until: %v\n", err)
		return errUsage
	}
	eng, _, err := openConfiguredEngine(ctx, cf, stderr, newLogger(stderr))
	if err != nil {
		return err
	}
	tl, err := eng.Timeline(ctx, topic, opts)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, timelineJSON(tl))
	}
	fmt.Fprint(stdout, formatTimeline(tl))
	return nil
}

// jsonTimeline is the --json shape of a timeline.
type jsonTimeline struct {
	Topic  string      `json:"topic"`
	Events []jsonEvent `json:"events"`
}

// jsonEvent is one event; start and end are its first and last day.
type jsonEvent struct {
	Date        string              `json:"date"`
	Value       string              `json:"value"`
	Granularity string              `json:"granularity"`
	Start       string              `json:"start"`
	End         string              `json:"end"`
	Text        string              `json:"text"`
	Citations   []jsonEventCitation `json:"citations"`
}

type jsonEventCitation struct {
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Excerpt   string `json:"excerpt"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
}

func timelineJSON(tl timeline.Timeline) jsonTimeline {
	out := jsonTimeline{Topic: tl.Topic, Events: []jsonEvent{}}
	for _, ev := range tl.Events {
		je := jsonEvent{
			Date: ev.Date, Value: ev.Value, Granularity: ev.Granularity,
			Start: dateString(ev.Start), End: dateString(ev.End.AddDate(0, 0, -1)),
			Text: ev.Text, Citations: []jsonEventCitation{},
		}
		for _, c := range ev.Citations {
			je.Citations = append(je.Citations, jsonEventCitation{
				ArticleID: c.ArticleID, Title: c.Title, Published: dateString(c.Published),
				URL: c.URL, Excerpt: c.Excerpt, Start: c.Start, End: c.End,
			})
		}
		out.Events = append(out.Events, je)
	}
	return out
}

// formatTimeline renders a timeline for a terminal, one event a line:
// "2018  <text>  [title, date]".
func formatTimeline(tl timeline.Timeline) string {
	if len(tl.Events) == 0 {
		if tl.Topic == "" {
			return "No dated events in the articles.\n"
		}
		return fmt.Sprintf("No dated events about %q in the articles.\n", tl.Topic)
	}
	width := 0
	for _, ev := range tl.Events {
		width = max(width, len(ev.Date))
	}
	var b strings.Builder
	for _, ev := range tl.Events {
		var srcs []string
		for _, c := range ev.Citations {
			s := c.Title
			if d := dateString(c.Published); d != "" {
				s += ", " + d
			}
			srcs = append(srcs, s)
		}
		text := strings.Join(strings.Fields(ev.Text), " ")
		fmt.Fprintf(&b, "%-*s  %s  [%s]\n", width, ev.Date, text, strings.Join(dedupe(srcs), "; "))
	}
	return b.String()
}

// dedupe drops repeated strings, keeping the first of each.
func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
