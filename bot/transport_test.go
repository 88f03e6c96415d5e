package bot

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAPIClientRewritesSchemeAndHostOnly(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		io.WriteString(w, "{}")
	}))
	defer srv.Close()
	client, err := NewAPIClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Get("https://discord.com/api/v9/channels/1/messages?limit=5")
	if err != nil {
		t.Fatalf("request through the rewrite: %v", err)
	}
	resp.Body.Close()
	if got == nil || got.URL.Path != "/api/v9/channels/1/messages" || got.URL.RawQuery != "limit=5" {
		t.Errorf("proxy saw %v, want the same path and query", got.URL)
	}
	for _, bad := range []string{"", "discord.com", "ftp://x", "http://"} {
		if _, err := NewAPIClient(bad); err == nil {
			t.Errorf("NewAPIClient(%q) accepted", bad)
		}
	}
}

// A REST proxy that answers 429 forever gets the first try and three
// retries, each after the wait it asks for, then the 429 goes back to the
// caller; a retried POST carries its body again.
func TestAPIClientRetriesA429ABoundedNumberOfTimes(t *testing.T) {
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message": "You are being rate limited.", "retry_after": 0.02, "global": false}`)
	}))
	defer srv.Close()
	client, err := NewAPIClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, err := client.Post(srv.URL+"/api/v9/channels/1/messages", "application/json", strings.NewReader(`{"content":"hi"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), "retry_after") {
		t.Errorf("after the retries: %d %s, want the last 429 and its body", resp.StatusCode, body)
	}
	if len(bodies) != 1+rateLimitRetries {
		t.Errorf("%d requests, want %d", len(bodies), 1+rateLimitRetries)
	}
	for i, b := range bodies {
		if b != `{"content":"hi"}` {
			t.Errorf("request %d body %q", i+1, b)
		}
	}
	if took := time.Since(start); took < time.Duration(rateLimitRetries)*20*time.Millisecond || took > 900*time.Millisecond {
		t.Errorf("took %s: want the 20 ms retry_after per retry, not the 1 s Retry-After header", took)
	}
}

// A 429 asking for a wait longer than the bound, or a cancelled request,
// is not waited out.
func TestAPIClientDoesNotWaitOutLongRateLimits(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"retry_after": 3600}`)
	}))
	defer srv.Close()
	client, _ := NewAPIClient(srv.URL)
	resp, err := client.Get(srv.URL + "/api/v9/gateway")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || calls != 1 {
		t.Errorf("status %d after %d calls, want the 429 at once", resp.StatusCode, calls)
	}
}

// A request cancelled while it waits out a 429 returns at once.
func TestAPIClientStopsWaitingWhenCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"retry_after": 5}`)
	}))
	defer srv.Close()
	client, _ := NewAPIClient(srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v9/gateway", nil)
	start := time.Now()
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("status %d, want the cancellation", resp.StatusCode)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("returned after %s, want right after the cancellation", took)
	}
}
