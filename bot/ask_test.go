package bot

import (
	"strings"
	"testing"
	"time"
)

func TestAskDefersThenEditsWithVerbatimCitations(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	sent := time.Now()
	in := h.fake.SlashCommand("ask", map[string]string{"question": "Would Huawei sign a no-spy agreement with the United States?"}, alice)

	cb, _ := h.callback(n, in)
	if typ, _ := cb.Body["type"].(float64); typ != 5 {
		t.Fatalf("callback type = %v, want 5 (deferred)", cb.Body["type"])
	}
	if d := cb.At.Sub(sent); d > 3*time.Second {
		t.Errorf("deferred after %s, want within 3s", d)
	}

	edit, _ := h.original(n, in)
	article := seedFile(t, "npr-2019-06-04-huawei-no-spy")
	embeds := embedsOf(edit.Body)
	if len(embeds) == 0 {
		t.Fatalf("answer has no citation embeds: %s", edit.Raw)
	}
	if !strings.Contains(content(edit.Body), "no-spy") {
		t.Errorf("answer text lacks the quoted answer: %q", content(edit.Body))
	}
	title, _ := embeds[0]["title"].(string)
	if !strings.HasPrefix(title, "[1] Huawei Chairman Willing To Sign A 'No-Spy' Deal") || !strings.HasSuffix(title, "— 4 Jun 2019") {
		t.Errorf("first citation title = %q, want the NPR article with its date", title)
	}
	for i, e := range embeds {
		desc, _ := e["description"].(string)
		if !strings.HasPrefix(desc, "> ") {
			t.Errorf("citation %d is not a block quote: %q", i+1, desc)
		}
		ex := excerptOf(desc)
		if len(ex) < 20 || !strings.Contains(article, ex) {
			t.Errorf("citation %d excerpt is not verbatim article text: %q", i+1, ex)
		}
	}
	if !strings.Contains(string(edit.Raw), "fb:up:") {
		t.Errorf("no feedback buttons under the answer")
	}
}
