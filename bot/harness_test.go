package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/seeds"
)

// People who talk to the bot in the tests.
var (
	alice = discordtest.Member{UserID: "700000000000000001", Name: "alice"}
	admin = discordtest.Member{UserID: "700000000000000002", Name: "root", Permissions: 8}
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a bot running against a fake Discord.
type harness struct {
	t      testing.TB
	fake   *discordtest.Server
	bot    *Bot
	engine *retrieval.Engine
	logs   *syncBuffer
}

var (
	seedOnce   sync.Once
	seedEngine *retrieval.Engine
	seedErr    error
)

// seedsEngine is one engine over the embedded seeds, shared by the tests
// that do not reindex.
func seedsEngine(t testing.TB) *retrieval.Engine {
	t.Helper()
	seedOnce.Do(func() {
		seedEngine, _, seedErr = retrieval.Open(context.Background(), retrieval.Options{Logger: slog.New(slog.DiscardHandler)}, nil)
	})
	if seedErr != nil {
		t.Fatalf("open seeds engine: %v", seedErr)
	}
	return seedEngine
}

// dirEngine opens an engine over a corpus directory holding files.
func dirEngine(t *testing.T, files map[string]string) (*retrieval.Engine, string) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eng, _, err := retrieval.Open(context.Background(), retrieval.Options{Corpus: dir, Logger: slog.New(slog.DiscardHandler)}, nil)
	if err != nil {
		t.Fatalf("open engine on %s: %v", dir, err)
	}
	return eng, dir
}

