package retrieval

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/timeline"
)

const (
	nprSeed = "npr-2019-06-04-huawei-no-spy"
	renSeed = "ren-2021-02-biden-call"
)

// seedEngine opens the engine over the embedded seed articles.
func seedEngine(t *testing.T) *Engine {
	t.Helper()
	eng, _, err := Open(context.Background(), Options{}, nil)
	if err != nil {
		t.Fatalf("open seeds: %v", err)
	}
	return eng
}

// findEvent returns the event labelled date whose text contains phrase,
// in any case.
func findEvent(tl timeline.Timeline, date, phrase string) (timeline.Event, bool) {
	for _, ev := range tl.Events {
		if ev.Date == date && strings.Contains(strings.ToLower(ev.Text), strings.ToLower(phrase)) {
			return ev, true
		}
	}
	return timeline.Event{}, false
}

func cites(ev timeline.Event, article string) bool {
	for _, c := range ev.Citations {
		if c.ArticleID == article {
			return true
		}
	}
	return false
}

func TestTimelineHuaweiSeeds(t *testing.T) {
	eng := seedEngine(t)
	tl, err := eng.Timeline(context.Background(), "huawei", TimelineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tl.Topic != "huawei" {
		t.Errorf("topic = %q", tl.Topic)
	}
	want := []struct {
		date, phrase string
		articles     []string
	}{
		{"2018", "arrest warrant for Huawei Chief Financial Officer Meng Wanzhou", []string{nprSeed}},
		// The Ren article's "In 2019, Huawei was placed on a US entity list"
		// is the same event at a coarser date: merged into May 2019.
		{"May 2019", "Entity List", []string{nprSeed, renSeed}},
		{"4 Jun 2019", `willing to sign a "no-spy agreement"`, []string{nprSeed}},
		{"2020", "positive sales and net profit growth", []string{renSeed}},
	}
	for _, w := range want {
		ev, ok := findEvent(tl, w.date, w.phrase)
		if !ok {
			t.Errorf("no %s event with %q", w.date, w.phrase)
			continue
		}
		for _, a := range w.articles {
			if !cites(ev, a) {
				t.Errorf("%s event %q does not cite %s", w.date, w.phrase, a)
			}
		}
	}
	if ev, ok := findEvent(tl, "May 2019", "Entity List"); ok {
		found := false
		for _, c := range ev.Citations {
			found = found || strings.Contains(c.Excerpt, "In 2019, Huawei was placed on a US entity list")
		}
		if !found {
			t.Errorf("May 2019 event does not cite the Ren article's 2019 sentence: %+v", ev.Citations)
		}
	}
	if _, ok := findEvent(tl, "2019", "placed on a US entity list"); ok {
		t.Errorf("the 2019 entity-list sentence is listed apart from May 2019")
	}
	for _, ev := range tl.Events {
		if strings.Contains(ev.Text, "Originally published") {
			t.Errorf("page furniture listed as an event: %q", ev.Text)
		}
	}
	checkTimeline(t, eng, tl)
}

// checkTimeline asserts what every timeline promises: events in date order
// (coarser first on ties), verbatim excerpts of the cited articles.
func checkTimeline(t *testing.T, eng *Engine, tl timeline.Timeline) {
	t.Helper()
	ix := eng.live.Load()
	texts := map[string]string{}
	for _, a := range ix.Articles {
		texts[a.ID] = a.Text
	}
	for i, ev := range tl.Events {
		if i > 0 {
			prev := tl.Events[i-1]
			if ev.Start.Before(prev.Start) || (ev.Start.Equal(prev.Start) && ev.End.After(prev.End)) {
				t.Errorf("event %d (%s) is before event %d (%s)", i, ev.Date, i-1, prev.Date)
			}
		}
		if len(ev.Citations) == 0 {
			t.Errorf("event %s %q has no citation", ev.Date, ev.Text)
		}
		for _, c := range ev.Citations {
			text, ok := texts[c.ArticleID]
			switch {
			case !ok:
				t.Errorf("citation of unknown article %q", c.ArticleID)
			case c.Start < 0 || c.End > len(text) || text[c.Start:c.End] != c.Excerpt:
				t.Errorf("excerpt %q is not %s[%d:%d]", c.Excerpt, c.ArticleID, c.Start, c.End)
			case len(c.Excerpt) > 400:
				t.Errorf("excerpt of %d bytes", len(c.Excerpt))
			}
		}
	}
}

func TestTimelineOptions(t *testing.T) {
	eng := seedEngine(t)
	ctx := context.Background()
	since := time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	tl, err := eng.Timeline(ctx, "huawei", TimelineOptions{Since: since, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Events) == 0 {
		t.Fatal("no events in June-December 2019")
	}
	for _, ev := range tl.Events {
		if !ev.End.After(since) || ev.Start.After(until) {
			t.Errorf("event %s (%s..%s) outside the window", ev.Date, ev.Start, ev.End)
		}
	}
	if _, ok := findEvent(tl, "4 Jun 2019", "no-spy"); !ok {
		t.Error("the 4 Jun 2019 no-spy remarks are missing from the June 2019 window")
	}

	// The limit keeps the most important dates, not the earliest: 4 June
	// 2019, the day the no-spy remarks were made and reported, is one.
	tl, err = eng.Timeline(ctx, "huawei", TimelineOptions{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := findEvent(tl, "4 Jun 2019", "no-spy"); len(tl.Events) != 2 || !ok {
		t.Errorf("limit 2 gave %d events without 4 Jun 2019: %+v", len(tl.Events), tl.Events)
	}
	checkTimeline(t, eng, tl)
}

func TestTimelineWholeCorpus(t *testing.T) {
	eng := seedEngine(t)
	tl, err := eng.Timeline(context.Background(), "", TimelineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Without a topic, dated sentences that never name Huawei are listed too.
	if _, ok := findEvent(tl, "3 Jun 2019", "Pompeo warned Switzerland"); !ok {
		t.Error("the Pompeo warning of Monday 3 Jun 2019 is missing from the corpus timeline")
	}
	if _, ok := findEvent(tl, "2018", "arrest warrant"); !ok {
		t.Error("the 2018 arrest warrant is missing from the corpus timeline")
	}
	checkTimeline(t, eng, tl)
}

func TestTimelineUnknownTopic(t *testing.T) {
	eng := seedEngine(t)
	tl, err := eng.Timeline(context.Background(), "volcanic eruption", TimelineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Events) != 0 {
		t.Errorf("a topic the articles never mention has %d events: %+v", len(tl.Events), tl.Events)
	}
}
