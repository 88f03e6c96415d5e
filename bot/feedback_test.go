package bot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
)

// answerButtons asks q as from and returns the answer's message and the
// custom IDs of its 👍 and 👎 buttons.
func answerButtons(t *testing.T, h *harness, q string, from discordtest.Member) (msg map[string]any, up, down string) {
	t.Helper()
	n := len(h.fake.Calls())
	edit, _ := h.original(n, h.fake.SlashCommand("ask", map[string]string{"question": q}, from))
	for _, row := range edit.Body["components"].([]any) {
		for _, b := range row.(map[string]any)["components"].([]any) {
			switch id := b.(map[string]any)["custom_id"].(string); {
			case strings.HasPrefix(id, "fb:up:"):
				up = id
			case strings.HasPrefix(id, "fb:down:"):
				down = id
			}
		}
	}
	if up == "" || down == "" {
		t.Fatalf("no feedback buttons in %s", edit.Raw)
	}
	return edit.Reply, up, down
}

// waitCalls waits, up to a generous deadline, until n calls after the
// first `after` match ok.
func waitCalls(t *testing.T, h *harness, after, n int, what string, ok func(discordtest.Call) bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		got := 0
		for _, c := range h.fake.Calls()[after:] {
			if ok(c) {
				got++
			}
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d %s within the deadline", got, n, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// One vote per user per answer: 2,000 clicks by the same user on the same
// answer save one line, later clicks are ignored, another user's vote
// counts, and no log line names a voter.
func TestFeedbackOneVotePerUserPerAnswer(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "votes.jsonl")
	h := start(t, nil, func(o *Options) { o.FeedbackPath = path }, nil)
	carol := discordtest.Member{UserID: "700000000000000003", Name: "carol"}
	msg, up, down := answerButtons(t, h, "Who is the chairman of Huawei?", carol)

	n := len(h.fake.Calls())
	first, _ := h.callback(n, h.fake.ClickButton(up, alice, msg))
	if data, _ := first.Body["data"].(map[string]any); !strings.Contains(content(data), "Thanks for the feedback") {
		t.Errorf("first vote answered %s", first.Raw)
	}
	// 1,999 more clicks, in batches of 200 in flight at once, so as not to
	// flood a busy test machine.
	const clicks = 2000
	isCallback := discordtest.Is("POST", "/interactions/", "/callback")
	for i := range clicks - 1 {
		h.fake.ClickButton([]string{up, down}[i%2], alice, msg)
		if (i+1)%200 == 0 || i == clicks-2 {
			waitCalls(t, h, n, i+2, "vote callbacks", isCallback)
		}
	}
	again := 0
	for _, c := range h.fake.Calls()[n:] {
		if isCallback(c) && strings.Contains(string(c.Raw), "already voted") {
			again++
		}
	}
	if again != clicks-1 {
		t.Errorf("%d of %d repeated clicks were told they had voted", again, clicks-1)
	}
	h.callback(n, h.fake.ClickButton(down, admin, msg))

	var lines []string
	waitFor(t, "two votes in the file", func() bool {
		data, _ := os.ReadFile(path)
		lines = strings.Split(strings.TrimSpace(string(data)), "\n")
		return len(lines) >= 2
	})
	if len(lines) != 2 || !strings.Contains(lines[0], `"vote":"up"`) || !strings.Contains(lines[1], `"vote":"down"`) {
		t.Errorf("feedback file has %d lines, want alice's first vote (up) and root's (down): %q", len(lines), lines[:min(len(lines), 3)])
	}
	logs := h.logs.String()
	if k := strings.Count(logs, "answer feedback"); k != 2 {
		t.Errorf("%d votes logged, want 2", k)
	}
	for _, who := range []discordtest.Member{alice, admin} {
		if strings.Contains(logs, who.UserID) {
			t.Errorf("the logs hold the user ID of voter %s", who.Name)
		}
	}
}