// seedFile returns the text of an embedded seed article.
func seedFile(t *testing.T, id string) string {
	t.Helper()
	b, err := seeds.FS.ReadFile(id + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// start runs a bot on eng (nil = the seeds) against a fresh fake Discord,
// waits until it has registered its commands, and stops it when the test
// ends, checking every payload it sent against Discord's limits and for
// allowed mentions.
// withOpts and withBot, when not nil, adjust the options and the bot
// before it runs.
func start(t testing.TB, eng *retrieval.Engine, withOpts func(*Options), withBot func(*Bot)) *harness {
	t.Helper()
	h := launch(t, discordtest.New(t), eng, withOpts, withBot)
	h.fake.WaitCall(0, "command registration", discordtest.Succeeded(discordtest.Is("PUT", "/commands")))
	return h
}

// launch is start against fake, without waiting for the command
// registration.
func launch(t testing.TB, fake *discordtest.Server, eng *retrieval.Engine, withOpts func(*Options), withBot func(*Bot)) *harness {
	t.Helper()
	if eng == nil {
		eng = seedsEngine(t)
	}
	logs := &syncBuffer{}
	opts := Options{
		Token: "test-token", APIURL: fake.URL, Engine: eng,
		GuildIDs: []string{discordtest.GuildID},
		Logger:   slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if withOpts != nil {
		withOpts(&opts)
	}
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if withBot != nil {
		withBot(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	h := &harness{t: t, fake: fake, bot: b, engine: eng, logs: logs}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(time.Minute):
			t.Error("Run did not return within a minute of cancel")
		}
		h.checkAllPayloads()
		if strings.Contains(logs.String(), "test-token") {
			t.Error("the token appears in the logs")
		}
		if t.Failed() {
			t.Logf("bot logs:\n%s", logs.String())
		}
	})
	return h
}

// checkAllPayloads asserts, on every message the bot sent, edited or
// responded with, that mentions are disabled and Discord's limits hold.
func (h *harness) checkAllPayloads() {
	t := h.t
	for _, c := range h.fake.Calls() {
		msg := messageOf(c)
		if msg == nil {
			continue
		}
		am, ok := msg["allowed_mentions"].(map[string]any)
		if !ok {
			t.Errorf("%s %s: no allowed_mentions in %s", c.Method, c.Path, c.Raw)
			continue
		}
		if p, ok := am["parse"].([]any); !ok || len(p) != 0 {
			t.Errorf("%s %s: allowed_mentions.parse = %v, want []", c.Method, c.Path, am["parse"])
		}
		for _, problem := range limitProblems(msg) {
			t.Errorf("%s %s: %s", c.Method, c.Path, problem)
		}
		for _, problem := range linkProblems(msg) {
			t.Errorf("%s %s: %s", c.Method, c.Path, problem)
		}
	}
}

// messageOf returns the message object a REST call carries: the body of a
// message send or edit, or the data of an interaction callback.
func messageOf(c discordtest.Call) map[string]any {
	switch {
	case c.Body == nil:
		return nil
	case strings.HasSuffix(c.Path, "/callback"):
		if t, _ := c.Body["type"].(float64); t == 8 {
			return nil // autocomplete choices, no message
		}
		d, _ := c.Body["data"].(map[string]any)
		return d
	case strings.Contains(c.Path, "/webhooks/") || (strings.Contains(c.Path, "/messages") && !strings.HasSuffix(c.Path, "/threads")):
		return c.Body
	}
	return nil
}

// limitProblems lists the Discord limits msg breaks.
func limitProblems(msg map[string]any) []string {
	var out []string
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	if n := length(str(msg, "content")); n > maxContent {
		out = append(out, "content has "+itoa(n)+" characters")
	}
	embeds, _ := msg["embeds"].([]any)
	if len(embeds) > maxEmbeds {
		out = append(out, itoa(len(embeds))+" embeds")
	}
	total := 0
	for _, e := range embeds {
		em, _ := e.(map[string]any)
		title, desc := length(str(em, "title")), length(str(em, "description"))
		if title > maxEmbedTitle {
			out = append(out, "embed title has "+itoa(title))
		}
		if desc > maxEmbedDesc {
			out = append(out, "embed description has "+itoa(desc))
		}
		total += title + desc
		if f, ok := em["footer"].(map[string]any); ok {
			total += length(str(f, "text"))
		}
		fields, _ := em["fields"].([]any)
		for _, f := range fields {
			fm, _ := f.(map[string]any)
			if v := length(str(fm, "value")); v > maxFieldValue {
				out = append(out, "field value has "+itoa(v))
			}
			total += length(str(fm, "name")) + length(str(fm, "value"))
		}
	}
	if total > maxEmbedTotal {
		out = append(out, "embeds total "+itoa(total)+" characters")
	}
	return out
}

// maskedLinkRe matches a Markdown masked link [text](target) much as
// Discord's parser reads one.
var maskedLinkRe = regexp.MustCompile(`\[((?:\[[^\]]*\]|[^\[\]])*)\]\(\s*<?((?:\([^)]*\)|[^\s\\])*?)>?\s*\)`)

// maskedLinks returns the masked links of the Markdown texts of msg (its
// content, embed descriptions and field values) as text and target pairs.
func maskedLinks(msg map[string]any) [][2]string {
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	texts := []string{str(msg, "content")}
	for _, e := range embedsOf(msg) {
		texts = append(texts, str(e, "description"))
		fields, _ := e["fields"].([]any)
		for _, f := range fields {
			fm, _ := f.(map[string]any)
			texts = append(texts, str(fm, "value"))
		}
	}
	var out [][2]string
	for _, text := range texts {
		for _, m := range maskedLinkRe.FindAllStringSubmatch(text, -1) {
			out = append(out, [2]string{m[1], m[2]})
		}
	}
	return out
}

// linkProblems lists the masked links of msg that the bot could not have
// built: every link's target is an http(s) URL as linkURL makes it, and
// its text does not look like a web address.
func linkProblems(msg map[string]any) []string {
	var out []string
	for _, l := range maskedLinks(msg) {
		if href, ok := linkURL(l[1]); !ok || href != l[1] {
			out = append(out, fmt.Sprintf("link [%s](%s) has a target the bot did not build", l[0], l[1]))
		}
		if looksLikeURL(l[0]) {
			out = append(out, fmt.Sprintf("link [%s](%s) has a web address as its text", l[0], l[1]))
		}
	}
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// embedsOf returns the embeds of a message object.
func embedsOf(msg map[string]any) []map[string]any {
	var out []map[string]any
	list, _ := msg["embeds"].([]any)
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// excerptOf undoes the block quote and any trimming ellipsis of an embed
// description, giving back the article text it quotes.
func excerptOf(desc string) string {
	lines := strings.Split(desc, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(strings.TrimPrefix(l, "> "), ">")
	}
	return strings.TrimSuffix(strings.Join(lines, "\n"), ellipsis)
}

// interactionCallback waits for the callback of in and returns it.
func (h *harness) callback(after int, in discordtest.Interaction) (discordtest.Call, int) {
	h.t.Helper()
	return h.fake.WaitCall(after, "callback of "+in.ID, discordtest.Is("POST", "/interactions/"+in.ID+"/"+in.Token+"/callback"))
}

// original waits for a successful edit of in's @original response.
func (h *harness) original(after int, in discordtest.Interaction) (discordtest.Call, int) {
	h.t.Helper()
	return h.fake.WaitCall(after, "@original edit of "+in.ID, discordtest.Succeeded(discordtest.Is("PATCH", "/webhooks/"+discordtest.AppID+"/"+in.Token+"/messages/@original")))
}

// content is the content of a message object.
func content(msg map[string]any) string { s, _ := msg["content"].(string); return s }

// flags is the flags of a message object.
func flags(msg map[string]any) int { f, _ := msg["flags"].(float64); return int(f) }

// waitFor polls cond every few milliseconds, failing the test after a
// minute: long enough for a busy machine, short enough for a stuck test.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
