package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/evaluate"
	"github.com/dossier-bot/dossier/retrieval/timeline"
)

func init() {
	commands["timeline"] = command{summary: "list the dated events about a topic, with sources", run: runTimeline}
}

func runTimeline(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("timeline", `[--corpus PATH] [--index FILE] [--json] [--since D] [--until D] [--limit N] ["topic"] | --eval DIR`, stderr)
	var cf corpusFlags
	cf.register(fs)
	asJSON := fs.Bool("json", false, "print the timeline as one JSON object (event end dates are inclusive)")
	since := fs.String("since", "", "keep events on or after this `date` (YYYY-MM-DD, YYYY-MM or YYYY)")
	until := fs.String("until", "", "keep events on or before this `date` (YYYY-MM-DD, YYYY-MM or YYYY)")
	limit := fs.Int("limit", retrieval.DefaultTimelineLimit, "show the `N` most important dates, in date order")
	evalDir := fs.String("eval", "", "score the timelines of a tls-dev style `dir` (topic/corpus.jsonl, timelines.json, keywords.json) instead")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *evalDir != "" {
		return runTimelineEval(ctx, *evalDir, stdout, stderr)
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

// runTimelineEval runs the timeline benchmark of dir and prints each
// timeline's scores and the news-tls averages.
func runTimelineEval(ctx context.Context, dir string, stdout, stderr io.Writer) error {
	tasks, err := evaluate.ReadTimelineTasks(dir)
	if err != nil {
		return err
	}
	cfg, err := loadConfig("", false)
	if err != nil {
		return err
	}
	logger := newLogger(stderr)
	open := func(ctx context.Context, path string) (*retrieval.Engine, error) {
		eng, _, err := openEngine(ctx, cfg, corpusFlags{corpus: path}, stderr, logger)
		return eng, err
	}
	rep, err := evaluate.RunTimelines(ctx, tasks, open)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, formatTimelineReport(rep))
	return nil
}

// formatTimelineReport renders the benchmark as a table: per timeline, then
// the averages (F1 of mean precision and mean recall).
func formatTimelineReport(rep evaluate.TimelineReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-50s %4s %4s %4s %6s %6s %6s %7s\n", "timeline", "gold", "pred", "hit", "date", "AR-1", "AR-2", "seconds")
	for _, s := range rep.Timelines {
		name := s.Topic + "/" + s.Name
		if len(name) > 50 {
			name = name[:50]
		}
		fmt.Fprintf(&b, "%-50s %4d %4d %4d %6.3f %6.3f %6.3f %7.2f\n", name, s.Gold, s.Predicted, s.Hits,
			s.Date.F1(), s.AR1.F1(), s.AR2.F1(), s.Elapsed.Seconds())
	}
	fmt.Fprintf(&b, "average of %d timelines (F1 of mean P and mean R):\n", len(rep.Timelines))
	for _, m := range []struct {
		name string
		pr   evaluate.PR
	}{{"date", rep.Date}, {"AR-1", rep.AR1}, {"AR-2", rep.AR2}} {
		fmt.Fprintf(&b, "  %-5s P %.3f  R %.3f  F1 %.3f\n", m.name, m.pr.P, m.pr.R, m.pr.F1())
	}
	return b.String()
}
