package bot

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/summarize"
)

// Notes shown above a timeline instead of a summary.
const (
	noSummarizerNote    = "Summaries need a language model, and none is configured; here is the timeline."
	timelineSummaryNote = "The summarizer is unavailable right now; here is the timeline."
)

// handleTimeline answers /timeline topic [since] [until] [summarize]
// [order]: it defers at once, then edits the reply with the timeline as a
// paged embed and a picture of it attached, oldest event first unless
// order is newest first, with a short checked summary on top when asked
// for and a summarizer is configured.
func (b *Bot) handleTimeline(c *call) error {
	topic := option(c, "topic")
	sinceText, untilText := option(c, "since"), option(c, "until")
	since, until, problem := dateWindow(c)
	if problem != "" {
		return c.respond(reply{Content: problem}, true)
	}
	if topic == "" {
		return c.respond(reply{Content: "Please give a topic, e.g. “huawei”."}, true)
	}
	if wait, ok := b.allow(c.ctx, userID(c.i)); !ok {
		return c.respond(reply{Content: rateLimitText(wait)}, true)
	}
	if err := c.deferReply(false); err != nil {
		return err
	}
	v := timelineView{Since: sinceText, Until: untilText, NewestFirst: option(c, "order") == orderNewest}
	withSummary := boolOption(c, "summarize")
	return b.later(c, func() error { return b.answerTimeline(c, topic, since, until, v, withSummary) })
}

// answerTimeline is the slow part of /timeline: the timeline, its summary
// when asked for, and its picture, in the deferred reply.
func (b *Bot) answerTimeline(c *call, topic string, since, until time.Time, v timelineView, withSummary bool) error {
	ctx, cancel := context.WithTimeout(c.ctx, askTimeout)
	defer cancel()
	tl, err := b.engine.Timeline(ctx, topic, retrieval.TimelineOptions{Since: since, Until: until})
	if err != nil {
		return fmt.Errorf("timeline %q: %w", topic, err)
	}
	v.TL = tl
	if len(tl.Events) == 0 {
		return c.edit(renderTimeline(v, 0, ""))
	}
	if withSummary {
		v.Summary, v.Note = b.summarizeTimeline(ctx, c, v)
	}
	var files []*discordgo.File
	if png, err := timelinePNG(v); err != nil {
		c.log.Warn("timeline picture failed; sending the timeline without it", "err", err)
	} else if png != nil {
		files = append(files, &discordgo.File{Name: timelineFile, ContentType: "image/png", Reader: bytes.NewReader(png)})
	}
	return c.editWithFiles(renderTimeline(v, 0, b.timelines.saveNew(c.ctx, v)), files)
}

// summarizeTimeline asks the summarizer for a paragraph over the first
// events v lists, streaming it into the reply at most once per
// progressEvery. Each event keeps the number v shows it under, and the
// model reads them in date order whichever order v lists them in. It
// returns the checked paragraph, or "" and a note saying why there is none.
func (b *Bot) summarizeTimeline(ctx context.Context, c *call, v timelineView) (text, note string) {
	if b.opts.SummarizeEvents == nil {
		return "", noSummarizerNote
	}
	tl := v.TL
	listed := v.events()
	events := make([]summarize.Event, 0, min(len(listed), summarize.MaxEvents))
	for i, ev := range listed {
		if i == summarize.MaxEvents {
			break
		}
		title := ""
		if len(ev.Citations) > 0 {
			title = ev.Citations[0].Title
		}
		events = append(events, summarize.Event{N: i + 1, Date: ev.Date, Text: ev.Text, Title: title})
	}
	if v.NewestFirst {
		slices.Reverse(events) // back to date order for the model
	}
	partial := summarize.Throttle(b.progressEvery, func(text string) {
		if err := c.edit(reply{Content: trimWords(escapeLinks(text), maxContent)}); err != nil {
			c.log.Warn("streaming edit failed", "err", err)
		}
	})
	res, err := b.opts.SummarizeEvents(ctx, tl.Topic, events, partial)
	if err != nil || strings.TrimSpace(res.Text) == "" {
		if err != nil {
			b.log.Warn("timeline summarizer failed; showing the timeline only", "topic", tl.Topic, "err", err)
		}
		if res.Note == "" && err != nil {
			res.Note = timelineSummaryNote
		}
		return "", res.Note
	}
	return res.Text, res.Note
}

// Topic autocomplete.
const (
	// maxChoices is the most choices Discord takes in an autocomplete.
	maxChoices = 25
	// maxChoiceLen is Discord's limit on a choice's name and value.
	maxChoiceLen = 100
	// maxTypedLen is the most typed text autocomplete reads; longer
	// input gets no suggestions.
	maxTypedLen = 100
)

// handleTimelineAutocomplete suggests topics while /timeline's topic is
// typed: the corpus's names that match the text so far, the most
// frequent ones for none. It answers at once from the engine's per-index
// list; other options being typed get no suggestions.
func (b *Bot) handleTimelineAutocomplete(c *call) error {
	typed, ok := focusedText(c.i, "topic")
	if !ok || len(typed) > 4*maxTypedLen || length(typed) > maxTypedLen {
		return c.autocomplete(nil)
	}
	var choices []*discordgo.ApplicationCommandOptionChoice
	for _, name := range b.engine.Topics(typed, maxChoices) {
		if n := length(name); n == 0 || n > maxChoiceLen {
			continue
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: name})
	}
	return c.autocomplete(choices)
}

// handleTimelinePage turns a /timeline message to the page id names.
func (b *Bot) handleTimelinePage(c *call, id customID) error {
	v, ok := b.timelines.load(c.ctx, id.key)
	if !ok {
		return c.respond(reply{Content: "This timeline has expired; please run `/timeline` again."}, true)
	}
	// The picture stays: an update without attachments keeps the message's.
	return c.update(renderTimeline(v, id.page, id.key))
}
