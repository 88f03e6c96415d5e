package summarize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeLLM is a loopback OpenAI-compatible server: it speaks the real wire
// format of POST /v1/chat/completions, SSE streaming included, and records
// every request it receives.
type fakeLLM struct {
	URL string // base URL, ending in /v1

	mu    sync.Mutex
	reqs  []gotRequest
	reply func(w http.ResponseWriter, r *http.Request)
}

// gotRequest is what the server saw of one request.
type gotRequest struct {
	Path    string
	Auth    string
	HasAuth bool
	Body    wireRequest
}

// wireRequest is the JSON body of a chat completion request, decoded
// independently of go-openai's types.
type wireRequest struct {
	Model               string   `json:"model"`
	Stream              bool     `json:"stream"`
	MaxTokens           int      `json:"max_tokens"`
	MaxCompletionTokens int      `json:"max_completion_tokens"`
	Temperature         *float64 `json:"temperature"`
	Messages            []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

// newFakeLLM starts a server whose replies come from reply.
func newFakeLLM(t *testing.T, reply func(w http.ResponseWriter, r *http.Request)) *fakeLLM {
	t.Helper()
	f := &fakeLLM{reply: reply}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body wireRequest
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &body); err != nil {
			http.Error(w, `{"error":{"message":"bad json","type":"invalid_request_error"}}`, http.StatusBadRequest)
			return
		}
		auth, has := r.Header["Authorization"]
		got := gotRequest{Path: r.URL.Path, HasAuth: has, Body: body}
		if has {
			got.Auth = auth[0]
		}
		f.mu.Lock()
		f.reqs = append(f.reqs, got)
		f.mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
			return
		}
		f.reply(w, r)
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL + "/v1"
	return f
}

// requests returns the requests received so far.
func (f *fakeLLM) requests() []gotRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]gotRequest(nil), f.reqs...)
}

// streamOpts shapes a streamed reply.
type streamOpts struct {
	abortAfter int  // close the connection after this many content chunks (0 = never)
	stallAfter int  // stop sending after this many content chunks until the client gives up (0 = never)
	noEnd      bool // end the body after the content without a finish chunk or [DONE]
	noFinish   bool // end with [DONE] but no finish_reason chunk
}

// streamReply answers with the chunks as an SSE chat completion stream, the
// way OpenAI and Ollama do: a role chunk, one chunk per piece of content, a
// chunk with finish_reason "stop", then "data: [DONE]".
func streamReply(o streamOpts, pieces ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusOK)
		flusher := w.(http.Flusher)
		send := func(delta map[string]string, finish any) {
			chunk := map[string]any{
				"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1717000000, "model": "test-model",
				"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
			}
			b, _ := json.Marshal(chunk)
			fmt.Fprintf(w, "data: %s\n\n", b)
			flusher.Flush()
		}
		send(map[string]string{"role": "assistant", "content": ""}, nil)
		for i, p := range pieces {
			if o.abortAfter > 0 && i == o.abortAfter {
				panic(http.ErrAbortHandler) // drops the connection mid-stream
			}
			if o.stallAfter > 0 && i == o.stallAfter {
				select {
				case <-r.Context().Done():
				case <-time.After(stallFor):
				}
				return
			}
			send(map[string]string{"content": p}, nil)
		}
		if o.noEnd {
			return
		}
		if !o.noFinish {
			send(map[string]string{}, "stop")
		}
		fmt.Fprint(w, "data: [DONE]\n\n")
		flusher.Flush()
	}
}

// errorReply answers with an HTTP error in OpenAI's JSON error format.
func errorReply(status int, message string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": message, "type": "api_error", "code": nil}})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(b)
	}
}

// stallFor bounds how long a stalling fake server waits for the client to
// give up: far beyond every timeout under test, so that only a client that
// never gives up sees it.
const stallFor = time.Minute

// stallReply sends nothing until the client gives up (bounded).
func stallReply(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(stallFor):
	}
}

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newSummarizer returns a Summarizer for f with a debug logger into logs.
func newSummarizer(t *testing.T, f *fakeLLM, key string, logs *logBuffer, timeout time.Duration) *Summarizer {
	t.Helper()
	if logs == nil {
		logs = new(logBuffer)
	}
	s, err := New(Options{
		BaseURL: f.URL, APIKey: key, Model: "test-model", Timeout: timeout,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// deltas records what onDelta received.
type deltas struct {
	mu   sync.Mutex
	seen []string
}

func (d *deltas) add(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seen = append(d.seen, s)
}

func (d *deltas) all() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.seen...)
}

func (d *deltas) joined() string { return strings.Join(d.all(), "\n") }

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
