package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/dossier-bot/dossier/retrieval/timeline"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// sampleTimeline has a year, a month and a day event; the month one is
// cited by two articles, one without a URL, and its sentence says
// "@everyone".
func sampleTimeline() timeline.Timeline {
	npr := timeline.Citation{ArticleID: "npr", Title: "Huawei Chairman Willing To Sign A 'No-Spy' Deal [Update]", Published: june4, URL: "https://www.kgou.org/huawei-no-spy"}
	ren := timeline.Citation{ArticleID: "ren", Title: "Huawei CEO 'would welcome' phone call from Biden", Published: day(2021, 2, 9)}
	return timeline.Timeline{Topic: "huawei", Events: []timeline.Event{
		{Date: "2018", Value: "2018", Granularity: "year", Start: day(2018, 1, 1), End: day(2019, 1, 1),
			Text: "Last year, tensions reached a fevered pitch after the U.S issued an arrest warrant for Huawei CFO Meng Wanzhou.", Citations: []timeline.Citation{npr}},
		{Date: "May 2019", Value: "2019-05", Granularity: "month", Start: day(2019, 5, 1), End: day(2019, 6, 1),
			Text: "This culminated last month with the U.S. Commerce Department adding Huawei to its \"Entity List,\" @everyone.", Citations: []timeline.Citation{npr, npr, ren}},
		{Date: "4 Jun 2019", Value: "2019-06-04", Granularity: "day", Start: june4, End: june4.AddDate(0, 0, 1),
			Text: "A top Huawei executive said Tuesday that the company is willing\nto sign a \"no-spy agreement\".", Citations: []timeline.Citation{npr}},
	}}
}

func TestRenderTimelineGolden(t *testing.T) {
	v := timelineView{TL: sampleTimeline()}
	golden(t, "timeline", asJSON(t, renderTimeline(v, 0, "k1")))
	v.Summary = "Tensions rose in 2018 [1] before Huawei joined the Entity List in May 2019 [2]."
	golden(t, "timeline_summary", asJSON(t, renderTimeline(v, 0, "k1")))
	v.Summary, v.Note = "", "The summarizer timed out; showing the timeline only."
	golden(t, "timeline_note", asJSON(t, renderTimeline(v, 0, "k1")))
	v.Note, v.NewestFirst = "", true
	golden(t, "timeline_newest", asJSON(t, renderTimeline(v, 0, "k1")))
	golden(t, "timeline_empty", asJSON(t, renderTimeline(timelineView{TL: timeline.Timeline{Topic: "zeppelin"}, Since: "2019", Until: "2020-06"}, 0, "")))

	var many timeline.Timeline
	many.Topic = "huawei"
	for i := range 23 {
		ev := sampleTimeline().Events[i%3]
		ev.Text = fmt.Sprintf("Event %d: %s", i+1, ev.Text)
		many.Events = append(many.Events, ev)
	}
	golden(t, "timeline_last_page", asJSON(t, renderTimeline(timelineView{TL: many}, 99, "k2")))
}

