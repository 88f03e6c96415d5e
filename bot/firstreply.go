package bot

import (
	"errors"
	"fmt"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// An interaction's first response (a deferral, a message, autocomplete
// choices or a button's update) goes by REST for an interaction from the
// gateway, and as the HTTP reply for one POSTed to the interactions
// endpoint (http.go). The handlers do not know which: they call
// respond, deferReply, autocomplete or update as always, and call.first
// sends the response the right way. Edits and follow-ups go by REST in
// both cases.

// firstReply hands the first response of an HTTP interaction to the HTTP
// handler waiting to send it. Either the handler's response comes first,
// or the HTTP handler gives up waiting and sends a deferral of its own
// (expire); whatever the handler responds after that is sent as an edit
// or a follow-up of that deferral (call.late).
type firstReply struct {
	mu      sync.Mutex
	decided bool                                // the HTTP reply is chosen
	ch      chan *discordgo.InteractionResponse // the handler's response; buffered
}

func newFirstReply() *firstReply {
	return &firstReply{ch: make(chan *discordgo.InteractionResponse, 1)}
}

// give hands resp to the HTTP handler; false when the HTTP reply was
// already decided.
func (f *firstReply) give(resp *discordgo.InteractionResponse) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.decided {
		return false
	}
	f.decided = true
	f.ch <- resp
	return true
}

// errAutocompleteLate reports autocomplete choices found after the HTTP
// reply had to go without them.
var errAutocompleteLate = errors.New("autocomplete choices came after the HTTP reply was sent without them")

// first sends the first response of c: by REST from the gateway, as the
// HTTP reply over HTTP, or, once that reply went out as a deferral,
// as the edit or follow-up that stands in for it.
func (c *call) first(resp *discordgo.InteractionResponse) error {
	if c.reply == nil {
		return c.s.InteractionRespond(c.i, resp)
	}
	if c.reply.give(resp) {
		return nil
	}
	return c.late(resp)
}

// deferral is the response the HTTP handler sends for c when its handler
// has not answered in time: "thinking…" for a command, a silent
// acknowledgement for a button, no choices for an autocomplete.
func deferral(i *discordgo.Interaction) *discordgo.InteractionResponse {
	switch i.Type {
	case discordgo.InteractionMessageComponent:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	case discordgo.InteractionApplicationCommandAutocomplete:
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
		}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{AllowedMentions: noMentions()},
	}
}

// expire decides that the HTTP reply of c is its deferral, unless the
// handler's response came first, and returns the reply to send. It
// remembers the deferral in c, so that the handler's later response and
// any apology edit or follow it.
func (c *call) expire() *discordgo.InteractionResponse {
	f := c.reply
	f.mu.Lock()
	if f.decided {
		f.mu.Unlock()
		return <-f.ch
	}
	f.decided = true
	f.mu.Unlock()
	d := deferral(c.i)
	c.log.Debug("no response in time; deferred in the HTTP reply", "type", int(d.Type))
	c.mu.Lock()
	if d.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
		c.deferred = true
	} else {
		c.responded = true // a button's message or no choices: apologize in a follow-up
	}
	c.mu.Unlock()
	return d
}

// late sends resp, a first response that came after the HTTP reply went
// out as a deferral: a deferral needs nothing more, a message or an
// update edits the deferred response (a message for a button is a
// follow-up, its deferral being the button's message). A message meant
// to be ephemeral is not, its deferral having been public.
func (c *call) late(resp *discordgo.InteractionResponse) error {
	var r reply
	ephemeral := false
	if d := resp.Data; d != nil {
		r = reply{Content: d.Content, Embeds: d.Embeds, Components: d.Components}
		ephemeral = d.Flags&discordgo.MessageFlagsEphemeral != 0
	}
	switch resp.Type {
	case discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate:
		return nil
	case discordgo.InteractionResponseChannelMessageWithSource:
		if c.i.Type == discordgo.InteractionMessageComponent {
			return c.followup(r, ephemeral)
		}
		return c.edit(r)
	case discordgo.InteractionResponseUpdateMessage:
		return c.edit(r)
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		return errAutocompleteLate
	}
	return fmt.Errorf("late response of type %d: no way to send it", resp.Type)
}
