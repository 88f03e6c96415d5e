package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png" // DecodeConfig reads the attached picture
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval/summarize"
)

// pngSize decodes the header of the one PNG attached to an edit.
func pngSize(t *testing.T, edit discordtest.Call) image.Config {
	t.Helper()
	if len(edit.Files) != 1 {
		t.Fatalf("edit has %d files, want the timeline picture", len(edit.Files))
	}
	f := edit.Files[0]
	if f.Name != timelineFile || f.ContentType != "image/png" {
		t.Errorf("attachment %q (%s), want %s image/png", f.Name, f.ContentType, timelineFile)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil || format != "png" {
		t.Fatalf("attachment does not decode as a PNG: %v (%s)", err, format)
	}
	return cfg
}

// lineIndex is the index of the first description line that starts with
// the numbered, bold date label, or -1.
func lineIndex(lines []string, date string) int {
	re := regexp.MustCompile(`^\d+\. \*\*` + regexp.QuoteMeta(date) + `\*\* — `)
	for i, l := range lines {
		if re.MatchString(l) {
			return i
		}
	}
	return -1
}

func TestTimelineHuaweiOnTheSeeds(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	sent := time.Now()
	in := h.fake.SlashCommand("timeline", map[string]string{"topic": "huawei"}, alice)

	cb, _ := h.callback(n, in)
	if callbackType(cb) != 5 {
		t.Fatalf("callback type = %v, want 5 (deferred)", cb.Body["type"])
	}
	if d := cb.At.Sub(sent); d > 3*time.Second {
		t.Errorf("deferred after %s, want within 3s", d)
	}
	edit, _ := h.original(n, in)
	embeds := embedsOf(edit.Body)
	if len(embeds) != 1 || embeds[0]["title"] != "Timeline: huawei" {
		t.Fatalf("want one embed titled \"Timeline: huawei\", got %s", edit.Raw)
	}
	lines := strings.Split(embeds[0]["description"].(string), "\n")
	y2018, may2019, y2020 := lineIndex(lines, "2018"), lineIndex(lines, "May 2019"), lineIndex(lines, "2020")
	if y2018 < 0 || may2019 < 0 || y2020 < 0 || !(y2018 < may2019 && may2019 < y2020) {
		t.Fatalf("want 2018, May 2019 and 2020 lines in that order, got at %d, %d, %d:\n%s", y2018, may2019, y2020, strings.Join(lines, "\n"))
	}
	// The seeds have no URLs: citations are the articles' titles.
	npr, ren := "*Huawei Chairman Willing To Sign A 'No-Spy' Deal", "*Huawei CEO 'would welcome' phone call from Biden"
	if l := lines[y2018]; !strings.Contains(l, "arrest warrant") || !strings.Contains(l, npr) {
		t.Errorf("2018 line lacks the arrest warrant or its citation: %q", l)
	}
	if l := lines[may2019]; !strings.Contains(strings.ToLower(l), "entity list") || !strings.Contains(l, npr) || !strings.Contains(l, ren) {
		t.Errorf("May 2019 line lacks the Entity List or its two citations: %q", l)
	}
	if l := lines[y2020]; !strings.Contains(l, "profit growth") || !strings.Contains(l, ren) {
		t.Errorf("2020 line lacks the profit growth or its citation: %q", l)
	}
	if edit.Body["components"] != nil && len(edit.Body["components"].([]any)) > 0 {
		t.Errorf("a one-page timeline has buttons: %v", edit.Body["components"])
	}
	cfg := pngSize(t, edit)
	if cfg.Width < 600 || cfg.Height < 200 || cfg.Width > 4000 || cfg.Height > 4000 {
		t.Errorf("picture is %dx%d, want a readable size", cfg.Width, cfg.Height)
	}
}

func TestTimelineUnknownTopicIsPlain(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("timeline", map[string]string{"topic": "zeppelin"}, alice)
	edit, _ := h.original(n, in)
	if got := content(edit.Body); !strings.Contains(got, "no dated events") || !strings.Contains(got, "zeppelin") {
		t.Errorf("unknown topic answered %q, want a plain “no dated events” message", got)
	}
	if len(embedsOf(edit.Body)) != 0 || len(edit.Files) != 0 {
		t.Errorf("unknown topic sent embeds or files: %s", edit.Raw)
	}
	// since after every event: also plain, naming the bound.
	in = h.fake.SlashCommand("timeline", map[string]string{"topic": "huawei", "since": "2030"}, alice)
	edit, _ = h.original(n, in)
	if got := content(edit.Body); !strings.Contains(got, "no dated events") || !strings.Contains(got, "since 2030") {
		t.Errorf("huawei since 2030 answered %q", got)
	}
}

// manyEventsCorpus is 30 articles about the Zorblax probe, each dating one
// event in a different month, with a URL.
func manyEventsCorpus() map[string]string {
	files := map[string]string{}
	for i := range 30 {
		m := time.Date(2015, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)
		files[fmt.Sprintf("z%02d.md", i)] = fmt.Sprintf("---\ntitle: Zorblax probe report %d\npublished: %s\nurl: https://example.com/zorblax/%d\n---\n"+
			"In %s, the Zorblax probe completed manoeuvre number %d over the northern ice fields.\n\n"+
			"Engineers said the data looked clean and the team celebrated.\n",
			i, m.AddDate(0, 1, 3).Format("2006-01-02"), i, m.Format("January 2006"), i)
	}
	return files
}

func TestTimelinePagesManyEvents(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, manyEventsCorpus())
	h := start(t, eng, nil, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("timeline", map[string]string{"topic": "zorblax probe"}, alice)
	edit, _ := h.original(n, in)
	embeds := embedsOf(edit.Body)
	if len(embeds) != 1 {
		t.Fatalf("no timeline embed: %s", edit.Raw)
	}
	first := embeds[0]["description"].(string)
	if c := strings.Count(first, "\n") + 1; c != timelinePerPage {
		t.Errorf("first page lists %d events, want %d", c, timelinePerPage)
	}
	if want := "1. **January 2015** — In January 2015, the Zorblax probe completed manoeuvre number 0 over the northern ice fields. [1](https://example.com/zorblax/0)\n"; !strings.HasPrefix(first, want) {
		t.Errorf("first page does not start with the earliest event and its link:\n%s", first)
	}
	foot, _ := embeds[0]["footer"].(map[string]any)
	// The default limit shows the 20 most important of the 25 dates.
	if !strings.Contains(fmt.Sprint(foot["text"]), "page 1 of 2") {
		t.Errorf("footer %v, want page 1 of 2", foot)
	}
	next := buttonID(t, edit.Body, "Next")
	if !strings.HasPrefix(next, timelinePrefix) || len(next) > 100 {
		t.Fatalf("Next button custom ID %q", next)
	}
	pngSize(t, edit)

	click := h.fake.ClickButton(next, alice, edit.Reply)
	cb, _ := h.callback(n, click)
	data, _ := cb.Body["data"].(map[string]any)
	if callbackType(cb) != 7 || len(embedsOf(data)) != 1 {
		t.Fatalf("Next answered %s, want an update (type 7) with the timeline", cb.Raw)
	}
	second := embedsOf(data)[0]["description"].(string)
	if !strings.HasPrefix(second, "11. **November 2015** — ") {
		t.Errorf("second page starts %q, want event 11", second[:min(80, len(second))])
	}
	if _, ok := data["attachments"]; ok {
		t.Errorf("page update touches the attachments; the picture must stay")
	}
	// A button from before a restart (unknown key) gets a polite hint.
	stale := h.fake.ClickButton(timelinePrefix+"deadbeef:1", alice, nil)
	cb, _ = h.callback(n, stale)
	data, _ = cb.Body["data"].(map[string]any)
	if flags(data) != 64 || !strings.Contains(content(data), "expired") {
		t.Errorf("stale button answered %s", cb.Raw)
	}
}

// buttonID returns the custom ID of the button whose label contains label.
func buttonID(t *testing.T, msg map[string]any, label string) string {
	t.Helper()
	rows, _ := msg["components"].([]any)
	for _, row := range rows {
		comps, _ := row.(map[string]any)["components"].([]any)
		for _, b := range comps {
			bm := b.(map[string]any)
			if l, _ := bm["label"].(string); strings.Contains(l, label) {
				id, _ := bm["custom_id"].(string)
				return id
			}
		}
	}
	t.Fatalf("no %q button in %v", label, msg["components"])
	return ""
}

// llmServer is a loopback OpenAI-compatible server answering every chat
// completion with reply: an SSE stream of its pieces, or status 500 when
// reply is nil.
func llmServer(t *testing.T, reply func() []string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pieces := reply()
		if pieces == nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"error":{"message":"boom","type":"server_error"}}`)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		send := func(delta map[string]string, finish any) {
			b, _ := json.Marshal(map[string]any{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
				"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}})
			fmt.Fprintf(w, "data: %s\n\n", b)
			w.(http.Flusher).Flush()
		}
		for _, p := range pieces {
			send(map[string]string{"content": p}, nil)
		}
		send(map[string]string{}, "stop")
		fmt.Fprint(w, "data: [DONE]\n\n")
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

func TestTimelineSummarize(t *testing.T) {
	t.Parallel()
	var fail atomic.Bool
	url := llmServer(t, func() []string {
		if fail.Load() {
			return nil
		}
		return []string{"Tensions rose in 2018 when the U.S. issued an arrest warrant for Meng Wanzhou [1]. ",
			"In May 2019 the Commerce Department added Huawei to its Entity List [2][12]."}
	})
	sum, err := summarize.New(summarize.Options{BaseURL: url, Model: "m", Timeout: 5 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, nil, func(o *Options) { o.SummarizeEvents = sum.SummarizeEvents }, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommandOptions("timeline", map[string]any{"topic": "huawei", "summarize": true}, alice)
	edit, i := h.original(n, in)
	streamed := 0
	for edit.Files == nil { // the streamed edits come first
		streamed++
		edit, i = h.original(i+1, in)
	}
	if streamed == 0 {
		t.Errorf("the summary was not streamed into the reply before the final edit")
	}
	want := "Tensions rose in 2018 when the U.S. issued an arrest warrant for Meng Wanzhou [1]. In May 2019 the Commerce Department added Huawei to its Entity List [2]."
	if c := content(edit.Body); c != want {
		t.Errorf("summary on top = %q, want the checked paragraph (no [12])", c)
	}
	if e := embedsOf(edit.Body); len(e) != 1 || !strings.HasPrefix(e[0]["description"].(string), "1. **2018** — ") {
		t.Errorf("timeline missing under the summary: %s", edit.Raw)
	}

	// A failing summarizer: the timeline alone, with the note.
	fail.Store(true)
	in = h.fake.SlashCommandOptions("timeline", map[string]any{"topic": "huawei", "summarize": true}, alice)
	edit, _ = h.original(n, in)
	if c := content(edit.Body); c != "*The summarizer failed; showing the timeline only.*" || len(embedsOf(edit.Body)) != 1 || len(edit.Files) != 1 {
		t.Errorf("failed summary: content %q, %d embeds, %d files", c, len(embedsOf(edit.Body)), len(edit.Files))
	}
}

func TestTimelineSummarizeWithoutSummarizer(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommandOptions("timeline", map[string]any{"topic": "huawei", "summarize": true}, alice)
	edit, _ := h.original(n, in)
	if c := content(edit.Body); !strings.Contains(c, "none is configured") || len(embedsOf(edit.Body)) != 1 {
		t.Errorf("summarize without a summarizer: content %q, %d embeds", c, len(embedsOf(edit.Body)))
	}
}

func TestTimelineNewestFirstPagesInReverse(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, manyEventsCorpus())
	h := start(t, eng, nil, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("timeline", map[string]string{"topic": "zorblax probe", "order": orderNewest}, alice)
	edit, _ := h.original(n, in)
	embeds := embedsOf(edit.Body)
	if len(embeds) != 1 {
		t.Fatalf("no timeline embed: %s", edit.Raw)
	}
	first := embeds[0]["description"].(string)
	// The 20 dates shown (the default limit; all 30 weigh the same, so
	// the earliest 20) run from January 2015 to August 2016.
	if want := "1. **August 2016** — In August 2016, the Zorblax probe completed manoeuvre number 19 "; !strings.HasPrefix(first, want) {
		t.Errorf("newest first does not start with the latest event:\n%s", first)
	}
	lines := strings.Split(first, "\n")
	if len(lines) != timelinePerPage || !strings.HasPrefix(lines[9], "10. **November 2015** — ") {
		t.Errorf("first page of newest first does not end with event 10, November 2015:\n%s", first)
	}
	foot, _ := embeds[0]["footer"].(map[string]any)
	if f := fmt.Sprint(foot["text"]); !strings.Contains(f, "newest first") || !strings.Contains(f, "page 1 of 2") {
		t.Errorf("footer %q, want newest first, page 1 of 2", f)
	}
	pngSize(t, edit)

	// ▶ keeps the order: page 2 goes on backwards in time.
	click := h.fake.ClickButton(buttonID(t, edit.Body, "Next"), alice, edit.Reply)
	cb, _ := h.callback(n, click)
	data, _ := cb.Body["data"].(map[string]any)
	if callbackType(cb) != 7 || len(embedsOf(data)) != 1 {
		t.Fatalf("Next answered %s, want an update (type 7) with the timeline", cb.Raw)
	}
	second := embedsOf(data)[0]["description"].(string)
	if !strings.HasPrefix(second, "11. **October 2015** — ") || !strings.Contains(second, "\n20. **January 2015** — ") {
		t.Errorf("second page of newest first:\n%s", second)
	}

	// The default and an explicit oldest first are the same timeline.
	for _, opts := range []map[string]string{{"topic": "zorblax probe"}, {"topic": "zorblax probe", "order": orderOldest}} {
		in := h.fake.SlashCommand("timeline", opts, alice)
		edit, _ := h.original(n, in)
		e := embedsOf(edit.Body)
		if len(e) != 1 || !strings.HasPrefix(e[0]["description"].(string), "1. **January 2015** — ") {
			t.Errorf("%v: not oldest first: %s", opts, edit.Raw)
		}
		if foot, _ := e[0]["footer"].(map[string]any); strings.Contains(fmt.Sprint(foot["text"]), "newest") {
			t.Errorf("%v: footer %v", opts, foot)
		}
	}
}

func TestTimelineNewestFirstSummaryKeepsListedNumbers(t *testing.T) {
	t.Parallel()
	var got atomic.Pointer[[]summarize.Event]
	fake := func(_ context.Context, _ string, evs []summarize.Event, _ func(string)) (summarize.EventsResult, error) {
		got.Store(&evs)
		return summarize.EventsResult{Text: "It began in 2018 [" + strconv.Itoa(evs[0].N) + "].", UsedLLM: true}, nil
	}
	h := start(t, nil, func(o *Options) { o.SummarizeEvents = fake }, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommandOptions("timeline", map[string]any{"topic": "huawei", "summarize": true, "order": orderNewest}, alice)
	edit, _ := h.original(n, in)
	for edit.Files == nil {
		edit, _ = h.original(n+1, in)
	}
	evs := *got.Load()
	lines := strings.Split(embedsOf(edit.Body)[0]["description"].(string), "\n")
	if len(evs) != len(lines) || len(evs) < 3 {
		t.Fatalf("summarizer read %d events, the timeline lists %d", len(evs), len(lines))
	}
	for i, ev := range evs {
		// In date order for the model, numbered as listed (newest = 1).
		if want := len(evs) - i; ev.N != want {
			t.Errorf("event %d (%s) sent as [%d], want [%d]", i, ev.Date, ev.N, want)
		}
		if !strings.HasPrefix(lines[ev.N-1], fmt.Sprintf("%d. **%s** — ", ev.N, ev.Date)) {
			t.Errorf("[%d] is %s for the model but the list shows %q", ev.N, ev.Date, lines[ev.N-1])
		}
	}
	if evs[0].Date != "2018" {
		t.Errorf("the model's first event is %s, want 2018 (date order)", evs[0].Date)
	}
	if c := content(edit.Body); c != fmt.Sprintf("It began in 2018 [%d].", len(evs)) {
		t.Errorf("summary %q", c)
	}
}
