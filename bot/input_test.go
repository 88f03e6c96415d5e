package bot

import (
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/bot/discordtest"
)

// Questions and topics are normalized before they are checked: one of
// zero-width or control characters only is empty, and NUL bytes and
// invisible characters inside a question are dropped.
func TestInvisibleQuestionsAreEmpty(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	for _, q := range []string{"\u200b\u200b\u200b", "\x00\x00", "\u200d\ufeff\u2060 \u00ad"} {
		in := h.fake.SlashCommand("ask", map[string]string{"question": q}, alice)
		cb, _ := h.callback(n, in)
		data, _ := cb.Body["data"].(map[string]any)
		if callbackType(cb) != 4 || flags(data) != 64 || !strings.Contains(content(data), "Please ask a question") {
			t.Errorf("/ask %q got %s, want an ephemeral request for a question", q, cb.Raw)
		}
	}
	in := h.fake.SlashCommand("timeline", map[string]string{"topic": "\u200b\u2063"}, alice)
	if cb, _ := h.callback(n, in); !strings.Contains(string(cb.Raw), "Please give a topic") {
		t.Errorf("/timeline of zero-width spaces got %s", cb.Raw)
	}
	const channel = "800000000000000040"
	h.fake.SendMessage(discordtest.Message{ChannelID: channel, Author: alice, MentionBot: true, Content: "<@" + discordtest.BotUserID + "> \u200b\u200b"})
	msg, _ := h.fake.WaitCall(n, "reply", discordtest.Succeeded(discordtest.Ends("POST", "/channels/"+channel+"/messages")))
	if content(msg.Body) != helpText {
		t.Errorf("a mention of zero-width spaces got %q, want the help text", content(msg.Body))
	}

	in = h.fake.SlashCommand("ask", map[string]string{"question": "Who is the\x00 chairman\u200b of Huawei?"}, alice)
	edit, _ := h.original(n, in)
	if !strings.Contains(content(edit.Body), "Liang Hua") {
		t.Errorf("a question with NUL and zero-width characters got %q", content(edit.Body))
	}
}
