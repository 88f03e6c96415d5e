package bot

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval"
)

// ackDeadline is how soon Discord wants an interaction acknowledged.
const ackDeadline = 3 * time.Second

// seedQuestions are questions about the seed articles, some not covered.
var seedQuestions = []string{
	"Who is the chairman of Huawei?",
	"Would Huawei sign a no-spy agreement with the United States?",
	"Where is Huawei's headquarters?",
	"What did Ren Zhengfei say about a phone call from Biden?",
	"What did Huawei say about spying?",
	"Why is the U.S. worried about Huawei?",
	"What is the boiling point of ethanol?",
}

// loadResult is what one burst of interactions measured.
type loadResult struct {
	n, late, busy int
	acks, answers []time.Duration // per interaction, sorted
}

// burst dispatches n /ask interactions at once, from n users, with the
// questions taken in turn, and waits (within a generous deadline) until
// every one is acknowledged and answered; a busy reply counts as an
// answer. Acknowledgement and answer times run from just before the
// interaction is sent to when the fake Discord received the callback and
// the reply's edit.
func burst(tb testing.TB, h *harness, n int, questions []string) loadResult {
	tb.Helper()
	after := len(h.fake.Calls())
	sent := map[string]time.Time{} // by interaction token
	for i := range n {
		from := discordtest.Member{UserID: fmt.Sprint(710000000000000000 + i), Name: fmt.Sprint("user", i)}
		at := time.Now()
		in := h.fake.SlashCommand("ask", map[string]string{"question": questions[i%len(questions)]}, from)
		sent[in.Token] = at
	}
	acked, answered := map[string]discordtest.Call{}, map[string]discordtest.Call{}
	deadline := time.Now().Add(5 * time.Minute)
	for seen := after; len(acked) < n || len(answered) < n; {
		calls := h.fake.Calls()
		for _, c := range calls[seen:] {
			// /api/v9/interactions/{id}/{token}/callback or
			// /api/v9/webhooks/{app}/{token}/messages/@original
			parts := strings.Split(c.Path, "/")
			if len(parts) < 7 {
				continue
			}
			token := parts[5]
			if _, ok := sent[token]; !ok {
				continue
			}
			if _, ok := acked[token]; !ok && c.Method == "POST" && strings.HasSuffix(c.Path, "/callback") {
				acked[token] = c
			}
			if _, ok := answered[token]; !ok && c.Method == "PATCH" && c.Status < 300 && strings.HasSuffix(c.Path, "/messages/@original") {
				answered[token] = c
			}
		}
		seen = len(calls)
		if time.Now().After(deadline) {
			tb.Fatalf("after 5 minutes, %d of %d interactions acknowledged and %d answered", len(acked), n, len(answered))
		}
		time.Sleep(20 * time.Millisecond)
	}
	r := loadResult{n: n}
	for token, at := range sent {
		ack, ans := acked[token].At.Sub(at), answered[token].At.Sub(at)
		if ack > ackDeadline {
			r.late++
		}
		if content(answered[token].Body) == busyText {
			r.busy++
		}
		r.acks, r.answers = append(r.acks, ack), append(r.answers, ans)
	}
	slices.Sort(r.acks)
	slices.Sort(r.answers)
	return r
}

// pct is the p-th percentile of sorted durations, in milliseconds.
func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	return float64(d[min(len(d)-1, int(p/100*float64(len(d))))]) / float64(time.Millisecond)
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d interactions: %d acked late (> %s), %d busy; ack p50 %.0f ms p99 %.0f ms max %.0f ms; answer p50 %.0f ms p99 %.0f ms max %.0f ms",
		r.n, r.late, ackDeadline, r.busy, pct(r.acks, 50), pct(r.acks, 99), pct(r.acks, 100), pct(r.answers, 50), pct(r.answers, 99), pct(r.answers, 100))
}

// rtqaDir is the rtqa-2022 evaluation corpus beside the repository.
var rtqaDir = filepath.Join("..", "..", "shared", "eval", "rtqa-2022")

var (
	rtqaOnce      sync.Once
	rtqaEngine    *retrieval.Engine
	rtqaQuestions []string
	rtqaErr       error
)

// openRTQA opens an engine over rtqa-2022's 105k passages, its index
// kept as a snapshot under the temporary directory between runs (the
// engine rebuilds it when the corpus or the pipeline changes), and reads
// its questions. It skips when the corpus is not there.
func openRTQA(tb testing.TB) (*retrieval.Engine, []string) {
	tb.Helper()
	articles := filepath.Join(rtqaDir, "articles.jsonl")
	if _, err := os.Stat(articles); err != nil {
		tb.Skipf("rtqa-2022 not present: %v", err)
	}
	rtqaOnce.Do(func() {
		dir := filepath.Join(os.TempDir(), "dossier-bench")
		if rtqaErr = os.MkdirAll(dir, 0o755); rtqaErr != nil {
			return
		}
		start := time.Now()
		var sum retrieval.BuildSummary
		rtqaEngine, sum, rtqaErr = retrieval.Open(context.Background(), retrieval.Options{
			Corpus: articles, IndexPath: filepath.Join(dir, "bot-rtqa-2022.idx"), Logger: slog.New(slog.DiscardHandler),
		}, nil)
		if rtqaErr != nil {
			return
		}
		tb.Logf("rtqa-2022: %d passages (snapshot loaded: %v) in %s", sum.Passages, sum.Loaded, time.Since(start).Round(time.Millisecond))
		rtqaQuestions, rtqaErr = readQuestions(filepath.Join(rtqaDir, "qa.jsonl"))
	})
	if rtqaErr != nil {
		tb.Fatal(rtqaErr)
	}
	return rtqaEngine, rtqaQuestions
}

