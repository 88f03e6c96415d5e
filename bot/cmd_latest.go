package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// latestCount is how many articles /latest lists.
const latestCount = 10

// handleLatest answers /latest [topic] with the newest articles, or the
// newest about topic, with links.
// A topic costs a deep search, so /latest is rate-limited and answered
// by the worker pool, like a question.
func (b *Bot) handleLatest(c *call) error {
	topic := option(c, "topic")
	if wait, ok := b.allow(c.ctx, userID(c.i)); !ok {
		return c.respond(reply{Content: rateLimitText(wait)}, true)
	}
	if err := c.deferReply(false); err != nil {
		return err
	}
	return b.later(c, func() error { return b.answerLatest(c, topic) })
}

// answerLatest is the slow part of /latest, in the deferred reply.
func (b *Bot) answerLatest(c *call, topic string) error {
	ctx, cancel := context.WithTimeout(c.ctx, askTimeout)
	defer cancel()
	arts, err := b.engine.Latest(ctx, topic, latestCount)
	if err != nil {
		return c.edit(reply{Content: escapeLinks(err.Error())})
	}
	if len(arts) == 0 {
		return c.edit(reply{Content: fmt.Sprintf("No articles about “%s”.", escapeLinks(trimWords(topic, 100)))})
	}
	var lines strings.Builder
	for i, a := range arts {
		line := sourceLine(i+1, a) + "\n"
		if length(lines.String())+length(line) > maxEmbedDesc {
			break
		}
		lines.WriteString(line)
	}
	title := "Latest articles"
	if topic != "" {
		title = "Latest about " + trimWords(oneLine(topic), 100)
	}
	e := &discordgo.MessageEmbed{Title: title, Description: strings.TrimSuffix(lines.String(), "\n"), Color: colorInfo}
	return c.edit(reply{Embeds: []*discordgo.MessageEmbed{e}})
}
