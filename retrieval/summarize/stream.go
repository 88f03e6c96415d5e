package summarize

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"

	openai "github.com/sashabaranov/go-openai"
)

// maxReplyBytes bounds the text accepted from one reply, whatever the
// server does with max_tokens.
const maxReplyBytes = 32 << 10

// generate streams one chat completion and returns its text. live, when
// not nil, receives the raw text so far after every chunk that adds some.
// A reply that ends without the server's end-of-stream signal is an
// ErrStreamCut, never a half answer.
func (s *Summarizer) generate(ctx context.Context, system, user string, live func(raw string)) (string, error) {
	state := new(streamState)
	ctx = context.WithValue(ctx, streamStateKey{}, state)
	stream, err := s.client.CreateChatCompletionStream(ctx, s.request(system, user))
	if err != nil {
		return "", err
	}
	defer stream.Close()

	var text strings.Builder
	finished := false
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("read stream after %d bytes: %w", text.Len(), err)
		}
		grew := false
		for _, choice := range chunk.Choices {
			if choice.Index != 0 {
				continue
			}
			if choice.Delta.Content != "" {
				text.WriteString(choice.Delta.Content)
				grew = true
			}
			if choice.FinishReason != "" {
				finished = true
			}
		}
		if text.Len() > maxReplyBytes {
			return "", fmt.Errorf("%w: reply longer than %d bytes", ErrServer, maxReplyBytes)
		}
		if grew && live != nil {
			live(text.String())
		}
	}
	if !finished && !state.done.Load() {
		return "", fmt.Errorf("%w: the stream ended after %d bytes without a finish signal", ErrStreamCut, text.Len())
	}
	return text.String(), nil
}

// request builds the chat request. Reasoning models (o1, o3, o4, gpt-5)
// refuse max_tokens and a temperature, so for them it sends
// max_completion_tokens instead and the default temperature.
func (s *Summarizer) request(system, user string) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model: s.opts.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		MaxTokens:   s.opts.MaxTokens,
		Temperature: s.opts.Temperature,
	}
	if openai.NewReasoningValidator().Validate(req) != nil {
		req.MaxTokens, req.MaxCompletionTokens, req.Temperature = 0, s.opts.MaxTokens, 0
	}
	return req
}

// streamState records, for one request, whether the server sent the
// "data: [DONE]" line that ends an OpenAI stream. go-openai reports a
// stream that simply stops as a normal end; this tells the two apart.
type streamState struct {
	done atomic.Bool
}

type streamStateKey struct{}

// doneLineRe matches the end-of-stream line of the OpenAI SSE format.
var doneLineRe = regexp.MustCompile(`(?m)^data:[ \t]*\[DONE\]`)

// watchingDoer is the HTTP client given to go-openai: it passes requests
// through and, for requests carrying a streamState, watches the response
// body for the end-of-stream line.
type watchingDoer struct {
	client *http.Client
}

func (d watchingDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.client.Do(req)
	if err != nil {
		return resp, err
	}
	if state, ok := req.Context().Value(streamStateKey{}).(*streamState); ok {
		resp.Body = &watchedBody{ReadCloser: resp.Body, state: state}
	}
	return resp, nil
}

// watchedBody sets state.done when "data: [DONE]" passes through it.
type watchedBody struct {
	io.ReadCloser
	state *streamState
	tail  []byte // the last bytes read, so a line split across reads is seen
}

func (w *watchedBody) Read(p []byte) (int, error) {
	n, err := w.ReadCloser.Read(p)
	if n > 0 && !w.state.done.Load() {
		buf := append(w.tail, p[:n]...)
		if doneLineRe.Match(buf) {
			w.state.done.Store(true)
		}
		const keep = 32
		if len(buf) > keep {
			buf = buf[len(buf)-keep:]
		}
		w.tail = append(w.tail[:0:0], buf...)
	}
	return n, err
}
