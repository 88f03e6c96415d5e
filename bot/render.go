package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/retrieval"
)

// reply is a rendered Discord message: what the bot sends, edits or
// responds with. Rendering is pure: the same input gives the same reply.
type reply struct {
	Content    string                       `json:"content"`
	Embeds     []*discordgo.MessageEmbed    `json:"embeds,omitempty"`
	Components []discordgo.MessageComponent `json:"components,omitempty"`
}

// Colours of the embeds.
const (
	colorCitation = 0x2b6cb0
	colorInfo     = 0x718096
)

// notFoundText answers a question the articles do not cover, when the
// engine gives no text of its own.
const notFoundText = "I couldn't find that in the articles."

// apologyText is all a user sees of an internal error.
const apologyText = "Sorry, something went wrong while answering. Please try again in a moment."

// renderAnswer renders an answer: its text (with note, if any, in italics
// below), one embed per citation and, when feedbackKey is set, 👍/👎
// buttons for found answers. An answer without citations is plain text;
// a refusal with citations (the articles speak of the subject in other
// years) shows them, without buttons.
func renderAnswer(a retrieval.Answer, note, feedbackKey string) reply {
	if len(a.Citations) == 0 {
		text := strings.TrimSpace(a.Text)
		if text == "" {
			text = notFoundText
		}
		return reply{Content: withNote(text, note)}
	}
	r := reply{Content: withNote(a.Text, note)}
	r.Embeds = citationEmbeds(a.Citations)
	if a.Found && feedbackKey != "" {
		r.Components = feedbackButtons(feedbackKey)
	}
	return r
}

// withNote appends note in italics and fits the whole in the content
// limit, trimming the text (never the note) on a word boundary. Both are
// quoted or generated text: no link can form in them.
func withNote(text, note string) string {
	text = escapeLinks(strings.TrimSpace(text))
	if note == "" {
		return trimWords(text, maxContent)
	}
	tail := "\n\n*" + trimWords(escapeLinks(note), 300) + "*"
	return trimWords(text, maxContent-length(tail)) + tail
}

// citationEmbeds renders up to ten citations as embeds titled
// "[n] Title — date", the excerpt as a block quote, and a link. Excerpts
// share what is left of the 6,000-character budget after titles and
// footers; each is trimmed on a word boundary, never dropped.
func citationEmbeds(cites []retrieval.Citation) []*discordgo.MessageEmbed {
	if len(cites) > maxEmbeds {
		cites = cites[:maxEmbeds]
	}
	embeds := make([]*discordgo.MessageEmbed, len(cites))
	fixed := 0
	for i, c := range cites {
		e := &discordgo.MessageEmbed{
			Title: citationTitle(c),
			Color: colorCitation,
		}
		if href, ok := linkURL(c.URL); ok {
			e.URL = href
		}
		if foot := footerText(c); foot != "" {
			e.Footer = &discordgo.MessageEmbedFooter{Text: foot}
			fixed += length(foot)
		}
		fixed += length(e.Title)
		embeds[i] = e
	}
	budgets := share(maxEmbedTotal-fixed, cites)
	for i, c := range cites {
		embeds[i].Description = quote(escapeLinks(c.Excerpt), budgets[i])
	}
	return embeds
}

// share splits total among the excerpts: short ones take what they need
// (quoted), the rest is divided evenly, and none gets more than an embed
// description holds.
func share(total int, cites []retrieval.Citation) []int {
	need := make([]int, len(cites))
	for i, c := range cites {
		q := "> " + strings.ReplaceAll(strings.TrimSpace(escapeLinks(c.Excerpt)), "\n", "\n> ")
		need[i] = min(length(q), maxEmbedDesc)
	}
	out := make([]int, len(cites))
	left, open := total, len(cites)
	for open > 0 && left > 0 {
		each := left / open
		progress := false
		for i := range cites {
			if out[i] == 0 && need[i] <= each {
				out[i] = need[i]
				left -= need[i]
				open--
				progress = true
			}
		}
		if !progress {
			for i := range cites {
				if out[i] == 0 {
					out[i] = each
				}
			}
			break
		}
	}
	return out
}

// citationTitle is "[n] Title — 4 Jun 2019", the title trimmed so the
// whole fits in an embed title.
func citationTitle(c retrieval.Citation) string {
	head := fmt.Sprintf("[%d] ", c.N)
	tail := ""
	if !c.Published.IsZero() {
		tail = " — " + c.Published.Format("2 Jan 2006")
	}
	title := strings.TrimSpace(c.Title)
	if title == "" {
		title = c.ArticleID
	}
	return head + trimWords(title, maxEmbedTitle-length(head)-length(tail)) + tail
}

// footerText names the source and the part of the article quoted.
func footerText(c retrieval.Citation) string {
	parts := []string{}
	if c.Source != "" {
		parts = append(parts, c.Source)
	}
	if c.Part != "" {
		parts = append(parts, c.Part)
	}
	if len(c.AlsoIn) > 0 {
		parts = append(parts, "also in "+strings.Join(c.AlsoIn, ", "))
	}
	return trimWords(strings.Join(parts, " · "), 200)
}

// feedbackButtons are the 👍/👎 buttons under an answer; their custom IDs
// carry the key of the answer's feedback record.
func feedbackButtons(key string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: customID{kind: feedbackPrefix, vote: "up", key: key}.String()},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: customID{kind: feedbackPrefix, vote: "down", key: key}.String()},
	}}}
}

// pagingRow is the ◀/▶ row of a paged message; each button's custom ID is
// id with the page it shows.
func pagingRow(id customID, page, pages int) []discordgo.MessageComponent {
	prev, next := id, id
	prev.page, next.page = page-1, page+1
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "◀ Previous", Style: discordgo.SecondaryButton, CustomID: prev.String(), Disabled: page == 0},
		discordgo.Button{Label: "Next ▶", Style: discordgo.SecondaryButton, CustomID: next.String(), Disabled: page == pages-1},
	}}}
}
