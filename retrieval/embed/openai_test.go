package embed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testKey = "sk-test-0123456789abcdef"

// embeddingsServer speaks the OpenAI embeddings wire format. Each text's
// vector is (len(text), number of 'a's, 1), not normalised, and the data
// items come back shuffled with their indexes, as a server may send them.
type embeddingsServer struct {
	mu      sync.Mutex
	batches []int // input count per successful request
	calls   atomic.Int32
	fail    func(call int32, w http.ResponseWriter, r *http.Request) bool // write an error and return true
}

func (s *embeddingsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	call := s.calls.Add(1)
	// Read the whole body first: only then does the server notice a
	// client that hangs up (r.Context is cancelled).
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+testKey {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		return
	}
	if s.fail != nil && s.fail(call, w, r) {
		return
	}
	var req struct {
		Input []string `json:"input"`
		Model string   `json:"model"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Model != "nomic-embed-text" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	type item struct {
		Object    string    `json:"object"`
		Embedding []float32 `json:"embedding"`
		Index     int       `json:"index"`
	}
	data := make([]item, len(req.Input))
	for i, t := range req.Input {
		data[i] = item{"embedding", []float32{float32(len(t)), float32(strings.Count(t, "a")), 1}, i}
	}
	rand.Shuffle(len(data), func(i, j int) { data[i], data[j] = data[j], data[i] })
	s.mu.Lock()
	s.batches = append(s.batches, len(req.Input))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": 7, "total_tokens": 7},
	})
}

func newTestOpenAI(t *testing.T, srv *embeddingsServer, key string, opts ...OpenAIOption) *OpenAI {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	o, err := NewOpenAI(ts.URL+"/v1", key, "nomic-embed-text", opts...)
	if err != nil {
		t.Fatal(err)
	}
	o.cfg.backoff = time.Millisecond
	return o
}

func TestOpenAIBatchesAndNormalises(t *testing.T) {
	srv := &embeddingsServer{}
	o := newTestOpenAI(t, srv, testKey, WithBatchSize(128), WithConcurrency(2))
	if o.Dim() != 0 {
		t.Fatalf("Dim before first call = %d, want 0", o.Dim())
	}
	if o.Name() != "openai-compat:nomic-embed-text" {
		t.Fatalf("Name() = %q", o.Name())
	}
	texts := make([]string, 300)
	for i := range texts {
		texts[i] = strings.Repeat("a", i%7) + strings.Repeat("b", i)
	}
	texts[0] = "" // sent as " "
	vs := embedAll(t, o, texts...)
	if o.Dim() != 3 {
		t.Errorf("Dim after call = %d, want 3", o.Dim())
	}
	for i, v := range vs {
		if n := vnorm(v); math.Abs(n-1) > 1e-6 {
			t.Fatalf("vector %d has norm %v", i, n)
		}
		l, a := float64(len(texts[i])), float64(strings.Count(texts[i], "a"))
		if texts[i] == "" {
			l = 1
		}
		want := []float64{l, a, 1}
		wn := math.Sqrt(l*l + a*a + 1)
		for j := range want {
			if math.Abs(float64(v[j])-want[j]/wn) > 1e-6 {
				t.Fatalf("vector %d = %v, want %v/%v (order lost?)", i, v, want, wn)
			}
		}
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	total := 0
	for _, b := range srv.batches {
		if b > 128 {
			t.Errorf("a request carried %d inputs, batch size is 128", b)
		}
		total += b
	}
	if len(srv.batches) != 3 || total != 300 {
		t.Errorf("requests %v, want 3 covering 300 texts", srv.batches)
	}
}

func TestOpenAIUnauthorizedNeverLeaksKey(t *testing.T) {
	srv := &embeddingsServer{}
	const wrongKey = "sk-wrong-secret-987654321"
	o := newTestOpenAI(t, srv, wrongKey)
	_, err := o.Embed(context.Background(), []string{"hello"})
	if err == nil {
		t.Fatal("Embed with a wrong key succeeded")
	}
	var se *ServerError
	if !errors.As(err, &se) || se.StatusCode != http.StatusUnauthorized {
		t.Fatalf("error %v, want a ServerError with status 401", err)
	}
	if strings.Contains(err.Error(), wrongKey) || strings.Contains(fmt.Sprintf("%+v", err), wrongKey) {
		t.Fatalf("error leaks the API key: %v", err)
	}
	if !strings.Contains(err.Error(), "Incorrect API key") || !strings.Contains(err.Error(), "nomic-embed-text") {
		t.Errorf("error %q should carry the server's message and the model", err)
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("401 was requested %d times, want 1 (no retry)", n)
	}
}

func TestOpenAIServerErrors(t *testing.T) {
	t.Run("persistent 500 fails after retries", func(t *testing.T) {
		srv := &embeddingsServer{fail: func(_ int32, w http.ResponseWriter, r *http.Request) bool {
			http.Error(w, "model crashed: "+testKey, http.StatusInternalServerError)
			return true
		}}
		o := newTestOpenAI(t, srv, testKey, WithRetries(2))
		_, err := o.Embed(context.Background(), []string{"x"})
		var se *ServerError
		if !errors.As(err, &se) || se.StatusCode != 500 {
			t.Fatalf("error %v, want a ServerError with status 500", err)
		}
		if strings.Contains(err.Error(), testKey) {
			t.Fatalf("error leaks the API key: %v", err)
		}
		if n := srv.calls.Load(); n != 3 {
			t.Errorf("made %d requests, want 3 (1 + 2 retries)", n)
		}
	})
	t.Run("transient 500 is retried", func(t *testing.T) {
		srv := &embeddingsServer{fail: func(call int32, w http.ResponseWriter, r *http.Request) bool {
			if call == 1 {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(`{"error":{"message":"overloaded","type":"server_error"}}`))
				return true
			}
			return false
		}}
		o := newTestOpenAI(t, srv, testKey)
		vs := embedAll(t, o, "abc")
		if len(vs[0]) != 3 {
			t.Fatalf("got %v", vs)
		}
	})
	t.Run("wrong count is not retried", func(t *testing.T) {
		srv := &embeddingsServer{fail: func(_ int32, w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"object":"list","data":[],"model":"m"}`))
			return true
		}}
		o := newTestOpenAI(t, srv, testKey)
		if _, err := o.Embed(context.Background(), []string{"x"}); err == nil || !strings.Contains(err.Error(), "0 embeddings for 1") {
			t.Fatalf("error %v, want a count mismatch", err)
		}
		if n := srv.calls.Load(); n != 1 {
			t.Errorf("made %d requests, want 1", n)
		}
	})
}

