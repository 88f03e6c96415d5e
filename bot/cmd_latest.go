package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// latestCount is how many articles /latest lists.
const latestCount = 10

// handleLatest answers /latest [topic] with the newest articles, or the
// newest about topic, with links.
func (b *Bot) handleLatest(c *call) error {
	topic := option(c, "topic")
	arts, err := b.engine.Latest(topic, latestCount)
	if err != nil {
		return c.respond(reply{Content: escapeLinks(err.Error())}, true)
	}
	if len(arts) == 0 {
		return c.respond(reply{Content: fmt.Sprintf("No articles about “%s”.", escapeLinks(trimWords(topic, 100)))}, false)
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
	return c.respond(reply{Embeds: []*discordgo.MessageEmbed{e}}, false)
}
