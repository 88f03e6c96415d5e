package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/retrieval"
)

// call is one interaction being answered. It remembers whether the
// interaction was deferred or answered, so an error can always be turned
// into an apology the user sees.
type call struct {
	ctx context.Context
	s   *discordgo.Session
	i   *discordgo.Interaction
	log *slog.Logger
	// apiURL is where REST calls really go (DISCORD_API_URL), which the
	// errors discordgo makes must name instead of Discord's.
	apiURL string
	// reply, for an interaction received over HTTP, takes the first
	// response as the HTTP reply; nil sends it by REST (the gateway).
	reply *firstReply

	mu        sync.Mutex
	deferred  bool // a deferred response was sent; edit @original next
	responded bool // a message response was sent
	ephemeral bool
}

// noMentions allows no mention at all: not @everyone, roles, users nor the
// replied-to user. Every message the bot sends carries it.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// userID is the ID of the user who triggered the interaction.
func userID(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

// otherGuildText refuses an interaction from a server the bot does not
// serve.
const otherGuildText = "Sorry, I only answer in the servers I was set up for."

// guildAllowed reports whether the bot serves interactions from guild:
// any guild when Options.GuildIDs is empty, else those listed; "" (a
// direct message) is allowed here, and refused by the admin commands.
func (b *Bot) guildAllowed(guild string) bool {
	return guild == "" || len(b.opts.GuildIDs) == 0 || slices.Contains(b.opts.GuildIDs, guild)
}

// isVote reports whether i is a click on a 👍/👎 button.
func isVote(i *discordgo.Interaction) bool {
	if i.Type != discordgo.InteractionMessageComponent {
		return false
	}
	return strings.HasPrefix(i.MessageComponentData().CustomID, feedbackPrefix)
}

// onInteraction serves an interaction from the gateway (see interact).
func (b *Bot) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if !b.track() {
		return
	}
	defer b.inflight.Done()
	b.interact(b.newCall(s, ic.Interaction))
}

// newCall prepares the call answering i through the session s (the shard
// it arrived on, or the REST session over HTTP), with its logger.
func (b *Bot) newCall(s *discordgo.Session, i *discordgo.Interaction) *call {
	c := &call{ctx: b.ctx, s: s, i: i, apiURL: b.opts.APIURL}
	c.log = b.log.With("interaction", i.ID, "guild", i.GuildID)
	if !isVote(i) { // votes are logged without their user
		c.log = c.log.With("user", userID(i))
	}
	return c
}

// interact acknowledges the interaction of c, at most maxAcking at once
// (see pool.go), and dispatches it: slash commands and their
// autocompletes by name, button clicks by custom ID. Any error or panic
// ends in an apology, but for an autocomplete, which can only be logged.
// It serves interactions from the gateway and over HTTP alike; the caller
// is a tracked handler.
func (b *Bot) interact(c *call) {
	b.acking <- struct{}{}
	defer func() { <-b.acking }()
	if !b.guildAllowed(c.i.GuildID) {
		c.log.Info("interaction from a server the bot is not configured for refused")
		if c.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			_ = c.autocomplete(nil)
		} else if err := c.respond(reply{Content: otherGuildText}, true); err != nil {
			c.log.Warn("refusal failed", "err", err)
		}
		return
	}
	c.serve(func() error { return b.dispatch(c) })
}

// dispatch runs the handler of the interaction c. A handler answers at
// once, or defers and hands the slow part to later.
func (b *Bot) dispatch(c *call) error {
	var err error
	switch ic := c.i; ic.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		// Per keystroke: no rate limit, no deferring (Discord allows
		// none), no apology (an autocomplete takes choices only).
		name := commandData(ic).Name
		c.log = c.log.With("command", name, "autocomplete", true)
		if name == "timeline" {
			err = b.handleTimelineAutocomplete(c)
		} else {
			err = c.autocomplete(nil)
		}
	case discordgo.InteractionApplicationCommand:
		name := commandData(ic).Name
		c.log = c.log.With("command", name)
		h, ok := b.commands[name]
		if !ok {
			err = fmt.Errorf("unknown command %q", name)
			break
		}
		err = h(c)
	case discordgo.InteractionMessageComponent:
		id, perr := parseCustomID(ic.MessageComponentData().CustomID)
		switch {
		case perr != nil:
			err = perr
		case id.kind == feedbackPrefix:
			err = b.handleFeedback(c, id)
		case id.kind == sourcesPrefix:
			err = b.handleSourcesPage(c, id.page)
		case id.kind == feedsPrefix:
			err = b.handleFeedsPage(c, id.page)
		case id.kind == timelinePrefix:
			err = b.handleTimelinePage(c, id)
		}
	}
	return err
}

// respond answers the interaction at once with a message.
func (c *call) respond(r reply, ephemeral bool) error {
	data := &discordgo.InteractionResponseData{
		Content: r.Content, Embeds: r.Embeds, Components: r.Components, AllowedMentions: noMentions(),
	}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	if err := c.first(&discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data,
	}); err != nil {
		return fmt.Errorf("respond: %w", err)
	}
	c.mu.Lock()
	c.responded, c.ephemeral = true, ephemeral
	c.mu.Unlock()
	return nil
}

