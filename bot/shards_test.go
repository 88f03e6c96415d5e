package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/bot/discordtest"
)

// waits records the identify spacing a bot asked for, without waiting.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) wait(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return ctx.Err()
}

func (w *waits) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return fmt.Sprint(w.d)
}

// shards formats IDENTIFY shard fields, e.g. "[[0 2] [1 2]]".
func shards(ids []*[2]int) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = "none"
		if id != nil {
			parts[i] = fmt.Sprint(*id)
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// commandPuts counts the command registrations so far.
func commandPuts(fake *discordtest.Server) int { return fake.Count(discordtest.Is("PUT", "/commands")) }

// waitReadyLog waits until the bot logged that it is ready.
func (h *harness) waitReadyLog(t *testing.T) {
	t.Helper()
	waitFor(t, "the ready log", func() bool { return strings.Contains(h.logs.String(), "discord bot ready") })
}

// answered sends /ask and waits for its answer.
func (h *harness) answered(t *testing.T) {
	t.Helper()
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("ask", map[string]string{"question": "What did Huawei say?"}, alice)
	if edit, _ := h.original(n, in); len(embedsOf(edit.Body)) == 0 {
		t.Errorf("no cited answer: %s", edit.Raw)
	}
}

// A process configured as shard 1 of 3 identifies as [1, 3], asks
// nothing about shards, leaves the commands to shard 0, and answers.
func TestConfiguredShardIdentifiesAndDoesNotRegister(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	h := launch(t, fake, nil, func(o *Options) { o.ShardID, o.ShardCount = 1, 3 }, nil)
	if got := shards(fake.WaitIdentifies(1)); got != "[[1 3]]" {
		t.Errorf("identifies = %s, want [[1 3]]", got)
	}
	h.waitReadyLog(t)
	if n := commandPuts(fake); n != 0 {
		t.Errorf("shard 1 registered the commands %d times, want 0 (shard 0 does)", n)
	}
	for _, c := range fake.Calls() {
		if strings.HasSuffix(c.Path, "/gateway/bot") {
			t.Errorf("a configured shard asked %s", c.Path)
		}
	}
	h.answered(t)
}

// Shard 0 of a deployment registers the commands.
func TestConfiguredShardZeroRegisters(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	h := launch(t, fake, nil, func(o *Options) { o.ShardID, o.ShardCount = 0, 3 }, nil)
	fake.WaitCall(0, "command registration", discordtest.Succeeded(discordtest.Is("PUT", "/commands")))
	if got := shards(fake.Identifies()); got != "[[0 3]]" {
		t.Errorf("identifies = %s, want [[0 3]]", got)
	}
	h.waitReadyLog(t)
}

// Without a configured shard the process runs the shards Discord
// recommends, one identify per interval at max_concurrency 1, registers
// the commands once, and answers on either shard.
func TestRecommendedShardsRunInOneProcess(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	fake.SetGatewayBot(2, 1)
	w := &waits{}
	h := launch(t, fake, nil, nil, func(b *Bot) { b.wait = w.wait })
	if got := shards(fake.WaitIdentifies(2)); got != "[[0 2] [1 2]]" {
		t.Errorf("identifies = %s, want [[0 2] [1 2]]", got)
	}
	h.waitReadyLog(t)
	if n := commandPuts(fake); n != 1 {
		t.Errorf("commands registered %d times, want once", n)
	}
	if got := w.String(); got != "[5s]" {
		t.Errorf("waits between identifies = %s, want [5s]", got)
	}
	for shard := range 2 {
		fake.ToShard(shard)
		h.answered(t)
	}
}

// Shards identify max_concurrency at a time: 3 shards at 2 make two
// buckets and one wait.
func TestShardsIdentifyInBuckets(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	fake.SetGatewayBot(3, 2)
	w := &waits{}
	h := launch(t, fake, nil, nil, func(b *Bot) { b.wait = w.wait })
	got := fake.WaitIdentifies(3)
	h.waitReadyLog(t)
	if w.String() != "[5s]" {
		t.Errorf("waits between identifies = %s, want [5s]", w)
	}
	if got[2] == nil || *got[2] != [2]int{2, 3} {
		t.Errorf("identifies = %s, want shard [2 3] last, after the wait", shards(got))
	}
	if n := commandPuts(fake); n != 1 {
		t.Errorf("commands registered %d times, want once", n)
	}
}

// The session a shard's event arrived on answers it.
func TestNewCallUsesTheEventsSession(t *testing.T) {
	b := &Bot{log: slog.New(slog.DiscardHandler)}
	s := &discordgo.Session{}
	if c := b.newCall(s, &discordgo.Interaction{ID: "1"}); c.s != s {
		t.Error("the call does not answer through the event's session")
	}
}
