package bot

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// The PostgreSQL store is the bot's shared state.
var _ SharedState = (*pgstore.Store)(nil)

// replicas starts two bots on eng (nil = the seeds) sharing one fresh
// schema of the full test server, each through a store of its own and
// against a fake Discord of its own, as two replicas behind which
// Discord sends each event to one of them.
func replicas(t *testing.T, eng *retrieval.Engine, withOpts func(*Options)) (a, b *harness) {
	t.Helper()
	url := pgtest.Fresh(t, pgtest.Full(t))
	open := func(o *Options) {
		st, err := pgstore.Open(context.Background(), url, pgstore.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		o.Shared = st
		if withOpts != nil {
			withOpts(o)
		}
	}
	return start(t, eng, open, nil), start(t, eng, open, nil)
}

// A conversation started on one replica (a mention, answered in a new
// thread) is continued by the other: a follow-up in the thread, without a
// mention, is answered there with the first question as context.
func TestSharedConversationContinuesOnAnotherReplica(t *testing.T) {
	t.Parallel()
	a, b := replicas(t, nil, nil)
	const channel = "800000000000000010"
	a.fake.AddChannel(channel, 0, "")
	n := len(a.fake.Calls())
	a.fake.SendMessage(discordtest.Message{
		ChannelID: channel, Author: alice, MentionBot: true,
		Content: "<@" + discordtest.BotUserID + "> Who is the chairman of Huawei?",
	})
	thread, _ := a.fake.WaitCall(n, "thread on the reply", discordtest.Succeeded(discordtest.Is("POST", "/channels/"+channel+"/messages/", "/threads")))
	threadID, _ := thread.Reply["id"].(string)
	// The replica's own copy is written after the shared one.
	waitFor(t, "replica A to follow the thread", func() bool { _, ok := a.bot.convs.get(threadID); return ok })

	b.fake.AddChannel(threadID, 11, channel)
	n = len(b.fake.Calls())
	b.fake.SendMessage(discordtest.Message{ChannelID: threadID, Author: alice, Content: "Where are its headquarters?"})
	follow, _ := b.fake.WaitCall(n, "follow-up answer by replica B", discordtest.Succeeded(discordtest.Ends("POST", "/channels/"+threadID+"/messages")))
	if !strings.Contains(string(follow.Raw), "Shenzhen") {
		t.Errorf("replica B's follow-up answer lacks Shenzhen: %s", follow.Raw)
	}
	if got := b.fake.Count(discordtest.Is("POST", "/threads")); got != 0 {
		t.Errorf("replica B opened %d threads, want none: the conversation goes on in A's", got)
	}
}

// A timeline shown by one replica pages on the other, identically.
func TestSharedTimelinePagesOnAnotherReplica(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, manyEventsCorpus())
	a, b := replicas(t, eng, nil)
	n := len(a.fake.Calls())
	edit, _ := a.original(n, a.fake.SlashCommand("timeline", map[string]string{"topic": "zorblax probe"}, alice))
	next := buttonID(t, edit.Body, "Next")

	page := func(h *harness) string {
		t.Helper()
		n := len(h.fake.Calls())
		cb, _ := h.callback(n, h.fake.ClickButton(next, alice, edit.Reply))
		data, _ := cb.Body["data"].(map[string]any)
		if callbackType(cb) != 7 || len(embedsOf(data)) != 1 {
			t.Fatalf("Next answered %s, want an update (type 7) with the timeline", cb.Raw)
		}
		return embedsOf(data)[0]["description"].(string)
	}
	onB := page(b)
	if !strings.HasPrefix(onB, "11. **November 2015** — ") {
		t.Errorf("replica B's second page starts %q, want event 11", onB[:min(80, len(onB))])
	}
	if onA := page(a); onA != onB {
		t.Errorf("the replicas render the second page differently:\nA: %s\nB: %s", onA, onB)
	}
}

