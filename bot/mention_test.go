package bot

import (
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/bot/discordtest"
)

func TestMentionOpensThreadAndFollowUpNeedsNoMention(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	const channel = "800000000000000010"
	h.fake.AddChannel(channel, 0, "")
	n := len(h.fake.Calls())
	q := h.fake.SendMessage(discordtest.Message{
		ChannelID: channel, Author: alice, MentionBot: true,
		Content: "<@" + discordtest.BotUserID + "> Who is the chairman of Huawei?",
	})

	typing, ti := h.fake.WaitCall(n, "typing", discordtest.Is("POST", "/channels/"+channel+"/typing"))
	_ = typing
	replyCall, ri := h.fake.WaitCall(n, "reply", discordtest.Succeeded(discordtest.Ends("POST", "/channels/"+channel+"/messages")))
	if ri < ti {
		t.Errorf("typing (call %d) came after the reply (call %d)", ti, ri)
	}
	ref, _ := replyCall.Body["message_reference"].(map[string]any)
	if ref["message_id"] != q {
		t.Errorf("reply references %v, want the question %s", ref["message_id"], q)
	}
	if !strings.Contains(string(replyCall.Raw), "Liang Hua") {
		t.Errorf("reply does not name the chairman: %s", replyCall.Raw)
	}
	replyID, _ := replyCall.Reply["id"].(string)
	thread, _ := h.fake.WaitCall(ri, "thread on the reply", discordtest.Succeeded(discordtest.Is("POST", "/channels/"+channel+"/messages/"+replyID+"/threads")))
	threadID, _ := thread.Reply["id"].(string)
	if name, _ := thread.Body["name"].(string); name != "Who is the chairman of Huawei?" {
		t.Errorf("thread name = %q, want the question", name)
	}

	// A follow-up in the thread, without a mention, is answered there with
	// the previous question as context.
	waitFor(t, "the bot to follow the thread", func() bool { _, ok := h.bot.convs.get(threadID); return ok })
	n = len(h.fake.Calls())
	f := h.fake.SendMessage(discordtest.Message{ChannelID: threadID, Author: alice, Content: "Where are its headquarters?"})
	follow, _ := h.fake.WaitCall(n, "follow-up answer in the thread", discordtest.Succeeded(discordtest.Ends("POST", "/channels/"+threadID+"/messages")))
	ref, _ = follow.Body["message_reference"].(map[string]any)
	if ref["message_id"] != f {
		t.Errorf("follow-up reply references %v, want %s", ref["message_id"], f)
	}
	if !strings.Contains(string(follow.Raw), "Shenzhen") {
		t.Errorf("follow-up answer lacks Shenzhen: %s", follow.Raw)
	}
	if got := h.fake.Count(discordtest.Is("POST", "/threads")); got != 1 {
		t.Errorf("%d threads opened, want 1 (follow-ups continue the thread)", got)
	}

	// A message in another channel that does not mention the bot is ignored.
	n = len(h.fake.Calls())
	h.fake.SendMessage(discordtest.Message{ChannelID: channel, Author: alice, Content: "unrelated chatter"})
	h.fake.SendMessage(discordtest.Message{ChannelID: channel, Author: alice, MentionBot: true, Content: "<@" + discordtest.BotUserID + ">"})
	help, _ := h.fake.WaitCall(n, "help reply", discordtest.Ends("POST", "/channels/"+channel+"/messages"))
	if !strings.Contains(content(help.Body), "Ask me a question") {
		t.Errorf("an empty mention should get help, got %q", content(help.Body))
	}
	if got := h.fake.Count(discordtest.Ends("POST", "/channels/"+channel+"/messages")); got != 2 {
		t.Errorf("%d replies in the channel, want 2 (the chatter is ignored)", got)
	}
}

func TestDirectMessageIsAQuestion(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	const dm = "800000000000000020"
	n := len(h.fake.Calls())
	h.fake.SendMessage(discordtest.Message{ChannelID: dm, DM: true, Author: alice, Content: "Where is Huawei's headquarters?"})
	r, _ := h.fake.WaitCall(n, "DM reply", discordtest.Succeeded(discordtest.Ends("POST", "/channels/"+dm+"/messages")))
	if !strings.Contains(string(r.Raw), "Shenzhen") {
		t.Errorf("DM answer lacks Shenzhen: %s", r.Raw)
	}
	if h.fake.Count(discordtest.Is("POST", "/threads")) != 0 {
		t.Error("a thread was opened in a DM")
	}
}
