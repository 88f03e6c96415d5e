package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
)

// httpHarness is a bot answering HTTP interactions, its REST calls going
// to a fake Discord.
type httpHarness struct {
	*harness
	url    string // the interactions endpoint
	signer *discordtest.Signer
	client *http.Client
}

// startHTTP runs a bot with RunHTTP on loopback against a fresh fake
// Discord, waits until it has registered its commands, and stops it when
// the test ends, checking the payloads it sent by REST.
func startHTTP(t *testing.T, withBot func(*Bot)) *httpHarness {
	t.Helper()
	fake := discordtest.New(t)
	signer := discordtest.NewSigner(t)
	logs := &syncBuffer{}
	b, err := New(Options{
		Token: "test-token", APIURL: fake.URL, Engine: seedsEngine(t), AppID: discordtest.AppID,
		GuildIDs: []string{discordtest.GuildID}, PublicKey: signer.Public,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	if withBot != nil {
		withBot(b)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.RunHTTP(ctx, ln) }()
	h := &httpHarness{
		harness: &harness{t: t, fake: fake, bot: b, engine: b.engine, logs: logs},
		url:     "http://" + ln.Addr().String() + "/interactions",
		signer:  signer,
		client:  &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2000}, Timeout: time.Minute},
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("RunHTTP: %v", err)
			}
		case <-time.After(time.Minute):
			t.Error("RunHTTP did not return within a minute of cancel")
		}
		h.client.CloseIdleConnections()
		h.checkAllPayloads()
		if t.Failed() {
			t.Logf("bot logs:\n%s", logs.String())
		}
	})
	fake.WaitCall(0, "command registration", discordtest.Succeeded(discordtest.Is("PUT", "/commands")))
	return h
}

// post sends req and returns the status and body of the reply.
func (h *httpHarness) post(req *http.Request) (int, []byte) {
	h.t.Helper()
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("POST %s: %v", req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("read reply: %v", err)
	}
	return resp.StatusCode, body
}

// signed is a request of body signed now.
func (h *httpHarness) signed(body []byte) *http.Request {
	h.t.Helper()
	return h.signedAt(body, time.Now())
}

func (h *httpHarness) signedAt(body []byte, at time.Time) *http.Request {
	h.t.Helper()
	req, err := h.signer.Request(context.Background(), h.url, body, at)
	if err != nil {
		h.t.Fatal(err)
	}
	return req
}

// responseOf decodes an interaction response.
func responseOf(t testing.TB, body []byte) (typ int, data map[string]any) {
	t.Helper()
	var r struct {
		Type int            `json:"type"`
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("reply is not an interaction response: %v: %s", err, body)
	}
	return r.Type, r.Data
}

func TestHTTPPingGetsPong(t *testing.T) {
	t.Parallel()
	h := startHTTP(t, nil)
	status, body := h.post(h.signed(discordtest.PingPayload))
	if status != http.StatusOK || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Fatalf("PING: %d %s, want 200 {\"type\":1}", status, body)
	}
}