// A user's question rate limit spent on one replica holds on the other;
// another user's is their own.
func TestSharedRateLimitHoldsOnAnotherReplica(t *testing.T) {
	t.Parallel()
	a, b := replicas(t, nil, func(o *Options) { o.RatePerMinute, o.RateBurst = 1, 1 })
	n := len(a.fake.Calls())
	a.original(n, a.fake.SlashCommand("ask", map[string]string{"question": "Who is the chairman of Huawei?"}, alice))

	n = len(b.fake.Calls())
	cb, _ := b.callback(n, b.fake.SlashCommand("ask", map[string]string{"question": "Where are Huawei's headquarters?"}, alice))
	data, _ := cb.Body["data"].(map[string]any)
	if !strings.Contains(content(data), "asking faster") || flags(data) != 64 {
		t.Errorf("replica B let alice ask again at once: %s", cb.Raw)
	}
	cb, _ = b.callback(n, b.fake.SlashCommand("ask", map[string]string{"question": "Where are Huawei's headquarters?"}, admin))
	if callbackType(cb) != 5 {
		t.Errorf("another user was not answered (callback %s), want a deferred reply", cb.Raw)
	}
}

// A 👍 given through one replica and again through the other counts
// once, and the other replica knows the question it was given for.
func TestSharedVoteCountsOnce(t *testing.T) {
	t.Parallel()
	a, b := replicas(t, nil, nil)
	msg, up, down := answerButtons(t, a, "Who is the chairman of Huawei?", alice)

	n := len(a.fake.Calls())
	cb, _ := a.callback(n, a.fake.ClickButton(up, alice, msg))
	if data, _ := cb.Body["data"].(map[string]any); !strings.Contains(content(data), "Thanks for the feedback") {
		t.Errorf("first vote answered %s", cb.Raw)
	}
	n = len(b.fake.Calls())
	cb, _ = b.callback(n, b.fake.ClickButton(up, alice, msg))
	if data, _ := cb.Body["data"].(map[string]any); !strings.Contains(content(data), "already voted") {
		t.Errorf("the same vote through replica B answered %s, want already voted", cb.Raw)
	}
	cb, _ = b.callback(n, b.fake.ClickButton(down, admin, msg))
	if data, _ := cb.Body["data"].(map[string]any); !strings.Contains(content(data), "Thanks, noted") {
		t.Errorf("another user's vote through replica B answered %s", cb.Raw)
	}
	if k := strings.Count(a.logs.String(), "answer feedback") + strings.Count(b.logs.String(), "answer feedback"); k != 2 {
		t.Errorf("%d votes logged by the replicas, want 2", k)
	}
	if logs := b.logs.String(); !strings.Contains(logs, "known=true") || !strings.Contains(logs, "chairman of Huawei") {
		t.Errorf("replica B logged the vote without the question asked on A:\n%s", logs)
	}
}

// stalledState is a shared state that never answers: every call waits
// until its context ends.
type stalledState struct{ calls chan struct{} }

func (s stalledState) wait(ctx context.Context) error {
	select {
	case s.calls <- struct{}{}:
	default:
	}
	<-ctx.Done()
	return ctx.Err()
}

func (s stalledState) PutState(ctx context.Context, _, _ string, _ []byte, _ time.Duration) error {
	return s.wait(ctx)
}

func (s stalledState) GetState(ctx context.Context, _, _ string) ([]byte, bool, error) {
	return nil, false, s.wait(ctx)
}

func (s stalledState) AddState(ctx context.Context, _, _ string, _ []byte, _ time.Duration) (bool, error) {
	return false, s.wait(ctx)
}

func (s stalledState) TakeToken(ctx context.Context, _ string, _ float64, _ int) (time.Duration, bool, error) {
	return 0, false, s.wait(ctx)
}

