package bot

import (
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval"
)

// seedCorpus is the seed articles as files of a corpus directory.
func seedCorpus(t *testing.T) map[string]string {
	return map[string]string{
		"npr.txt": seedFile(t, "npr-2019-06-04-huawei-no-spy"),
		"ren.txt": seedFile(t, "ren-2021-02-biden-call"),
	}
}

func callbackType(c discordtest.Call) int { f, _ := c.Body["type"].(float64); return int(f) }

func TestReindexRefusedForNonAdmins(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, seedCorpus(t))
	var hookCalls atomic.Int32
	h := start(t, eng, nil, func(b *Bot) { b.progressHook = func(retrieval.Progress) { hookCalls.Add(1) } })
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("reindex", nil, alice)
	cb, _ := h.callback(n, in)
	data, _ := cb.Body["data"].(map[string]any)
	if callbackType(cb) != 4 || flags(data) != 64 || !strings.Contains(content(data), "Only server administrators") {
		t.Errorf("non-admin got %s, want an ephemeral refusal", cb.Raw)
	}
	if hookCalls.Load() != 0 || h.bot.reindexing.Load() {
		t.Error("a reindex ran for a non-admin")
	}
	// A configured admin role is enough, without the Administrator bit.
	h2 := start(t, eng, func(o *Options) { o.AdminRoleIDs = []string{"600000000000000001"} }, nil)
	mod := discordtest.Member{UserID: "700000000000000009", Name: "mod", Roles: []string{"600000000000000001"}}
	n = len(h2.fake.Calls())
	in = h2.fake.SlashCommand("reindex", nil, mod)
	if cb, _ := h2.callback(n, in); callbackType(cb) != 5 {
		t.Errorf("admin-role member got %s, want a deferred reply", cb.Raw)
	}
	if sum, _ := h2.original(n, in); !strings.HasPrefix(content(sum.Body), "Reindex done") {
		t.Errorf("summary = %q", content(sum.Body))
	}
}

func TestReindexByAdminShowsProgressAndKeepsAnswering(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, seedCorpus(t))
	entered := make(chan struct{})
	release := make(chan struct{})
	var hookCalls atomic.Int32
	h := start(t, eng, nil, func(b *Bot) {
		b.progressHook = func(retrieval.Progress) {
			if hookCalls.Add(1) == 1 {
				close(entered)
				<-release // hold the reindex mid-way
			}
		}
	})
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("reindex", nil, admin)
	cb, _ := h.callback(n, in)
	if data, _ := cb.Body["data"].(map[string]any); callbackType(cb) != 5 || flags(data) != 64 {
		t.Fatalf("admin /reindex callback = %s, want an ephemeral deferred reply", cb.Raw)
	}
	select {
	case <-entered:
	case <-time.After(time.Minute):
		close(release)
		t.Fatal("the reindex never reported progress")
	}

	// Questions are answered from the old index meanwhile.
	ask := h.fake.SlashCommand("ask", map[string]string{"question": "Who is the chairman of Huawei?"}, alice)
	if a, _ := h.original(n, ask); !strings.Contains(string(a.Raw), "Liang Hua") {
		t.Errorf("question during reindex: %s", a.Raw)
	}
	// A second /reindex is refused politely.
	again := h.fake.SlashCommand("reindex", nil, admin)
	cb2, _ := h.callback(n, again)
	if data, _ := cb2.Body["data"].(map[string]any); flags(data) != 64 || !strings.Contains(content(data), "already running") {
		t.Errorf("second /reindex got %s", cb2.Raw)
	}
	// Progress shows in the admin's reply.
	prog, _ := h.original(n, in)
	if !strings.HasPrefix(content(prog.Body), "Reindexing…") {
		t.Errorf("progress edit = %q", content(prog.Body))
	}
	close(release)

	sum, _ := h.fake.WaitCall(n, "reindex summary", func(c discordtest.Call) bool {
		return strings.Contains(c.Path, in.Token+"/messages/@original") && strings.HasPrefix(content(c.Body), "Reindex done")
	})
	if !strings.Contains(content(sum.Body), "2 articles") {
		t.Errorf("summary = %q, want 2 articles", content(sum.Body))
	}
	// Progress edits: none sooner than a second after the start, nor
	// sooner than a second after each other.
	last := cb.At
	for _, c := range h.fake.Calls() {
		if c.Method == "PATCH" && strings.Contains(c.Path, in.Token) && strings.HasPrefix(content(c.Body), "Reindexing…") {
			if gap := c.At.Sub(last); gap < 900*time.Millisecond {
				t.Errorf("progress edit %s after the previous one, want at most one a second", gap)
			}
			last = c.At
		}
	}
}

func TestReindexFailureKeepsOldIndex(t *testing.T) {
	t.Parallel()
	eng, dir := dirEngine(t, seedCorpus(t))
	h := start(t, eng, nil, nil)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("reindex", nil, admin)
	res, _ := h.original(n, in)
	if !strings.HasPrefix(content(res.Body), "Reindex failed; the current index stays in use. Reason:") {
		t.Errorf("failed reindex reply = %q", content(res.Body))
	}
	ask := h.fake.SlashCommand("ask", map[string]string{"question": "Where is Huawei's headquarters?"}, alice)
	if a, _ := h.original(n, ask); !strings.Contains(string(a.Raw), "Shenzhen") {
		t.Errorf("after a failed reindex the old index should answer: %s", a.Raw)
	}
}