// TestRenderTimelineWithinLimits pages a timeline of huge events: every
// page keeps within Discord's limits, every line is whole (its number, bold
// date, text ending on a word or ellipsis, links), and every event is on
// exactly one page, in order.
func TestRenderTimelineWithinLimits(t *testing.T) {
	var tl timeline.Timeline
	tl.Topic = strings.Repeat("topic ", 60)
	for i := range 57 {
		var cites []timeline.Citation
		for j := range 9 {
			cites = append(cites, timeline.Citation{ArticleID: fmt.Sprintf("a%d-%d", i, j), Title: strings.Repeat("[Title] ", 40),
				URL: "https://example.com/" + strings.Repeat("x", 480)})
		}
		cites[3].URL = "https://example.com/" + strings.Repeat("y", 3000) // too long to link
		tl.Events = append(tl.Events, timeline.Event{Date: "summer 2020", Start: day(2020, 6, 1), End: day(2020, 9, 1),
			Text: strings.Repeat("😀 Zaïre éé ", 100), Citations: cites})
	}
	v := timelineView{TL: tl, Summary: strings.Repeat("summary [1] ", 300), Note: strings.Repeat("note ", 100)}
	seen := 0
	pages := len(timelinePages(tl.Events))
	for page := range pages {
		r := renderTimeline(v, page, "0123456789abcdef")
		var msg map[string]any
		if err := json.Unmarshal([]byte(asJSON(t, r)), &msg); err != nil {
			t.Fatal(err)
		}
		if p := limitProblems(msg); len(p) > 0 {
			t.Fatalf("page %d breaks limits: %v", page, p)
		}
		for _, line := range strings.Split(r.Embeds[0].Description, "\n") {
			seen++
			if !strings.HasPrefix(line, fmt.Sprintf("%d. **summer 2020** — 😀 Zaïre", seen)) || !strings.Contains(line, "…") || !strings.HasSuffix(line, "+4 more") {
				t.Fatalf("page %d: line %d is not whole: %q", page, seen, line)
			}
			if strings.Contains(line, "yyyy") {
				t.Errorf("an over-long URL was linked")
			}
		}
		if !strings.Contains(asJSON(t, r.Components), "Next ▶") {
			t.Fatalf("page %d has no paging buttons", page)
		}
	}
	if seen != len(tl.Events) {
		t.Errorf("pages listed %d events, want %d", seen, len(tl.Events))
	}
}

func TestTimelinePNG(t *testing.T) {
	if b, err := timelinePNG(timelineView{TL: timeline.Timeline{Topic: "none"}}); b != nil || err != nil {
		t.Errorf("no events gave %d bytes, %v; want no picture", len(b), err)
	}
	tl := sampleTimeline()
	for len(tl.Events) < 40 {
		tl.Events = append(tl.Events, tl.Events[len(tl.Events)%3])
	}
	b, err := timelinePNG(timelineView{TL: tl})
	if err != nil {
		t.Fatal(err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || format != "png" {
		t.Fatalf("not a PNG: %v", err)
	}
	// 30 rows of 22pt plus margins at 96 dpi; 12 inches wide.
	if cfg.Width != 1152 || cfg.Height < 900 || cfg.Height > 1200 {
		t.Errorf("picture of 40 events is %dx%d, want 1152 wide and about 30 rows high", cfg.Width, cfg.Height)
	}
}

// blankMargins fails the test unless the picture is blank (white) within
// most of plotMargin of its edges: the title does not touch the top, nor
// the axis the sides.
func blankMargins(t *testing.T, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bounds := img.Bounds()
	margin := int(math.Floor(float64(plotMargin/vg.Inch) * 96 * 0.8)) // 96 dpi, less anti-aliasing
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			inside := x >= margin && x < bounds.Dx()-margin && y >= margin && y < bounds.Dy()-margin
			if r, g, b, _ := img.At(x, y).RGBA(); !inside && (r != 0xffff || g != 0xffff || b != 0xffff) {
				t.Fatalf("pixel (%d, %d) is drawn on, within %d pixels of the edge", x, y, margin)
			}
		}
	}
}

func TestTimelinePNGMargins(t *testing.T) {
	v := timelineView{TL: sampleTimeline()}
	v.TL.Topic = strings.Repeat("a long topic ", 20)
	b, err := timelinePNG(v)
	if err != nil {
		t.Fatal(err)
	}
	blankMargins(t, b)
}

// farEventTimeline has one event in 1975 and forty, 18 days apart, from
// January 2019 on.
func farEventTimeline() timeline.Timeline {
	tl := timeline.Timeline{Topic: "zorblax probe"}
	tl.Events = append(tl.Events, timeline.Event{Date: "1975", Value: "1975", Granularity: "year", Start: day(1975, 1, 1), End: day(1976, 1, 1),
		Text: "The Zorblax programme was first proposed."})
	for i := range 40 {
		d := day(2019, 1, 1).AddDate(0, 0, i*18)
		tl.Events = append(tl.Events, timeline.Event{Date: d.Format("2 Jan 2006"), Value: d.Format("2006-01-02"), Granularity: "day", Start: d, End: d.AddDate(0, 0, 1),
			Text: fmt.Sprintf("The Zorblax probe completed manoeuvre number %d over the northern ice fields.", i)})
	}
	return tl
}