// When the shared state stalls, the bot still answers within Discord's
// 3 s, from its own memory, and says so in its log once.
func TestStalledSharedStateStillAnswers(t *testing.T) {
	t.Parallel()
	st := stalledState{calls: make(chan struct{}, 1)}
	h := start(t, nil, func(o *Options) { o.Shared, o.RatePerMinute, o.RateBurst = st, 60, 5 }, nil)
	n := len(h.fake.Calls())
	asked := time.Now()
	in := h.fake.SlashCommand("ask", map[string]string{"question": "Who is the chairman of Huawei?"}, alice)
	ack, _ := h.callback(n, in)
	if callbackType(ack) != 5 || ack.At.Sub(asked) > 3*time.Second {
		t.Errorf("/ask acknowledged with %s after %v, want a deferred reply within 3 s", ack.Raw, ack.At.Sub(asked))
	}
	select {
	case <-st.calls:
	default:
		t.Fatal("the shared state was never asked")
	}
	edit, _ := h.original(n, in)
	if !strings.Contains(string(edit.Raw), "Liang Hua") {
		t.Errorf("the answer does not name the chairman: %s", edit.Raw)
	}
	up := ""
	for _, row := range edit.Body["components"].([]any) {
		for _, b := range row.(map[string]any)["components"].([]any) {
			if id := b.(map[string]any)["custom_id"].(string); strings.HasPrefix(id, "fb:up:") {
				up = id
			}
		}
	}
	n = len(h.fake.Calls())
	cb, _ := h.callback(n, h.fake.ClickButton(up, alice, edit.Reply))
	if data, _ := cb.Body["data"].(map[string]any); !strings.Contains(content(data), "Thanks for the feedback") {
		t.Errorf("vote answered %s", cb.Raw)
	}
	n = len(h.fake.Calls())
	cb, _ = h.callback(n, h.fake.ClickButton(up, alice, edit.Reply))
	if data, _ := cb.Body["data"].(map[string]any); !strings.Contains(content(data), "already voted") {
		t.Errorf("a repeated vote answered %s: the replica's memory did not stand in", cb.Raw)
	}
	if k := strings.Count(h.logs.String(), "shared state unavailable"); k != 1 {
		t.Errorf("the outage was logged %d times, want once", k)
	}
}

// A signed request that one HTTP replica answered, replayed to another
// behind the same load balancer, is refused there too.
func TestSharedReplayIsRefusedByAnotherReplica(t *testing.T) {
	url := pgtest.Fresh(t, pgtest.Full(t))
	var key []byte
	share := func(b *Bot) {
		st, err := pgstore.Open(context.Background(), url, pgstore.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		b.shared.st = st
		if key != nil {
			b.opts.PublicKey = key // both replicas serve one application
		}
	}
	a := startHTTP(t, share)
	key = a.signer.Public
	b := startHTTP(t, share)
	b.signer = a.signer
	req := a.signed(discordtest.PingPayload)
	body, _ := io.ReadAll(req.Body)
	replay := b.signedAt(body, time.Now()) // a fresh request, to replace below
	replay.Header = req.Header.Clone()
	req.Body = io.NopCloser(strings.NewReader(string(body)))
	if status, _ := a.post(req); status != 200 {
		t.Fatalf("the first replica refused a signed PING: %d", status)
	}
	if status, _ := b.post(replay); status != 401 {
		t.Errorf("the second replica answered a replayed request: %d, want 401", status)
	}
}

// Two processes running shards 0 and 1 of one bot take turns to
// identify through the database: the second waits for the bucket while
// the first holds it, for the identify interval after its identify, and
// identifies only once that has passed.
func TestShardProcessesTakeTurnsToIdentify(t *testing.T) {
	url := pgtest.Fresh(t, pgtest.Full(t))
	gate := func() IdentifyGate {
		st, err := pgstore.Open(context.Background(), url, pgstore.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		return st
	}
	fake := discordtest.New(t)
	interval := make(chan struct{}) // closed when the first shard's interval has passed
	firstWait := func(ctx context.Context, d time.Duration) error {
		select {
		case <-interval:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	launch(t, fake, nil, func(o *Options) { o.ShardID, o.ShardCount, o.IdentifyGate = 0, 2, gate() }, func(b *Bot) { b.wait = firstWait })
	fake.WaitIdentifies(1)
	launch(t, fake, nil, func(o *Options) { o.ShardID, o.ShardCount, o.IdentifyGate = 1, 2, gate() }, nil)
	waitFor(t, "the second shard to wait for the bucket", func() bool { return identifyWaiters(t, url) == 1 })
	if got := shards(fake.Identifies()); got != "[[0 2]]" {
		t.Fatalf("identifies while the first shard held the bucket = %s, want [[0 2]]", got)
	}
	close(interval)
	if got := shards(fake.WaitIdentifies(2)); got != "[[0 2] [1 2]]" {
		t.Errorf("identifies = %s, want [[0 2] [1 2]]", got)
	}
}

// identifyWaiters counts the sessions waiting for a gateway identify lock.
func identifyWaiters(t *testing.T, url string) int {
	t.Helper()
	return pgtest.Int(t, url, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND NOT granted`,
		uint32(pgstore.IdentifyLockKey))
}
