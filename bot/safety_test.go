package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval"
)

// pingArticle is an article whose text pings a user and everyone.
const pingArticle = `Harbor district flooded | Example Gazette

Jan 5, 2021

The warning about the Harbor district flooding was first posted by <@123> on the city forum, and it told @everyone to leave the Harbor district before the river crested on Tuesday night.

City officials said the flood barriers in the Harbor district held for six hours before the water spilled over.
`

func TestNoMentionsAreEverAllowed(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, map[string]string{"harbor.txt": pingArticle})
	h := start(t, eng, nil, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("ask", map[string]string{"question": "@everyone who warned about the Harbor district flooding?"}, alice)
	edit, _ := h.original(n, in)
	const channel = "800000000000000030"
	h.fake.SendMessage(discordtest.Message{ChannelID: channel, Author: alice, MentionBot: true,
		Content: "<@" + discordtest.BotUserID + "> @everyone who warned about the Harbor district flooding?"})
	msg, _ := h.fake.WaitCall(n, "reply", discordtest.Succeeded(discordtest.Ends("POST", "/channels/"+channel+"/messages")))

	for _, c := range []discordtest.Call{edit, msg} {
		if text := content(c.Body); !strings.Contains(text, "<@123>") || !strings.Contains(text, "@everyone") {
			t.Errorf("%s %s should quote the article's <@123> and @everyone: %s", c.Method, c.Path, c.Raw)
		}
		am, _ := c.Body["allowed_mentions"].(map[string]any)
		if p, ok := am["parse"].([]any); !ok || len(p) != 0 {
			t.Errorf("%s %s: allowed_mentions = %v, want parse []", c.Method, c.Path, c.Body["allowed_mentions"])
		}
		if am["replied_user"] != false {
			t.Errorf("%s %s: the reply pings its author: %v", c.Method, c.Path, am)
		}
	}
	// The harness checks allowed mentions on every other payload too.
}

