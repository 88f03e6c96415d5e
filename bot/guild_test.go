package bot

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval"
)

const otherGuild = "900000000000000777"

// refused reports whether the interaction in got the private refusal.
func refused(t *testing.T, h *harness, after int, in discordtest.Interaction, want string) {
	t.Helper()
	cb, _ := h.callback(after, in)
	data, _ := cb.Body["data"].(map[string]any)
	if callbackType(cb) != 4 || flags(data) != 64 || !strings.Contains(content(data), want) {
		t.Errorf("got %s, want a private refusal saying %q", cb.Raw, want)
	}
}

// With DISCORD_GUILD_IDS set, commands from other servers are refused,
// /reindex among them, and /reindex is refused in direct messages even to
// a configured admin user; questions in direct messages are answered.
func TestCommandsFromOtherGuildsAreRefused(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, seedCorpus(t))
	var reindexes atomic.Int32
	h := start(t, eng, func(o *Options) { o.AdminUserIDs = []string{alice.UserID} },
		func(b *Bot) { b.progressHook = func(retrieval.Progress) { reindexes.Add(1) } })
	n := len(h.fake.Calls())
	refused(t, h, n, h.fake.SlashCommandIn(otherGuild, "ask", map[string]any{"question": "Who is the chairman of Huawei?"}, alice), "only answer in the servers")
	refused(t, h, n, h.fake.SlashCommandIn(otherGuild, "reindex", nil, admin), "only answer in the servers")
	refused(t, h, n, h.fake.SlashCommandIn(otherGuild, "sources", nil, alice), "only answer in the servers")
	refused(t, h, n, h.fake.SlashCommandIn("", "reindex", nil, alice), "works only in a server")

	dm := h.fake.SlashCommandIn("", "ask", map[string]any{"question": "Who is the chairman of Huawei?"}, alice)
	if edit, _ := h.original(n, dm); !strings.Contains(content(edit.Body), "Liang Hua") {
		t.Errorf("a question in a DM got %s", edit.Raw)
	}
	if reindexes.Load() != 0 {
		t.Error("a refused /reindex ran")
	}

	// A mention in another server is not answered; one here is.
	const channel = "800000000000000050"
	mention := discordtest.Message{ChannelID: channel, Author: alice, MentionBot: true, GuildID: otherGuild,
		Content: "<@" + discordtest.BotUserID + "> who is the chairman of Huawei?"}
	h.fake.SendMessage(mention)
	mention.GuildID = ""
	h.fake.SendMessage(mention)
	h.fake.WaitCall(n, "reply", discordtest.Succeeded(discordtest.Ends("POST", "/channels/"+channel+"/messages")))
	h.fake.WaitCall(n, "thread", discordtest.Is("POST", "/channels/"+channel+"/messages/", "/threads"))
	if k := h.fake.Count(discordtest.Ends("POST", "/channels/"+channel+"/messages")); k != 1 {
		t.Errorf("%d replies to two mentions, one in another server; want 1", k)
	}
}

// Without DISCORD_GUILD_IDS every server is served, but /reindex still
// checks where it comes from: never from a direct message.
func TestReindexNeverRunsFromADirectMessage(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, seedCorpus(t))
	var reindexes atomic.Int32
	h := start(t, eng, func(o *Options) { o.GuildIDs, o.AdminUserIDs = nil, []string{alice.UserID} },
		func(b *Bot) { b.progressHook = func(retrieval.Progress) { reindexes.Add(1) } })
	n := len(h.fake.Calls())
	refused(t, h, n, h.fake.SlashCommandIn("", "reindex", nil, alice), "works only in a server")
	if reindexes.Load() != 0 {
		t.Error("a /reindex from a DM ran")
	}
	in := h.fake.SlashCommandIn(otherGuild, "reindex", nil, alice)
	if sum, _ := h.original(n, in); !strings.HasPrefix(content(sum.Body), "Reindex done") {
		t.Errorf("an admin's /reindex in a server got %s", sum.Raw)
	}
}
