package bot

import (
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/retrieval"
)

// helpText answers a mention without a question.
const helpText = "Ask me a question about the articles, e.g. “@dossier what did Huawei say about spying?”, or use `/ask`."

// onMessage answers a message that mentions the bot, a direct message, or
// a follow-up in a thread where the bot answered before: a worker shows
// typing, replies with the answer, and opens a thread on its reply (in a
// guild channel) so that follow-ups need no mention. With no room for it
// the reply says the bot is busy.
func (b *Bot) onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
	if m.Author == nil || m.Author.Bot || !b.guildAllowed(m.GuildID) || !b.track() {
		return // a server the bot is not configured for gets no answer
	}
	defer b.inflight.Done()
	self := b.selfID()
	mentioned := slices.ContainsFunc(m.Mentions, func(u *discordgo.User) bool { return u.ID == self })
	dm := m.GuildID == ""
	previous, inConversation := b.convs.load(b.ctx, m.ChannelID)
	if !mentioned && !dm && !inConversation {
		return
	}
	log := b.log.With("message", m.ID, "channel", m.ChannelID, "user", m.Author.ID)
	apologize := func() { b.send(s, m, reply{Content: apologyText}, log) }
	defer func() {
		if r := recover(); r != nil {
			log.Error("message handler panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			apologize()
		}
	}()

	question := stripMention(m.Content, self)
	if question == "" {
		if mentioned || dm {
			b.send(s, m, reply{Content: helpText}, log)
		}
		// Else a thread message without content: the Message Content
		// intent is off and the message did not mention the bot.
		log.Debug("follow-up without content; mention the bot or reply to it (no Message Content intent)")
		return
	}
	if wait, ok := b.allow(b.ctx, m.Author.ID); !ok {
		b.send(s, m, reply{Content: rateLimitText(wait)}, log)
		return
	}
	b.inflight.Add(1)
	busy := func() {
		defer b.inflight.Done()
		log.Warn("too busy to answer; told the user")
		b.send(s, m, reply{Content: busyText}, log)
	}
	answer := func() {
		defer b.inflight.Done()
		guard(log, apologize, func() { b.answerMessage(s, m, question, previous, dm || inConversation, log) })
	}
	if !b.pool.submit(answer, busy) {
		busy()
	}
}

// answerMessage is the slow part of onMessage, on a worker: the answer,
// and the conversation it continues or the thread it opens. here says
// the conversation goes on in the message's channel (a DM, or a thread
// the bot answered in before).
func (b *Bot) answerMessage(s *discordgo.Session, m *discordgo.MessageCreate, question, previous string, here bool, log *slog.Logger) {
	if err := s.ChannelTyping(m.ChannelID); err != nil {
		log.Warn("typing indicator failed", "err", err)
	}
	a, note, err := b.answer(b.ctx, question, retrieval.AskOptions{Context: previous}, nil)
	var r reply
	problem := questionProblem(err)
	switch {
	case err == nil:
		r = renderAnswer(a, note, b.feedback.saveNew(b.ctx, recordOf(question, a)))
	case problem != "":
		r = reply{Content: problem}
	default:
		log.Error("answer failed", "question", question, "err", err)
		r = reply{Content: apologyText}
	}
	sent := b.send(s, m, r, log)
	if sent == nil || err != nil {
		return
	}

	// Continue the conversation here, or open a thread on the reply.
	if here || b.isThread(s, m.ChannelID) {
		b.convs.save(b.ctx, m.ChannelID, question)
		return
	}
	th, err := s.MessageThreadStartComplex(m.ChannelID, sent.ID, &discordgo.ThreadStart{
		Name: threadName(question), AutoArchiveDuration: 1440, Type: discordgo.ChannelTypeGuildPublicThread,
	})
	if err != nil {
		log.Warn("could not open a thread", "err", err)
		return
	}
	b.convs.save(b.ctx, th.ID, question)
}

// send replies to m with r, never pinging anyone; it logs and returns nil
// on failure.
func (b *Bot) send(s *discordgo.Session, m *discordgo.MessageCreate, r reply, log *slog.Logger) *discordgo.Message {
	ref := m.Reference()
	ref.FailIfNotExists = new(bool) // still answer if the question was deleted
	sent, err := s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content: r.Content, Embeds: r.Embeds, Components: r.Components,
		AllowedMentions: noMentions(), Reference: ref,
	})
	if err != nil {
		log.Error("reply failed", "err", err)
		return nil
	}
	return sent
}

// isThread reports whether channel is a thread, asking Discord when the
// state does not know it.
func (b *Bot) isThread(s *discordgo.Session, channel string) bool {
	ch, err := s.State.Channel(channel)
	if err != nil {
		if ch, err = s.Channel(channel); err != nil {
			b.log.Warn("channel lookup failed", "channel", channel, "err", err)
			return false
		}
	}
	return ch.IsThread()
}

// stripMention removes the bot's own mentions from a message and
// normalizes the rest as the engine reads text, on one line.
func stripMention(content, self string) string {
	content = retrieval.NormalizeText(content)
	if self != "" {
		content = strings.NewReplacer("<@"+self+">", " ", "<@!"+self+">", " ").Replace(content)
	}
	return oneLine(content)
}

// threadName is a thread title made from the question.
func threadName(question string) string {
	name := trimWords(question, maxThreadName)
	if name == "" {
		name = "Question"
	}
	return name
}
