package bot

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/dossier-bot/dossier/retrieval/timeline"
)

// Picture of a timeline.
const (
	// maxPlotEvents is how many events, the first listed, the picture shows.
	maxPlotEvents = 30
	// plotLabelLen bounds the event text beside each point, in characters.
	plotLabelLen = 60
	// timelineFile is the name of the attached picture.
	timelineFile = "timeline.png"

	// plotWidth is the picture's width; plotMargin keeps everything, the
	// title first, off its edges.
	plotWidth  = 12 * vg.Inch
	plotMargin = vg.Length(14)
)

var (
	colorPoint = color.RGBA{R: 0x2b, G: 0x6c, B: 0xb0, A: 0xff}
	colorSpan  = color.RGBA{R: 0x90, G: 0xcd, B: 0xf4, A: 0xff}
	colorBreak = color.RGBA{R: 0xed, G: 0xf2, B: 0xf7, A: 0xff}
	colorMark  = color.RGBA{R: 0x71, G: 0x80, B: 0x96, A: 0xff}
)

// timelinePNG draws the first events v lists as a PNG: one row per event,
// in the order listed from the top, a dot at its start on a dated axis, a
// bar over the days it covers when it is coarser than a day (a month, a
// year), and its date label and the start of its text beside it. An axis
// whose events leave long empty stretches is broken there (see
// newTimeAxis), so that one event decades away does not squeeze the rest
// into a column. It returns nil, nil when v has no events.
func timelinePNG(v timelineView) ([]byte, error) {
	tl := v.TL
	evs := v.events()
	if len(evs) == 0 {
		return nil, nil
	}
	shown := min(len(evs), maxPlotEvents)
	evs = evs[:shown]

	p := plot.New()
	p.Title.Text = "Timeline: " + trimWords(tl.Topic, 80)
	if tl.Topic == "" {
		p.Title.Text = "Timeline"
	}
	if shown < len(tl.Events) {
		which := "first"
		if v.NewestFirst {
			which = "newest"
		}
		p.Title.Text += fmt.Sprintf(" (%s %d of %d events)", which, shown, len(tl.Events))
	}
	p.Title.Padding = vg.Points(10)
	p.HideY()
	p.Y.Min, p.Y.Max = 0, float64(shown+1)

	axis := newTimeAxis(evs)
	p.X.Min, p.X.Max = 0, 1
	p.X.Tick.Marker = axisTicks{axis: axis, label: p.X.Tick.Label, width: plotWidth - 2*plotMargin}
	grid := plotter.NewGrid()
	grid.Horizontal.Color = color.Transparent
	p.Add(grid)
	if len(axis.segs) > 1 {
		p.Add(axisBreaks{axis})
	}

	points := make(plotter.XYs, shown)
	var left, right plotter.XYLabels
	for i, ev := range evs {
		y := float64(shown - i)
		x := axis.x(ev.Start)
		points[i] = plotter.XY{X: x, Y: y}
		end := ev.End.Add(-time.Nanosecond)
		xend := x
		if end.Sub(ev.Start) > 24*time.Hour {
			xend = axis.x(end)
			bar, err := plotter.NewLine(plotter.XYs{{X: x, Y: y}, {X: xend, Y: y}})
			if err != nil {
				return nil, fmt.Errorf("timeline picture: %w", err)
			}
			bar.Color, bar.Width = colorSpan, vg.Points(6)
			p.Add(bar)
		}
		label := ev.Date + "  " + trimWords(oneLine(ev.Text), plotLabelLen)
		// Labels run away from the middle so that they stay on the canvas.
		if x < 0.5 {
			right.XYs = append(right.XYs, plotter.XY{X: xend, Y: y})
			right.Labels = append(right.Labels, label)
		} else {
			left.XYs = append(left.XYs, plotter.XY{X: x, Y: y})
			left.Labels = append(left.Labels, label)
		}
	}
	dots, err := plotter.NewScatter(points)
	if err != nil {
		return nil, fmt.Errorf("timeline picture: %w", err)
	}
	dots.GlyphStyle.Color = colorPoint
	dots.GlyphStyle.Shape = draw.CircleGlyph{}
	dots.GlyphStyle.Radius = vg.Points(4)
	p.Add(dots)
	for _, side := range []struct {
		labels plotter.XYLabels
		align  text.XAlignment
		dx     vg.Length
	}{{right, draw.XLeft, 8}, {left, draw.XRight, -8}} {
		if len(side.labels.Labels) == 0 {
			continue
		}
		ls, err := plotter.NewLabels(side.labels)
		if err != nil {
			return nil, fmt.Errorf("timeline picture: %w", err)
		}
		for i := range ls.TextStyle {
			ls.TextStyle[i].XAlign = side.align
			ls.TextStyle[i].YAlign = draw.YCenter
			ls.TextStyle[i].Font.Size = vg.Points(10)
		}
		ls.Offset = vg.Point{X: side.dx}
		p.Add(ls)
	}

	height := vg.Length(1.4)*vg.Inch + vg.Length(shown)*vg.Points(22)
	c, err := draw.NewFormattedCanvas(plotWidth, height, "png")
	if err != nil {
		return nil, fmt.Errorf("timeline picture: %w", err)
	}
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	p.Draw(draw.Crop(dc, plotMargin, -plotMargin, plotMargin, -plotMargin))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("timeline picture: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// Axis breaks.
const (
	// maxAxisBreaks is the most breaks an axis has.
	maxAxisBreaks = 2
	// breakShare is the share of the dated span an empty stretch must
	// take, at least, to be cut out.
	breakShare = 0.5
	// minBreak is the shortest empty stretch cut out.
	minBreak = 90 * 24 * time.Hour
	// breakWidth is the width a break takes, as a share of the axis.
	breakWidth = 0.04
	// minSegment is the least share of the axis a segment gets.
	minSegment = 0.12
	// minSpan is the least span of dates a segment shows.
	minSpan = 30 * 24 * time.Hour
)

// timeAxis maps dates to x in [0, 1]. Its segments, in date order, are
// each drawn to scale over their own stretch of the axis; between two
// segments, the dates no event covers are cut out and the break is marked.
type timeAxis struct {
	segs []axisSegment
}

// axisSegment shows the dates [from, to] over [x0, x1] of the axis.
type axisSegment struct {
	from, to time.Time
	x0, x1   float64
	// skipped is the empty stretch before the segment's first event since
	// the previous segment's last; 0 for the first segment.
	skipped time.Duration
}

// newTimeAxis lays out an axis for evs. It groups the days the events
// cover into runs (events that overlap or touch are one run), then cuts
// out the longest empty stretch between runs while it takes over
// breakShare of the dates the axis would show and at least minBreak, up
// to maxAxisBreaks times. Each segment gets a share of the axis that
// weighs its share of the events three times as much as its share of the
// dates shown, and at least minSegment: one far event gets a narrow panel
// of its own, and the dense rest most of the width.
func newTimeAxis(evs []timeline.Event) timeAxis {
	type run struct {
		from, to time.Time
		events   int
	}
	var runs []run
	for _, ev := range evs {
		end := ev.End.Add(-time.Nanosecond)
		if end.Before(ev.Start) {
			end = ev.Start
		}
		runs = append(runs, run{ev.Start, end, 1})
	}
	slices.SortFunc(runs, func(a, b run) int { return a.from.Compare(b.from) })
	merged := runs[:1]
	for _, r := range runs[1:] {
		last := &merged[len(merged)-1]
		if r.from.After(last.to) {
			merged = append(merged, r)
			continue
		}
		if r.to.After(last.to) {
			last.to = r.to
		}
		last.events++
	}
	runs = merged

	// cuts are the indexes of the runs that start a segment after a break.
	var cuts []int
	segment := func(i, j int) (from, to time.Time) { return runs[i].from, runs[j-1].to }
	bounds := func() []int { return append(append([]int{0}, cuts...), len(runs)) }
	for len(cuts) < maxAxisBreaks {
		b := bounds()
		var shown time.Duration
		for k := 0; k+1 < len(b); k++ {
			from, to := segment(b[k], b[k+1])
			shown += max(to.Sub(from), minSpan)
		}
		best, gap := -1, time.Duration(0)
		for i := 1; i < len(runs); i++ {
			if slices.Contains(cuts, i) {
				continue
			}
			if g := runs[i].from.Sub(runs[i-1].to); g > gap {
				best, gap = i, g
			}
		}
		if best < 0 || gap < minBreak || float64(gap) < breakShare*float64(shown) {
			break
		}
		cuts = append(cuts, best)
		slices.Sort(cuts)
	}

	b := bounds()
	var a timeAxis
	spans := make([]time.Duration, len(b)-1)
	var spanSum time.Duration
	for k := range spans {
		from, to := segment(b[k], b[k+1])
		if to.Sub(from) < minSpan {
			mid := from.Add(to.Sub(from) / 2)
			from, to = mid.Add(-minSpan/2), mid.Add(minSpan/2)
		}
		spans[k] = to.Sub(from)
		spanSum += spans[k]
		pad := spans[k] / 20
		seg := axisSegment{from: from.Add(-pad), to: to.Add(pad)}
		if k > 0 {
			seg.skipped = runs[b[k]].from.Sub(runs[b[k]-1].to)
		}
		a.segs = append(a.segs, seg)
	}
	weights := make([]float64, len(spans))
	for k := range weights {
		events := 0
		for _, r := range runs[b[k]:b[k+1]] {
			events += r.events
		}
		weights[k] = (float64(spans[k])/float64(spanSum) + 3*float64(events)/float64(len(evs))) / 4
	}
	// Raise the narrow segments to minSegment, taking it from the others.
	if len(weights) > 1 {
		floor, rest := 0.0, 0.0
		for _, w := range weights {
			if w < minSegment {
				floor += minSegment
			} else {
				rest += w
			}
		}
		for k, w := range weights {
			if w < minSegment {
				weights[k] = minSegment
			} else {
				weights[k] = w / rest * (1 - floor)
			}
		}
	}
	avail := 1 - breakWidth*float64(len(weights)-1)
	x := 0.0
	for k, w := range weights {
		a.segs[k].x0, a.segs[k].x1 = x, x+w*avail
		x = a.segs[k].x1 + breakWidth
	}
	return a
}

// x is where t lies on the axis; a date in a break lies at its edge.
func (a timeAxis) x(t time.Time) float64 {
	seg := a.segs[0]
	for _, s := range a.segs {
		if !t.Before(s.from) {
			seg = s
		}
	}
	f := float64(t.Sub(seg.from)) / float64(seg.to.Sub(seg.from))
	return seg.x0 + max(0, min(f, 1))*(seg.x1-seg.x0)
}

// axisTicks puts the axis ticks on calendar boundaries in each segment,
// the first of a year, a month or a day, as many as the segment's width
// has room for, about eight on an unbroken axis. (plot.TimeTicks labels
// round numbers of seconds, so its "2018" tick would sit in mid-2018.)
type axisTicks struct {
	axis  timeAxis
	label text.Style // of the tick labels, for their widths
	width vg.Length  // of the whole axis, about
}

// Ticks implements plot.Ticker.
func (t axisTicks) Ticks(_, _ float64) []plot.Tick {
	var ticks []plot.Tick
	for _, s := range t.axis.segs {
		room := vg.Length(s.x1-s.x0) * t.width
		for _, dates := range calendarSteps(s.from, s.to) {
			if len(dates.ticks) == 0 {
				continue
			}
			w := t.label.Width(dates.ticks[0].Format(dates.format)) + vg.Points(14)
			if len(dates.ticks) > 8 || vg.Length(len(dates.ticks))*w > room {
				continue
			}
			for _, d := range dates.ticks {
				ticks = append(ticks, plot.Tick{Value: t.axis.x(d), Label: d.Format(dates.format)})
			}
			break
		}
	}
	return ticks
}

// calendarTicks is one choice of ticks: dates a step apart on a calendar
// boundary, and how to label them.
type calendarTicks struct {
	ticks  []time.Time
	format string
}

// calendarSteps lists the choices of ticks in [from, to], the finest
// first: every day, 2, 7 or 14 days, every month, 2, 3 or 6 months, every
// year, 2, 5, 10, 20, 50 or 100 years, leaving out the steps far too fine
// for the span. Months and years are aligned to their step (every 2 years
// starts on an even year).
func calendarSteps(from, to time.Time) []calendarTicks {
	from, to = from.UTC(), to.UTC()
	var out []calendarTicks
	collect := func(t time.Time, next func(time.Time) time.Time, format string) {
		var c calendarTicks
		c.format = format
		for ; !t.After(to); t = next(t) {
			if !t.Before(from) {
				c.ticks = append(c.ticks, t)
			}
			if len(c.ticks) > 60 {
				return // far too many; not a choice
			}
		}
		out = append(out, c)
	}
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	if to.Sub(from) < 120*24*time.Hour {
		for _, step := range []int{1, 2, 7, 14} {
			collect(day, func(t time.Time) time.Time { return t.AddDate(0, 0, step) }, "2 Jan 2006")
		}
	}
	if to.Sub(from) < 40*365*24*time.Hour {
		for _, step := range []int{1, 2, 3, 6} {
			m := (int(from.Month()) - 1) / step * step
			start := time.Date(from.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
			collect(start, func(t time.Time) time.Time { return t.AddDate(0, step, 0) }, "Jan 2006")
		}
	}
	for _, step := range []int{1, 2, 5, 10, 20, 50, 100} {
		start := time.Date(int(math.Floor(float64(from.Year())/float64(step)))*step, 1, 1, 0, 0, 0, 0, time.UTC)
		collect(start, func(t time.Time) time.Time { return t.AddDate(step, 0, 0) }, "2006")
	}
	return out
}

// axisBreaks marks where an axis is broken: a shaded band over the cut
// out dates, saying how long they last, and the axis line cut, its ends
// slashed.
type axisBreaks struct{ axis timeAxis }

// Plot implements plot.Plotter.
func (b axisBreaks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	label := p.X.Tick.Label
	label.Font.Size = vg.Points(8)
	label.XAlign, label.YAlign = draw.XCenter, draw.YCenter
	label.Color = colorMark
	mark := draw.LineStyle{Color: colorMark, Width: vg.Points(1.2)}
	axisY := c.Min.Y - p.X.Padding
	for k := 1; k < len(b.axis.segs); k++ {
		x0, x1 := trX(b.axis.segs[k-1].x1), trX(b.axis.segs[k].x0)
		c.FillPolygon(colorBreak, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
		// How long the cut lasts, above the first row, where no event
		// label runs.
		long, short := skippedText(b.axis.segs[k].skipped)
		text := long
		if label.Width(long) > x1-x0-vg.Points(2) {
			text = short
		}
		c.FillText(label, vg.Point{X: (x0 + x1) / 2, Y: trY(p.Y.Max - 0.45)}, text)
		// Cut the axis line and slash its two ends.
		c.FillPolygon(color.White, []vg.Point{{X: x0, Y: axisY - 3}, {X: x1, Y: axisY - 3}, {X: x1, Y: axisY + 3}, {X: x0, Y: axisY + 3}})
		for _, x := range []vg.Length{x0, x1} {
			for _, dx := range []vg.Length{-2, 2} {
				c.StrokeLine2(mark, x+dx-3, axisY-5, x+dx+3, axisY+5)
			}
		}
	}
}

// skippedText says how long an empty stretch of time lasts, in words and
// in short: "43 years" and "43 yr", "5 months" and "5 mo", "12 days" and
// "12 d".
func skippedText(d time.Duration) (long, short string) {
	days := int(d.Hours() / 24)
	n, unit, abbr := days, "day", "d"
	switch {
	case days >= 2*365:
		n, unit, abbr = int(math.Round(float64(days)/365.25)), "year", "yr"
	case days >= 60:
		n, unit, abbr = int(math.Round(float64(days)/30.44)), "month", "mo"
	}
	return fmt.Sprintf("%d %s%s", n, unit, plural(n)), fmt.Sprintf("%d %s", n, abbr)
}
