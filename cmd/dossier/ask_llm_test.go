package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// noSpyQuestion is answered from the NPR seed article.
const noSpyQuestion = "Would Huawei sign a no-spy agreement with the United States?"

// fakeLLM starts a loopback OpenAI-compatible server and points the LLM_*
// variables at it. reply answers POST /v1/chat/completions; the server
// counts the calls.
func fakeLLM(t *testing.T, reply http.HandlerFunc) *atomic.Int32 {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
			return
		}
		calls.Add(1)
		reply(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("LLM_BASE_URL", srv.URL+"/v1")
	t.Setenv("LLM_MODEL", "test-model")
	t.Setenv("LLM_API_KEY", "")
	t.Setenv("LLM_TIMEOUT", "5s")
	return &calls
}

// sse streams pieces as an OpenAI chat completion: a role chunk, one chunk
// per piece, a finish chunk, then [DONE].
func sse(pieces ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Stream bool `json:"stream"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !req.Stream {
			http.Error(w, `{"error":{"message":"want a streamed request"}}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		send := func(delta map[string]string, finish any) {
			b, _ := json.Marshal(map[string]any{
				"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1717000000, "model": "test-model",
				"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
			})
			fmt.Fprintf(w, "data: %s\n\n", b)
			f.Flush()
		}
		send(map[string]string{"role": "assistant", "content": ""}, nil)
		for _, p := range pieces {
			send(map[string]string{"content": p}, nil)
		}
		send(map[string]string{}, "stop")
		fmt.Fprint(w, "data: [DONE]\n\n")
		f.Flush()
	}
}

func TestAskLLMStreamsACheckedAnswer(t *testing.T) {
	calls := fakeLLM(t, sse("Huawei's chairman said ", "the company is willing to sign ", "no-spy agreements with countries [1", "]. ", "He doubted the U.S. would buy from Huawei [2]."))
	var rec writeRecorder
	var errb strings.Builder
	code := run(context.Background(), []string{"ask", "--llm", noSpyQuestion}, strings.NewReader(""), &rec, &errb)
	out, errOut := rec.String(), errb.String()
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Streamed: the first checked sentence once the next begins, then the
	// rest of the checked answer.
	if len(rec.writes) < 2 || rec.writes[0] != "Huawei's chairman said the company is willing to sign no-spy agreements with countries [1]." {
		t.Errorf("answer not streamed sentence by sentence: %q", rec.writes)
	}
	if calls.Load() != 1 {
		t.Errorf("the model was called %d times, want once", calls.Load())
	}
	want := "Huawei's chairman said the company is willing to sign no-spy agreements with countries [1]. He doubted the U.S. would buy from Huawei [2].\n\n[1] Huawei Chairman Willing To Sign"
	if !strings.HasPrefix(out, want) {
		t.Errorf("output does not start with the streamed answer and its citations:\n%s", out)
	}
	if strings.Contains(out, "---") || strings.Contains(errOut, "extractive") {
		t.Errorf("a clean answer printed a separator or a fallback note:\nstdout: %s\nstderr: %s", out, errOut)
	}
	if !strings.Contains(out, "    > ") {
		t.Errorf("citations lack their verbatim excerpts:\n%s", out)
	}
}

// writeRecorder keeps each write separately.
type writeRecorder struct{ writes []string }

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

func (w *writeRecorder) String() string { return strings.Join(w.writes, "") }

func TestAskLLMPrintsOnlyTheCheckedAnswerWhenChecksRemoveText(t *testing.T) {
	// [9] cites nothing, and the second sentence is left without a marker.
	fakeLLM(t, sse("Huawei is willing to sign no-spy agreements [1][9]. ", "It has 900 engineers [9]. ", "It would sign [1]."))
	code, out, errOut := runCLI(t, "", "ask", "--llm", noSpyQuestion)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "Huawei is willing to sign no-spy agreements [1]. It would sign [1].\n\n[1] ") ||
		strings.Contains(out, "900") || strings.Contains(out, "[9]") || strings.Contains(out, checkedSeparator) {
		t.Errorf("checked answer:\n%s", out)
	}
}

func TestAskLLMServerErrorFallsBack(t *testing.T) {
	fakeLLM(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"error":{"message":"boom","type":"server_error"}}`)
	})
	_, extractive, _ := runCLI(t, "", "ask", noSpyQuestion)
	code, out, errOut := runCLI(t, "", "ask", "--llm", noSpyQuestion)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out != extractive {
		t.Errorf("fallback output differs from the extractive answer:\n%s\n--- want ---\n%s", out, extractive)
	}
	if !strings.Contains(errOut, "The summarizer failed; showing the extractive answer.") {
		t.Errorf("stderr lacks the note: %s", errOut)
	}

	code, out, errOut = runCLI(t, "", "ask", "--llm", "--json", noSpyQuestion)
	var got map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("exit %d, not one JSON object: %s %s", code, out, errOut)
	}
	if got["note"] != "The summarizer failed; showing the extractive answer." || got["found"] != true || len(got["citations"].([]any)) == 0 {
		t.Errorf("--json fallback = %s", out)
	}
}

func TestAskLLMJSONIsTheFinalAnswer(t *testing.T) {
	fakeLLM(t, sse("Huawei is willing to sign no-spy agreements [1]."))
	code, out, errOut := runCLI(t, "", "ask", "--llm", "--json", noSpyQuestion)
	var got map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("exit %d, not one JSON object: %s %s", code, out, errOut)
	}
	if got["answer"] != "Huawei is willing to sign no-spy agreements [1]." {
		t.Errorf("answer = %q", got["answer"])
	}
	if _, ok := got["note"]; ok {
		t.Errorf("a successful summary has a note: %s", out)
	}
}

func TestAskLLMWithoutConfig(t *testing.T) {
	t.Setenv("LLM_BASE_URL", "")
	_, extractive, _ := runCLI(t, "", "ask", noSpyQuestion)
	code, out, errOut := runCLI(t, "", "ask", "--llm", noSpyQuestion)
	if code != 0 || out != extractive {
		t.Errorf("exit %d; without a model the output should be the extractive answer:\n%s", code, out)
	}
	if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "LLM_BASE_URL") {
		t.Errorf("want a one-line note naming LLM_BASE_URL, got %q", errOut)
	}
}