func TestOpenAITimeoutAndCancel(t *testing.T) {
	srv := &embeddingsServer{fail: func(_ int32, w http.ResponseWriter, r *http.Request) bool {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute): // far beyond the timeouts under test
		}
		return true
	}}
	o := newTestOpenAI(t, srv, testKey, WithTimeout(50*time.Millisecond), WithRetries(0))
	start := time.Now()
	_, err := o.Embed(context.Background(), []string{"x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("timed out after %v, want about 50ms: the server's stall, not the timeout, ended it", d)
	}

	o2 := newTestOpenAI(t, srv, testKey)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := o2.Embed(ctx, []string{"x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the caller's deadline", err)
	}
}

func TestNewOpenAIBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                           DefaultOpenAIBaseURL,
		"http://localhost:11434":     "http://localhost:11434/v1",
		"http://localhost:11434/v1/": "http://localhost:11434/v1",
		"http://127.0.0.1:8080/v1":   "http://127.0.0.1:8080/v1",
	} {
		o, err := NewOpenAI(in, "", "m")
		if err != nil {
			t.Fatalf("NewOpenAI(%q): %v", in, err)
		}
		if o.baseURL != want {
			t.Errorf("NewOpenAI(%q) base %q, want %q", in, o.baseURL, want)
		}
	}
	for _, bad := range []string{"localhost:11434", "ftp://x/v1", "http://"} {
		if _, err := NewOpenAI(bad, "", "m"); err == nil {
			t.Errorf("NewOpenAI(%q) accepted a bad URL", bad)
		}
	}
	if _, err := NewOpenAI("", "", ""); err == nil {
		t.Error("NewOpenAI accepted an empty model")
	}
}

// A key in the base URL's query string or user information never shows in
// an error: the server unreachable, the error names it redacted.
func TestOpenAIErrorsRedactURLSecrets(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	host := ts.URL[len("http://"):]
	ts.Close() // nothing listens there now
	const secret = "URL-SECRET-42"
	o, err := NewOpenAI("http://user:"+secret+"@"+host+"/v1?key="+secret, "", "nomic-embed-text", WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = o.Embed(context.Background(), []string{"hello"})
	if err == nil {
		t.Fatal("Embed reached a closed server")
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatalf("error leaks the URL's secret: %v", err)
	}
	if !strings.Contains(err.Error(), host) {
		t.Errorf("error %q does not name the server", err)
	}
	if _, err := NewOpenAI("ftp://"+secret+"@h/?k="+secret, "", "m"); err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("bad base URL: %v", err)
	}
}
