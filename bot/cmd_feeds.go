package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// feedsOff answers /feeds when the bot reads a fixed corpus.
const feedsOff = "This bot reads a fixed set of articles (DOSSIER_CORPUS), so it polls no feeds."

// handleFeeds answers /feeds add url, /feeds list and /feeds remove url,
// for administrators in a configured server, privately.
func (b *Bot) handleFeeds(c *call) error {
	if why := b.adminRefusal(c, "/feeds"); why != "" {
		return c.respond(reply{Content: why}, true)
	}
	if b.opts.Feeds == nil {
		return c.respond(reply{Content: feedsOff}, true)
	}
	sub, ok := subcommand(c.i)
	if !ok {
		return c.respond(reply{Content: "Use `/feeds add`, `/feeds list` or `/feeds remove`."}, true)
	}
	switch sub.Name {
	case "add":
		url, added, err := b.opts.Feeds.Add(subOption(sub, "url"))
		switch {
		case err != nil:
			return c.respond(reply{Content: escapeLinks(trimWords(err.Error(), 300))}, true)
		case !added:
			return c.respond(reply{Content: "Already subscribed: " + plainURL(url)}, true)
		}
		c.log.Info("feed added", "feed", url)
		return c.respond(reply{Content: "Added " + plainURL(url) + ". It is polled within a minute, and its articles are answerable after that."}, true)
	case "remove":
		raw := subOption(sub, "url")
		removed, err := b.opts.Feeds.Remove(raw)
		switch {
		case err != nil:
			return err
		case !removed:
			return c.respond(reply{Content: "Not subscribed: " + plainURL(raw)}, true)
		}
		c.log.Info("feed removed", "feed", raw)
		return c.respond(reply{Content: "Removed " + plainURL(raw) + "; the articles already fetched stay."}, true)
	case "list":
		return b.feedsPage(c, 0, c.respond)
	}
	return c.respond(reply{Content: "Use `/feeds add`, `/feeds list` or `/feeds remove`."}, true)
}

// handleFeedsPage turns the /feeds list message to another page.
func (b *Bot) handleFeedsPage(c *call, page int) error {
	if !b.isAdmin(c.i) || b.opts.Feeds == nil {
		return c.respond(reply{Content: "Only server administrators can see the feeds."}, true)
	}
	return b.feedsPage(c, page, func(r reply, _ bool) error { return c.update(r) })
}

func (b *Bot) feedsPage(c *call, page int, send func(reply, bool) error) error {
	list, err := b.opts.Feeds.List()
	if err != nil {
		return err
	}
	return send(renderFeeds(list, page), true)
}

// adminRefusal says why c may not run the admin command what ("/reindex"),
// or "" when it comes from an administrator in a server the bot serves
// (never a DM).
func (b *Bot) adminRefusal(c *call, what string) string {
	switch {
	case c.i.GuildID == "" || !b.guildAllowed(c.i.GuildID):
		c.log.Warn("admin command refused: not in a configured server", "command", what)
		return fmt.Sprintf("`%s` works only in a server I was set up for, not here.", what)
	case !b.isAdmin(c.i):
		c.log.Warn("admin command refused: not an admin", "command", what)
		return fmt.Sprintf("Only server administrators can run `%s`.", what)
	}
	return ""
}

// subcommand returns the subcommand an interaction runs.
func subcommand(i *discordgo.Interaction) (*discordgo.ApplicationCommandInteractionDataOption, bool) {
	for _, o := range commandData(i).Options {
		if o != nil && o.Type == discordgo.ApplicationCommandOptionSubCommand {
			return o, true
		}
	}
	return nil, false
}

// subOption returns a subcommand's string option, "" when absent.
func subOption(sub *discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range sub.Options {
		if o != nil && o.Name == name && o.Type == discordgo.ApplicationCommandOptionString {
			s, _ := o.Value.(string)
			return s
		}
	}
	return ""
}

// plainURL shows a URL as text, never as a link: in code, trimmed.
func plainURL(raw string) string {
	return "`" + trimWords(oneLine(strings.ReplaceAll(raw, "`", "")), 300) + "`"
}