func TestVeryLongAnswerStaysWithinLimits(t *testing.T) {
	t.Parallel()
	article := seedFile(t, "npr-2019-06-04-huawei-no-spy")
	long := func(ctx context.Context, a retrieval.Answer, onDelta func(string)) (retrieval.Answer, string, error) {
		// A summarizer gone wild: a huge text and a dozen huge citations.
		a.Text = strings.Repeat("Huawei says it would sign a no-spy deal [1] and more [12] ", 200)
		var cites []retrieval.Citation
		for i := range 12 {
			cites = append(cites, retrieval.Citation{
				N: i + 1, ArticleID: "npr-2019-06-04-huawei-no-spy",
				Title:     strings.Repeat("A very long headline about Huawei ", 12),
				Published: time.Date(2019, 6, 4, 0, 0, 0, 0, time.UTC),
				URL:       "https://example.com/npr", Source: "NPR", Part: "article",
				Excerpt: article[200:6200],
			})
		}
		a.Citations = cites
		return a, "A note that must survive the trimming.", nil
	}
	h := start(t, nil, func(o *Options) { o.Summarize = long }, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("ask", map[string]string{"question": "Would Huawei sign a no-spy agreement?"}, alice)
	edit, _ := h.original(n, in)
	if p := limitProblems(edit.Body); len(p) > 0 {
		t.Fatalf("limits broken: %v", p)
	}
	text := content(edit.Body)
	if !strings.Contains(text, "…") || !strings.HasSuffix(text, "*A note that must survive the trimming.*") {
		t.Errorf("content not trimmed with an ellipsis and the note kept: …%q", text[max(0, len(text)-120):])
	}
	if i := strings.LastIndex(text, "["); i >= 0 && !strings.Contains(text[i:], "]") {
		t.Errorf("a citation marker was cut in half: …%q", text[i:])
	}
	embeds := embedsOf(edit.Body)
	if len(embeds) != 10 {
		t.Errorf("%d embeds, want the first 10 citations", len(embeds))
	}
	for i, e := range embeds {
		title, _ := e["title"].(string)
		desc, _ := e["description"].(string)
		if !strings.HasPrefix(title, "[") || !strings.HasSuffix(title, "— 4 Jun 2019") {
			t.Errorf("embed %d title lost its number or date: %q", i+1, title)
		}
		ex := excerptOf(desc)
		if !strings.HasSuffix(desc, ellipsis) || !strings.HasPrefix(article[200:], ex) || len(ex) < 200 {
			t.Errorf("embed %d: excerpt should be a trimmed verbatim prefix, got %d chars", i+1, len(ex))
		}
	}
}

func TestRateLimitedByDiscordStillReplies(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	h.fake.RateLimitNext("/messages/@original", 1, 300*time.Millisecond)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("ask", map[string]string{"question": "Where is Huawei's headquarters?"}, alice)
	edit, i := h.original(n, in)
	if !strings.Contains(string(edit.Raw), "Shenzhen") {
		t.Errorf("answer after the 429: %s", edit.Raw)
	}
	var limited *discordtest.Call
	for _, c := range h.fake.Calls()[n:i] {
		if c.Status == 429 && strings.Contains(c.Path, in.Token) {
			limited = &c
		}
	}
	if limited == nil {
		t.Fatal("the fake never answered 429")
	}
	if gap := edit.At.Sub(limited.At); gap < 250*time.Millisecond {
		t.Errorf("retried %s after the 429, want after retry_after (300ms)", gap)
	}
}

// Behind a proxy that keeps answering 429 on the reply, each edit (the
// answer, then the apology) is tried once and retried three times, then
// given up, and the apology goes out as a follow-up message instead.
func TestEndlessRateLimitIsGivenUp(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	h.fake.RateLimitNext("/messages/@original", 1000, 20*time.Millisecond)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("ask", map[string]string{"question": "Where is Huawei's headquarters?"}, alice)
	limited := func() int {
		k := 0
		for _, c := range h.fake.Calls()[n:] {
			if c.Status == 429 && strings.Contains(c.Path, in.Token) && strings.HasSuffix(c.Path, "/messages/@original") {
				k++
			}
		}
		return k
	}
	h.fake.WaitCall(n, "follow-up", discordtest.Is("POST", "/webhooks/"+discordtest.AppID+"/"+in.Token))
	waitFor(t, "the rate-limited edits", func() bool { return limited() >= 8 })
	if k := limited(); k != 8 {
		t.Errorf("%d rate-limited edits, want 8 (two edits, each one try and three retries)", k)
	}
}

func TestInternalErrorsEndInAShortApology(t *testing.T) {
	t.Parallel()
	t.Run("handler panics", func(t *testing.T) {
		t.Parallel()
		boom := func(context.Context, retrieval.Answer, func(string)) (retrieval.Answer, string, error) {
			panic("summarizer exploded at 0xdeadbeef")
		}
		h := start(t, nil, func(o *Options) { o.Summarize = boom }, nil)
		n := len(h.fake.Calls())
		in := h.fake.SlashCommand("ask", map[string]string{"question": "Who is the chairman of Huawei?"}, alice)
		edit, _ := h.original(n, in)
		if got := content(edit.Body); got != apologyText {
			t.Errorf("user saw %q, want the apology", got)
		}
		if !strings.Contains(h.logs.String(), "summarizer exploded") {
			t.Error("the panic was not logged")
		}
	})
	t.Run("Discord rejects the answer", func(t *testing.T) {
		t.Parallel()
		h := start(t, nil, nil, nil)
		h.fake.FailNext("/messages/@original", 2, 500)
		n := len(h.fake.Calls())
		in := h.fake.SlashCommand("ask", map[string]string{"question": "Who is the chairman of Huawei?"}, alice)
		f, _ := h.fake.WaitCall(n, "apology follow-up", discordtest.Succeeded(discordtest.Ends("POST", "/webhooks/"+discordtest.AppID+"/"+in.Token)))
		if got := content(f.Body); got != apologyText {
			t.Errorf("follow-up = %q, want the apology", got)
		}
	})
	t.Run("summarizer fails: extractive answer with a note", func(t *testing.T) {
		t.Parallel()
		down := func(context.Context, retrieval.Answer, func(string)) (retrieval.Answer, string, error) {
			return retrieval.Answer{}, "", context.DeadlineExceeded
		}
		h := start(t, nil, func(o *Options) { o.Summarize = down }, nil)
		n := len(h.fake.Calls())
		in := h.fake.SlashCommand("ask", map[string]string{"question": "Who is the chairman of Huawei?"}, alice)
		edit, _ := h.original(n, in)
		if got := content(edit.Body); !strings.Contains(got, "Liang Hua") || !strings.HasSuffix(got, "*"+summarizerNote+"*") {
			t.Errorf("content = %q, want the extractive answer and the note", got)
		}
	})
}

func TestSummarizerStreamsIntoTheReply(t *testing.T) {
	t.Parallel()
	stream := func(ctx context.Context, a retrieval.Answer, onDelta func(string)) (retrieval.Answer, string, error) {
		onDelta("Huawei's chairman")
		onDelta("Huawei's chairman is Liang Hua [1]") // dropped: within a second of the first
		a.Text = "Huawei's chairman is Liang Hua [1]."
		return a, "", nil
	}
	h := start(t, nil, func(o *Options) { o.Summarize = stream }, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("ask", map[string]string{"question": "Who is the chairman of Huawei?"}, alice)
	first, i := h.original(n, in)
	if got := content(first.Body); got != "Huawei's chairman" {
		t.Errorf("first streamed edit = %q", got)
	}
	final, _ := h.original(i+1, in)
	if got := content(final.Body); got != "Huawei's chairman is Liang Hua [1]." || len(embedsOf(final.Body)) == 0 {
		t.Errorf("final edit = %s", final.Raw)
	}
	if got := h.fake.Count(discordtest.Is("PATCH", in.Token)); got != 2 {
		t.Errorf("%d edits, want 2 (one streamed, one final)", got)
	}
}