// readQuestions reads the "question" field of each line of a qa.jsonl file.
func readQuestions(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var q struct{ Question string }
		if json.Unmarshal(sc.Bytes(), &q) == nil && strings.TrimSpace(q.Question) != "" {
			qs = append(qs, q.Question)
		}
	}
	if len(qs) == 0 && sc.Err() == nil {
		return nil, fmt.Errorf("%s: no questions", path)
	}
	return qs, sc.Err()
}

// BenchmarkAckUnderLoad sends bursts of 100, 500 and 1,000 concurrent
// /ask through the fake Discord, on the seeds and, when it is there, on
// rtqa-2022, and reports the acknowledgements later than Discord's 3 s,
// the busy replies, and the p50 and p99 acknowledgement and answer times.
// Run it with -benchtime=1x: each iteration is one burst.
func BenchmarkAckUnderLoad(b *testing.B) {
	for _, corpus := range []string{"seeds", "rtqa-2022"} {
		for _, n := range []int{100, 500, 1000} {
			b.Run(fmt.Sprintf("corpus=%s/n=%d", corpus, n), func(b *testing.B) {
				eng, questions := seedsEngine(b), seedQuestions
				if corpus == "rtqa-2022" {
					eng, questions = openRTQA(b)
				}
				h := start(b, eng, func(o *Options) { o.Logger = slog.New(slog.DiscardHandler) }, nil)
				var all loadResult
				b.ResetTimer()
				for range b.N {
					r := burst(b, h, n, questions)
					b.Log(r)
					all.n += r.n
					all.late += r.late
					all.busy += r.busy
					all.acks = append(all.acks, r.acks...)
					all.answers = append(all.answers, r.answers...)
				}
				slices.Sort(all.acks)
				slices.Sort(all.answers)
				b.ReportMetric(float64(all.late)/float64(b.N), "late-acks/burst")
				b.ReportMetric(float64(all.busy)/float64(b.N), "busy/burst")
				b.ReportMetric(pct(all.acks, 50), "ack-p50-ms")
				b.ReportMetric(pct(all.acks, 99), "ack-p99-ms")
				b.ReportMetric(pct(all.answers, 50), "answer-p50-ms")
				b.ReportMetric(pct(all.answers, 99), "answer-p99-ms")
			})
		}
	}
}

// cpuHeavy is a summarizer that costs each answer some 20 ms of CPU, as a
// language model on the same machine, or a large index, would.
func cpuHeavy(ctx context.Context, a retrieval.Answer, onDelta func(string)) (retrieval.Answer, string, error) {
	buf := make([]byte, 1<<20)
	for range 10 {
		sum := sha256.Sum256(buf)
		buf[0] = sum[0]
	}
	return a, "", nil
}

// Every interaction of a burst is acknowledged within Discord's 3 s and
// none is lost, though answering them all takes far longer: each gets its
// answer or, when the queue is full, the busy reply. The deadline for the
// answers is generous; the 3 s is Discord's.
func TestBurstIsAcknowledgedInTime(t *testing.T) {
	t.Parallel()
	n := 400
	if testing.Short() {
		n = 200
	}
	h := start(t, nil, func(o *Options) { o.Summarize, o.Logger = cpuHeavy, slog.New(slog.DiscardHandler) }, nil)
	r := burst(t, h, n, seedQuestions)
	t.Log(r)
	if r.late > 0 {
		t.Errorf("%d of %d interactions acknowledged later than %s", r.late, n, ackDeadline)
	}
}

// With one worker and room for one question in the queue, a question
// beyond that is still acknowledged at once, then told the bot is busy;
// the running and the queued questions get their answers.
func TestBusyWhenTheQueueIsFull(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}, 10), make(chan struct{})
	slow := func(ctx context.Context, a retrieval.Answer, onDelta func(string)) (retrieval.Answer, string, error) {
		entered <- struct{}{}
		<-release
		return a, "", nil
	}
	h := start(t, nil, func(o *Options) { o.Summarize, o.Workers, o.QueueSize = slow, 1, 1 }, nil)
	n := len(h.fake.Calls())
	q := map[string]string{"question": "Who is the chairman of Huawei?"}
	running := h.fake.SlashCommand("ask", q, alice)
	select {
	case <-entered:
	case <-time.After(discordtest.DefaultWait):
		t.Fatal("the first question never reached the summarizer")
	}
	queued := h.fake.SlashCommand("ask", q, alice)
	h.callback(n, queued)
	// The deferral comes before the question joins the queue: wait
	// until it has, or an extra question could take its place.
	deadline := time.Now().Add(discordtest.DefaultWait)
	for len(h.bot.pool.jobs) < 1 {
		if time.Now().After(deadline) {
			t.Fatal("the second question never joined the queue")
		}
		time.Sleep(time.Millisecond)
	}
	var extra []discordtest.Interaction
	for range 3 {
		extra = append(extra, h.fake.SlashCommand("ask", q, alice))
	}
	for _, in := range extra {
		if cb, _ := h.callback(n, in); callbackType(cb) != 5 {
			t.Errorf("a question beyond the queue got %s, want a deferred reply", cb.Raw)
		}
		if edit, _ := h.original(n, in); content(edit.Body) != busyText {
			t.Errorf("a question beyond the queue got %q, want the busy reply", content(edit.Body))
		}
	}
	close(release)
	for _, in := range []discordtest.Interaction{running, queued} {
		if edit, _ := h.original(n, in); !strings.Contains(content(edit.Body), "Liang Hua") {
			t.Errorf("a question within the queue got %q", content(edit.Body))
		}
	}
}