// A load balancer's health check gets a 200 without a signature; any
// other GET is still refused.
func TestHTTPHealthCheck(t *testing.T) {
	t.Parallel()
	h := startHTTP(t, nil)
	for path, want := range map[string]int{"/healthz": http.StatusOK, "/": http.StatusMethodNotAllowed} {
		resp, err := h.client.Get(strings.TrimSuffix(h.url, "/interactions") + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

// Only POSTs Discord signed, recently and once, are answered.
func TestHTTPRefusesUnsignedStaleReplayedAndOversizedRequests(t *testing.T) {
	t.Parallel()
	h := startHTTP(t, nil)
	ping := discordtest.PingPayload
	forger := discordtest.NewSigner(t)
	forged, err := forger.Request(context.Background(), h.url, ping, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	noSig := h.signed(ping)
	noSig.Header.Del("X-Signature-Ed25519")
	noTime := h.signed(ping)
	noTime.Header.Del("X-Signature-Timestamp")
	tampered := h.signed(ping)
	tampered.Body = io.NopCloser(bytes.NewReader(bytes.Replace(ping, []byte(`"type":1`), []byte(`"type":2`), 1)))

	for _, tc := range []struct {
		name string
		req  *http.Request
	}{
		{"forged signature", forged},
		{"missing signature", noSig},
		{"missing timestamp", noTime},
		{"tampered body", tampered},
		{"stale timestamp", h.signedAt(ping, time.Now().Add(-6*time.Minute))},
		{"future timestamp", h.signedAt(ping, time.Now().Add(6*time.Minute))},
	} {
		if status, body := h.post(tc.req); status != http.StatusUnauthorized {
			t.Errorf("%s: %d %s, want 401", tc.name, status, body)
		}
	}

	first := h.signed(ping)
	again := first.Clone(context.Background())
	again.Body = io.NopCloser(bytes.NewReader(ping))
	upper := first.Clone(context.Background())
	upper.Body = io.NopCloser(bytes.NewReader(ping))
	upper.Header.Set("X-Signature-Ed25519", strings.ToUpper(first.Header.Get("X-Signature-Ed25519")))
	if status, body := h.post(first); status != http.StatusOK {
		t.Fatalf("first PING: %d %s, want 200", status, body)
	}
	if status, _ := h.post(again); status != http.StatusUnauthorized {
		t.Errorf("replayed PING: %d, want 401", status)
	}
	if status, _ := h.post(upper); status != http.StatusUnauthorized {
		t.Errorf("replayed PING, signature in upper case: %d, want 401", status)
	}

	get, _ := http.NewRequest(http.MethodGet, h.url, nil)
	if status, _ := h.post(get); status != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d, want 405", status)
	}
	big := append([]byte(`{"type":1,"pad":"`), bytes.Repeat([]byte("x"), 2<<20)...)
	if status, _ := h.post(h.signed(append(big, `"}`...))); status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB body: %d, want 413", status)
	}
}

func TestHTTPAskDefersInTheReplyThenEditsOriginal(t *testing.T) {
	t.Parallel()
	h := startHTTP(t, nil)
	in, body := h.fake.SlashCommandPayload("ask", map[string]any{"question": "Would Huawei sign a no-spy agreement with the United States?"}, alice)
	sent := time.Now()
	status, reply := h.post(h.signed(body))
	took := time.Since(sent)
	if status != http.StatusOK {
		t.Fatalf("/ask: %d %s", status, reply)
	}
	if typ, data := responseOf(t, reply); typ != 5 {
		t.Fatalf("reply type %d, want 5 (deferred): %s", typ, reply)
	} else if am, _ := data["allowed_mentions"].(map[string]any); am == nil {
		t.Errorf("deferral without allowed_mentions: %s", reply)
	}
	if took > ackDeadline {
		t.Errorf("replied after %s, want within %s", took, ackDeadline)
	}
	if n := h.fake.Count(discordtest.Is("POST", "/callback")); n != 0 {
		t.Errorf("%d REST callbacks; the HTTP reply is the only response", n)
	}
	edit, _ := h.original(0, in)
	if !strings.Contains(content(edit.Body), "no-spy") || len(embedsOf(edit.Body)) == 0 {
		t.Errorf("@original edit is not the cited answer: %s", edit.Raw)
	}
}

// A handler that has not responded by firstReplyWait is deferred in the
// HTTP reply; its response, when it comes, edits the deferred reply.
func TestHTTPSlowHandlerIsDeferredThenEdits(t *testing.T) {
	t.Parallel()
	var b *Bot
	h := startHTTP(t, func(bb *Bot) { b = bb })
	for range cap(b.acking) { // every acknowledger busy
		b.acking <- struct{}{}
	}
	in, body := h.fake.SlashCommandPayload("sources", nil, alice)
	sent := time.Now()
	status, reply := h.post(h.signed(body))
	took := time.Since(sent)
	for range cap(b.acking) {
		<-b.acking
	}
	if typ, _ := responseOf(t, reply); status != http.StatusOK || typ != 5 {
		t.Fatalf("reply %d %s, want 200 and type 5", status, reply)
	}
	if took < firstReplyWait || took > ackDeadline {
		t.Errorf("deferred after %s, want between %s and %s", took, firstReplyWait, ackDeadline)
	}
	edit, _ := h.original(0, in)
	if len(embedsOf(edit.Body)) == 0 {
		t.Errorf("the late /sources response did not edit @original: %s", edit.Raw)
	}
}

// Every one of a burst of concurrent signed /ask interactions is answered
// in its HTTP reply within Discord's 3 seconds, then by an @original edit
// (an answer or the busy reply).
func TestHTTPBurstIsAnsweredInTime(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	h := startHTTP(t, nil)
	type result struct {
		took   time.Duration
		status int
		typ    int
	}
	reqs := make([]*http.Request, n)
	tokens := map[string]bool{}
	for i := range reqs {
		from := discordtest.Member{UserID: fmt.Sprint(720000000000000000 + i), Name: fmt.Sprint("user", i)}
		in, body := h.fake.SlashCommandPayload("ask", map[string]any{"question": seedQuestions[i%len(seedQuestions)]}, from)
		reqs[i], tokens[in.Token] = h.signed(body), true
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	for i, req := range reqs {
		wg.Go(func() {
			sent := time.Now()
			resp, err := h.client.Do(req)
			if err != nil {
				t.Errorf("interaction %d: %v", i, err)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			results[i] = result{took: time.Since(sent), status: resp.StatusCode}
			if resp.StatusCode == http.StatusOK {
				results[i].typ, _ = responseOf(t, body)
			}
		})
	}
	wg.Wait()
	var times []time.Duration
	late, busy := 0, 0
	for i, r := range results {
		if r.status != http.StatusOK || (r.typ != 5 && r.typ != 4) {
			t.Errorf("interaction %d: status %d type %d, want 200 and a deferral or message", i, r.status, r.typ)
		}
		if r.took > ackDeadline {
			late++
		}
		times = append(times, r.took)
	}
	slices.Sort(times)
	// Every interaction also gets its answer, or the busy reply, by REST.
	answered := map[string]bool{}
	waitFor(t, "every answer", func() bool {
		for _, c := range h.fake.Calls() {
			parts := strings.Split(c.Path, "/")
			if c.Method == "PATCH" && c.Status < 300 && len(parts) > 5 && tokens[parts[5]] {
				if !answered[parts[5]] && content(c.Body) == busyText {
					busy++
				}
				answered[parts[5]] = true
			}
		}
		return len(answered) == n
	})
	t.Logf("%d HTTP interactions: %d replied late (> %s), %d busy; HTTP reply p50 %.0f ms p99 %.0f ms max %.0f ms",
		n, late, ackDeadline, busy, pct(times, 50), pct(times, 99), pct(times, 100))
	if late > 0 {
		t.Errorf("%d of %d HTTP replies took longer than %s", late, n, ackDeadline)
	}
}