// autocomplete answers an autocomplete interaction with choices (none
// shows "No options match your search").
func (c *call) autocomplete(choices []*discordgo.ApplicationCommandOptionChoice) error {
	if err := c.first(&discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}); err != nil {
		return fmt.Errorf("autocomplete (%d choices): %w", len(choices), err)
	}
	c.mu.Lock()
	c.responded = true
	c.mu.Unlock()
	return nil
}

// deferReply acknowledges the interaction ("thinking…"); the answer
// follows with edit.
func (c *call) deferReply(ephemeral bool) error {
	data := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	if err := c.first(&discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data,
	}); err != nil {
		return fmt.Errorf("defer: %w", err)
	}
	c.mu.Lock()
	c.deferred, c.ephemeral = true, ephemeral
	c.mu.Unlock()
	return nil
}

// edit replaces the deferred or sent response (@original) with r.
func (c *call) edit(r reply) error { return c.editWithFiles(r, nil) }

// editWithFiles replaces @original with r and attaches files, if any.
func (c *call) editWithFiles(r reply, files []*discordgo.File) error {
	embeds := r.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	comps := r.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	_, err := c.s.InteractionResponseEdit(c.i, &discordgo.WebhookEdit{
		Content: &r.Content, Embeds: &embeds, Components: &comps, Files: files, AllowedMentions: noMentions(),
	})
	if err != nil {
		return fmt.Errorf("edit reply (%d files): %w", len(files), err)
	}
	return nil
}

// update replaces the message a button was clicked on with r.
func (c *call) update(r reply) error {
	err := c.first(&discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{
			Content: r.Content, Embeds: r.Embeds, Components: r.Components, AllowedMentions: noMentions(),
		},
	})
	if err != nil {
		return fmt.Errorf("update message: %w", err)
	}
	c.mu.Lock()
	c.responded = true
	c.mu.Unlock()
	return nil
}

// followup sends another message under the interaction.
func (c *call) followup(r reply, ephemeral bool) error {
	p := &discordgo.WebhookParams{Content: r.Content, Embeds: r.Embeds, Components: r.Components, AllowedMentions: noMentions()}
	if ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	if _, err := c.s.FollowupMessageCreate(c.i, true, p); err != nil {
		return fmt.Errorf("follow-up: %w", err)
	}
	return nil
}

// apologize tells the user something went wrong, by whichever way is still
// open: a response, an edit of the deferred response, or a follow-up.
func (c *call) apologize() {
	if c.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return // no message can answer it; the error is logged
	}
	c.mu.Lock()
	deferred, responded, ephemeral := c.deferred, c.responded, c.ephemeral
	c.mu.Unlock()
	msg := reply{Content: apologyText}
	var err error
	switch {
	case deferred:
		if err = c.edit(msg); err != nil {
			c.log.Warn("apology edit failed, sending a follow-up", "err", err)
			err = c.followup(msg, ephemeral)
		}
	case responded:
		err = c.followup(msg, true)
	default:
		err = c.respond(msg, true)
	}
	if err != nil {
		c.log.Error("could not apologize", "err", err)
	}
}

// commandData is the data of a slash command or autocomplete interaction,
// empty for any other. Unlike discordgo's ApplicationCommandData it never
// panics.
func commandData(i *discordgo.Interaction) discordgo.ApplicationCommandInteractionData {
	d, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	return d
}

// optionValue returns the value of the option name of type typ, if the
// interaction has one. Discord's payloads are not trusted to be well
// formed: a missing option, one of another type and one whose value is
// not of its type are all absent.
func optionValue[T any](i *discordgo.Interaction, name string, typ discordgo.ApplicationCommandOptionType) (v T, ok bool) {
	for _, o := range commandData(i).Options {
		if o != nil && o.Name == name && o.Type == typ {
			v, ok = o.Value.(T)
			return v, ok
		}
	}
	return v, false
}

// option returns a string option of a slash command, normalized as the
// engine reads text (retrieval.NormalizeText) and trimmed, "" when absent.
func option(c *call, name string) string {
	s, _ := optionValue[string](c.i, name, discordgo.ApplicationCommandOptionString)
	return strings.TrimSpace(retrieval.NormalizeText(s))
}

// boolOption returns a boolean option of a slash command, false when absent.
func boolOption(c *call, name string) bool {
	v, _ := optionValue[bool](c.i, name, discordgo.ApplicationCommandOptionBoolean)
	return v
}

// focusedText is the text typed so far into the focused option name of an
// autocomplete, if that option is the one being typed.
func focusedText(i *discordgo.Interaction, name string) (string, bool) {
	for _, o := range commandData(i).Options {
		if o != nil && o.Focused && o.Name == name {
			typed, ok := o.Value.(string)
			return typed, ok
		}
	}
	return "", false
}