// years are events covering whole years.
func years(ys ...int) []timeline.Event {
	var evs []timeline.Event
	for _, y := range ys {
		evs = append(evs, timeline.Event{Date: fmt.Sprint(y), Start: day(y, 1, 1), End: day(y+1, 1, 1)})
	}
	return evs
}

func TestTimeAxisBreaksAwayFarEvents(t *testing.T) {
	evs := farEventTimeline().Events[:maxPlotEvents]
	a := newTimeAxis(evs)
	if len(a.segs) != 2 {
		t.Fatalf("%d segments, want the 1975 one and the dense one", len(a.segs))
	}
	lo, hi := 1.0, 0.0
	last := -1.0
	for _, ev := range evs {
		x := a.x(ev.Start)
		if x <= last || x < 0 || x > 1 {
			t.Errorf("%s at x = %.3f, after %.3f: want increasing, within [0, 1]", ev.Date, x, last)
		}
		last = x
		if ev.Start.Year() >= 2019 {
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	if hi-lo < 0.5 {
		t.Errorf("the 29 dense events spread over %.2f of the width, want at least half", hi-lo)
	}
	if x := a.x(day(1975, 1, 1)); x > 0.2*lo {
		t.Errorf("1975 at %.3f, the dense part from %.3f: want it off to the side", x, lo)
	}
	if long, _ := skippedText(a.segs[1].skipped); long != "43 years" {
		t.Errorf("the break says %q, want 43 years", long)
	}

	// Ordinary timelines keep one axis to scale.
	for name, evs := range map[string][]timeline.Event{
		"sample":       sampleTimeline().Events,
		"every decade": years(2000, 2010, 2020),
		"one event":    years(2020),
		"dense":        farEventTimeline().Events[1:],
	} {
		if a := newTimeAxis(evs); len(a.segs) != 1 || a.segs[0].x0 != 0 || a.segs[0].x1 != 1 {
			t.Errorf("%s: %d segments %+v, want one over the whole axis", name, len(a.segs), a.segs)
		}
	}
	// Two far events: two breaks, the dense part still the widest.
	evs = append(years(1900, 1975), farEventTimeline().Events[1:20]...)
	if a := newTimeAxis(evs); len(a.segs) != 3 || a.segs[2].x1-a.segs[2].x0 < 0.5 {
		t.Errorf("1900, 1975 and 2019: segments %+v, want three, the last over half the axis", a.segs)
	}
}

// TestTimelinePNGFarEvent looks at the picture itself: the dots of the
// dense events spread over at least half its width, and the margins, the
// title's above all, are blank.
func TestTimelinePNGFarEvent(t *testing.T) {
	b, err := timelinePNG(timelineView{TL: farEventTimeline()})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bounds := img.Bounds()
	// Columns holding a dot's exact colour, grouped into dots.
	var cols []int
	for x := bounds.Min.X; x < bounds.Max.X; x++ {
		for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
			if color.RGBAModel.Convert(img.At(x, y)) == colorPoint {
				cols = append(cols, x)
				break
			}
		}
	}
	var dots [][2]int // first and last column of each
	for _, x := range cols {
		if n := len(dots); n > 0 && x == dots[n-1][1]+1 {
			dots[n-1][1] = x
			continue
		}
		dots = append(dots, [2]int{x, x})
	}
	if len(dots) < 10 {
		t.Fatalf("the dots stand in %d separate columns, want the 1975 one and many more (the dense ones squashed together?)", len(dots))
	}
	// The first dot is 1975's; the others the dense events'.
	dense := dots[len(dots)-1][1] - dots[1][0]
	if dense < bounds.Dx()/2 {
		t.Errorf("the dense events' dots span %d of %d pixels, want at least half", dense, bounds.Dx())
	}
	if gap := dots[1][0] - dots[0][1]; gap < bounds.Dx()/10 {
		t.Errorf("1975's dot is %d pixels from the next, want it apart", gap)
	}
	blankMargins(t, b)
}
