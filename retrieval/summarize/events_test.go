package summarize

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// banEvents are timeline events numbered as a timeline shows them.
var banEvents = []Event{
	{N: 2, Date: "2019-05-15", Title: "Trump signs order", Text: "President Trump signed an executive order barring telecom equipment from foreign adversaries."},
	{N: 5, Date: "2019-05-16", Title: "U.S. blacklists Huawei", Text: "The Commerce Department added Huawei to its Entity List."},
	{N: 9, Date: "2019-05-20", Title: "Temporary licence", Text: "The department granted a 90-day licence to keep existing networks running."},
}

func TestSummarizeEventsChecksMarkersAgainstEventNumbers(t *testing.T) {
	f := newFakeLLM(t, streamReply(streamOpts{},
		"On May 15, 2019 Trump signed an order on telecom equipment [2]. ",
		"A day later Huawei was put on the Entity List [5][3]. ",
		"Huawei then sued [1]. ",
		"A 90-day licence followed on May 20 [9]."))
	s := newSummarizer(t, f, "", nil, 0)
	var d deltas
	res, err := s.SummarizeEvents(t.Context(), "Huawei ban", banEvents, d.add)
	if err != nil {
		t.Fatalf("SummarizeEvents: %v", err)
	}
	want := "On May 15, 2019 Trump signed an order on telecom equipment [2]. A day later Huawei was put on the Entity List [5]. A 90-day licence followed on May 20 [9]."
	if !res.UsedLLM || res.Text != want || res.Dropped != 3 || res.Note != "" {
		t.Fatalf("used=%v dropped=%d note=%q\n got %q\nwant %q", res.UsedLLM, res.Dropped, res.Note, res.Text, want)
	}
	if len(d.all()) == 0 {
		t.Fatal("onDelta was never called")
	}
	body := f.requests()[0].Body
	system, user := body.Messages[0].Content, body.Messages[1].Content
	if !strings.Contains(system, "[2], [5] and [9]") || !strings.Contains(system, "NOT_COVERED") {
		t.Fatalf("system rules:\n%s", system)
	}
	for _, line := range []string{`<event n="5" date="2019-05-16" title="U.S. blacklists Huawei">`, "<topic>\nHuawei ban\n</topic>"} {
		if !strings.Contains(user, line) {
			t.Fatalf("user message lacks %q:\n%s", line, user)
		}
	}
}

func TestSummarizeEventsFallsBackToTheTimeline(t *testing.T) {
	f := newFakeLLM(t, stallReply)
	s := newSummarizer(t, f, "", nil, 150*time.Millisecond)
	res, err := s.SummarizeEvents(t.Context(), "Huawei ban", banEvents, nil)
	if !errors.Is(err, ErrTimeout) || res.UsedLLM || res.Text != "" || res.Note != "The summarizer timed out; showing the timeline only." {
		t.Fatalf("err=%v res=%+v", err, res)
	}
	res, err = s.SummarizeEvents(t.Context(), "Huawei ban", nil, nil)
	if err != nil || res.UsedLLM || res.Note != "" || len(f.requests()) != 1 {
		t.Fatalf("no events: err=%v res=%+v requests=%d", err, res, len(f.requests()))
	}
}
