package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/retrieval/timeline"
)

// Timeline rendering.
const (
	// timelinePerPage is the most events one page of /timeline lists.
	timelinePerPage = 10
	// eventTextLen bounds an event's text on its line, in characters.
	eventTextLen = 300
	// eventLinks is the most citation links on one line; more are counted.
	eventLinks = 5
	// timelinePrefix starts the custom ID of the /timeline paging buttons:
	// "tl:<key>:<page>".
	timelinePrefix = "tl:"
	colorTimeline  = 0x2f855a
)

// Values of the /timeline order option.
const (
	orderOldest = "oldest"
	orderNewest = "newest"
)

// timelineView is what a /timeline message shows: the timeline, and the
// summary paragraph and note above it, if any.
type timelineView struct {
	TL      timeline.Timeline
	Summary string // checked summary citing events as [n]; "" for none
	Note    string // why there is no summary, in italics; "" for none
	Since   string // the since option as typed, for the empty message
	Until   string // the until option as typed

	NewestFirst bool // list the events in reverse date order
}

// events returns the timeline's events in the order the view lists them:
// as the engine gave them (oldest first), or newest first.
func (v timelineView) events() []timeline.Event {
	if !v.NewestFirst {
		return v.TL.Events
	}
	evs := slices.Clone(v.TL.Events)
	slices.Reverse(evs)
	// The engine's order is by date; should it ever not be, still newest first.
	slices.SortStableFunc(evs, func(a, b timeline.Event) int { return b.Start.Compare(a.Start) })
	return evs
}

// noEventsText is the plain reply for a timeline without events.
func noEventsText(v timelineView) string {
	topic := escapeLinks(trimWords(oneLine(v.TL.Topic), 100))
	s := fmt.Sprintf("I found no dated events about “%s” in the articles", topic)
	switch {
	case v.Since != "" && v.Until != "":
		s += fmt.Sprintf(" between %s and %s", v.Since, v.Until)
	case v.Since != "":
		s += " since " + v.Since
	case v.Until != "":
		s += " until " + v.Until
	}
	return s + "."
}

// renderTimeline renders one page (0-based, clamped) of a timeline as an
// embed titled "Timeline: <topic>", one numbered line per event in the
// view's order, with the
// summary (or the note) as the message content and ◀/▶ buttons carrying key
// when there is more than one page. A timeline without events is a short
// plain message.
func renderTimeline(v timelineView, page int, key string) reply {
	if len(v.TL.Events) == 0 {
		return reply{Content: noEventsText(v)}
	}
	pages := timelinePages(v.events())
	page = max(0, min(page, len(pages)-1))
	e := &discordgo.MessageEmbed{
		Title:       trimWords("Timeline: "+oneLine(v.TL.Topic), maxEmbedTitle),
		Description: strings.Join(pages[page], "\n"),
		Color:       colorTimeline,
	}
	foot := fmt.Sprintf("%d events", len(v.TL.Events))
	if len(v.TL.Events) == 1 {
		foot = "1 event"
	}
	if v.NewestFirst {
		foot += " · newest first"
	}
	if len(pages) > 1 {
		foot += fmt.Sprintf(" · page %d of %d", page+1, len(pages))
	}
	if v.Summary != "" {
		foot += " · [n] in the summary is event n"
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: foot}
	r := reply{Content: summaryContent(v.Summary, v.Note), Embeds: []*discordgo.MessageEmbed{e}}
	if len(pages) > 1 {
		r.Components = pagingRow(customID{kind: timelinePrefix, key: key}, page, len(pages))
	}
	return r
}

// summaryContent is the message content above the timeline: the summary
// with the note in italics below, or the note alone; both fit in the
// content limit.
func summaryContent(summary, note string) string {
	summary = strings.TrimSpace(summary)
	if summary != "" {
		return withNote(summary, note)
	}
	if note == "" {
		return ""
	}
	return "*" + trimWords(escapeLinks(note), 300) + "*"
}

// timelinePages splits the event lines into pages of at most
// timelinePerPage lines that fit in an embed description. Lines are never
// cut between pages.
func timelinePages(evs []timeline.Event) [][]string {
	var pages [][]string
	var cur []string
	size := 0
	for i, ev := range evs {
		line := eventLine(i+1, ev)
		n := length(line) + 1 // and the newline
		if len(cur) > 0 && (len(cur) == timelinePerPage || size+n > maxEmbedDesc) {
			pages = append(pages, cur)
			cur, size = nil, 0
		}
		cur = append(cur, line)
		size += n
	}
	if len(cur) > 0 {
		pages = append(pages, cur)
	}
	return pages
}

// eventLine is one event: "3. **May 2019** — text [1](url) [2](url)",
// the text trimmed on a word boundary, one link per cited article (its
// title in italics when it has no web URL). A line is always well under
// an embed description.
func eventLine(n int, ev timeline.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d. **%s** — %s", n, escapeLinks(oneLine(ev.Date)), escapeLinks(trimWords(oneLine(ev.Text), eventTextLen)))
	seen := map[string]bool{}
	shown, more := 0, 0
	for _, c := range ev.Citations {
		if seen[c.ArticleID] {
			continue
		}
		seen[c.ArticleID] = true
		if shown == eventLinks {
			more++
			continue
		}
		shown++
		if href, ok := linkURL(c.URL); ok && len(href) <= 500 {
			fmt.Fprintf(&b, " [%d](%s)", shown, href)
		} else {
			title := escapeLinks(strings.NewReplacer("[", "(", "]", ")", "*", "").Replace(trimWords(oneLine(c.Title), 80)))
			if title == "" {
				title = c.ArticleID
			}
			fmt.Fprintf(&b, " *%s*", title)
		}
	}
	if more > 0 {
		fmt.Fprintf(&b, " +%d more", more)
	}
	return b.String()
}

// oneLine collapses runs of white space, newlines included, to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
