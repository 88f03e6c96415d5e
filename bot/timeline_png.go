package bot

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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
)

// timelinePNG draws the first events v lists as a PNG: one row per event,
// in the order listed from the top, a dot at its start on a dated axis, a
// bar over the days it covers when it is coarser than a day (a month, a
// year), and its date label and the start of its text beside it. It
// returns nil, nil when v has no events.
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
	if shown < len(evs) {
		which := "first"
		if v.NewestFirst {
			which = "newest"
		}
		p.Title.Text += fmt.Sprintf(" (%s %d of %d events)", which, shown, len(evs))
	}
	p.Title.Padding = vg.Points(10)
	p.HideY()
	p.Y.Min, p.Y.Max = 0, float64(shown+1)

	lo, hi := evs[0].Start, evs[0].End
	for _, ev := range evs {
		if ev.Start.Before(lo) {
			lo = ev.Start
		}
		if ev.End.After(hi) {
			hi = ev.End
		}
	}
	span := hi.Sub(lo)
	if span < 30*24*time.Hour {
		span = 30 * 24 * time.Hour
	}
	pad := span / 20
	xmin, xmax := unix(lo.Add(-pad)), unix(hi.Add(pad))
	mid := (xmin + xmax) / 2
	p.X.Min, p.X.Max = xmin, xmax
	p.X.Tick.Marker = calendarTicks{}
	grid := plotter.NewGrid()
	grid.Horizontal.Color = color.Transparent
	p.Add(grid)

	points := make(plotter.XYs, shown)
	var left, right plotter.XYLabels
	for i, ev := range evs {
		y := float64(shown - i)
		x := unix(ev.Start)
		points[i] = plotter.XY{X: x, Y: y}
		end := ev.End.Add(-time.Nanosecond)
		if end.Sub(ev.Start) > 24*time.Hour {
			bar, err := plotter.NewLine(plotter.XYs{{X: x, Y: y}, {X: unix(end), Y: y}})
			if err != nil {
				return nil, fmt.Errorf("timeline picture: %w", err)
			}
			bar.Color, bar.Width = colorSpan, vg.Points(6)
			p.Add(bar)
		}
		label := ev.Date + "  " + trimWords(oneLine(ev.Text), plotLabelLen)
		// Labels run away from the middle so that they stay on the canvas.
		if x < mid {
			right.XYs = append(right.XYs, plotter.XY{X: max(x, unix(end)), Y: y})
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

// calendarTicks puts the axis ticks on calendar boundaries, the first of a
// year, a month or a day depending on the span shown, about eight of them.
// (plot.TimeTicks labels round numbers of seconds, so its "2018" tick would
// sit in mid-2018.)
type calendarTicks struct{}

// Ticks implements plot.Ticker.
func (calendarTicks) Ticks(lo, hi float64) []plot.Tick {
	from, to := time.Unix(int64(lo), 0).UTC(), time.Unix(int64(hi), 0).UTC()
	span := to.Sub(from)
	var t time.Time
	var next func(time.Time) time.Time
	format := "2 Jan 2006"
	switch days := int(span.Hours() / 24); {
	case days > 3*365:
		step := max(1, days/365/8)
		t = time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		next, format = func(t time.Time) time.Time { return t.AddDate(step, 0, 0) }, "2006"
	case days > 90:
		step := max(1, days/30/8)
		t = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
		next, format = func(t time.Time) time.Time { return t.AddDate(0, step, 0) }, "Jan 2006"
	default:
		step := max(1, days/8)
		t = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, step) }
	}
	var ticks []plot.Tick
	for ; !t.After(to); t = next(t) {
		if !t.Before(from) {
			ticks = append(ticks, plot.Tick{Value: unix(t), Label: t.Format(format)})
		}
	}
	return ticks
}

func unix(t time.Time) float64 { return float64(t.Unix()) }
