package embed

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/dossier-bot/dossier/config"
)

// DefaultOpenAIBaseURL is used by NewOpenAI when baseURL is empty.
const DefaultOpenAIBaseURL = "https://api.openai.com/v1"

// OpenAI embeds text through an OpenAI-compatible embeddings endpoint
// (POST {baseURL}/embeddings): OpenAI itself, Ollama
// (http://localhost:11434/v1), llama.cpp's server, LiteLLM and the like.
// It is safe for concurrent use.
type OpenAI struct {
	client  *openai.Client
	baseURL string
	apiKey  string // only to redact it from errors
	model   string
	cfg     openaiConfig
	dim     atomic.Int64
}

type openaiConfig struct {
	batchSize   int
	timeout     time.Duration
	retries     int
	concurrency int
	httpClient  *http.Client
	backoff     time.Duration // first retry delay; doubles each retry
}

var _ Embedder = (*OpenAI)(nil)

// OpenAIOption configures NewOpenAI.
type OpenAIOption func(*openaiConfig)

// WithBatchSize sets how many texts go into one request (default 128).
func WithBatchSize(n int) OpenAIOption {
	return func(c *openaiConfig) {
		if n > 0 {
			c.batchSize = n
		}
	}
}

// WithTimeout bounds each request attempt (default 60 s); a retry gets a
// fresh timeout. The caller's context still bounds the whole call.
func WithTimeout(d time.Duration) OpenAIOption {
	return func(c *openaiConfig) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithRetries sets how often a request that failed with a network error,
// 429 or 5xx status is retried, with exponential backoff (default 2).
func WithRetries(n int) OpenAIOption {
	return func(c *openaiConfig) {
		if n >= 0 {
			c.retries = n
		}
	}
}

// WithConcurrency sets how many batch requests may be in flight at once
// (default 1).
func WithConcurrency(n int) OpenAIOption {
	return func(c *openaiConfig) {
		if n > 0 {
			c.concurrency = n
		}
	}
}

// WithHTTPClient sets the HTTP client (default: a client without its own
// timeout; WithTimeout bounds requests).
func WithHTTPClient(hc *http.Client) OpenAIOption {
	return func(c *openaiConfig) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// NewOpenAI returns an embedder that calls {baseURL}/embeddings with the
// given model. baseURL normally ends in /v1; a bare host
// ("http://localhost:11434") gets /v1 appended, and an empty baseURL means
// OpenAI. apiKey may be empty for local servers.
func NewOpenAI(baseURL, apiKey, model string, opts ...OpenAIOption) (*OpenAI, error) {
	if model == "" {
		return nil, errors.New("openai-compatible embedder: model is required")
	}
	if baseURL == "" {
		baseURL = DefaultOpenAIBaseURL
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("openai-compatible embedder: base URL %q is not an http(s) URL", config.RedactURL(baseURL))
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/v1"
	}
	baseURL = strings.TrimRight(u.String(), "/")

	cfg := openaiConfig{batchSize: 128, timeout: 60 * time.Second, retries: 2, concurrency: 1, httpClient: &http.Client{}, backoff: 500 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	oc := openai.DefaultConfig(apiKey)
	oc.BaseURL = baseURL
	oc.HTTPClient = cfg.httpClient
	return &OpenAI{
		client:  openai.NewClientWithConfig(oc),
		baseURL: baseURL,
		apiKey:  apiKey,
		model:   model,
		cfg:     cfg,
	}, nil
}

// Name is "openai-compat:" followed by the model name.
func (o *OpenAI) Name() string { return "openai-compat:" + o.model }

// Dim is the vector length, learned from the first successful response;
// 0 before it.
func (o *OpenAI) Dim() int { return int(o.dim.Load()) }

// Embed sends texts in batches and returns one L2-normalised vector per
// text. Empty texts are sent as a single space, which servers accept.
func (o *OpenAI) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	type span struct{ lo, hi int }
	var spans []span
	for lo := 0; lo < len(texts); lo += o.cfg.batchSize {
		spans = append(spans, span{lo, min(lo+o.cfg.batchSize, len(texts))})
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, o.cfg.concurrency)
	)
	for _, s := range spans {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			vs, err := o.embedBatch(ctx, texts[s.lo:s.hi])
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("embed texts %d-%d of %d: %w", s.lo, s.hi-1, len(texts), err)
				}
				mu.Unlock()
				cancel()
				return
			}
			copy(out[s.lo:s.hi], vs)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("embed: %w", ctx.Err())
	}
	return out, nil
}

// embedBatch embeds one batch, retrying transient failures.
func (o *OpenAI) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	input := make([]string, len(texts))
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			t = " "
		}
		input[i] = t
	}
	backoff := o.cfg.backoff
	for attempt := 0; ; attempt++ {
		vs, err := o.request(ctx, input)
		if err == nil || attempt >= o.cfg.retries || !retryable(err) || ctx.Err() != nil {
			return vs, err
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return nil, o.wrap(ctx.Err())
		}
		backoff *= 2
	}
}

func (o *OpenAI) request(ctx context.Context, input []string) ([][]float32, error) {
	rctx, cancel := context.WithTimeout(ctx, o.cfg.timeout)
	defer cancel()
	res, err := o.client.CreateEmbeddings(rctx, openai.EmbeddingRequestStrings{
		Input: input,
		Model: openai.EmbeddingModel(o.model),
	})
	if err != nil {
		return nil, o.wrap(err)
	}
	if len(res.Data) != len(input) {
		return nil, fmt.Errorf("%s: %w: %d embeddings for %d inputs", o.where(), errBadAnswer, len(res.Data), len(input))
	}
	// Servers that leave "index" out send all zeros: use the order then.
	byPosition := true
	for _, d := range res.Data {
		byPosition = byPosition && d.Index == 0
	}
	out := make([][]float32, len(input))
	for k, d := range res.Data {
		i := d.Index
		if byPosition {
			i = k
		}
		if i < 0 || i >= len(out) || out[i] != nil {
			return nil, fmt.Errorf("%s: %w: bad or repeated index %d", o.where(), errBadAnswer, d.Index)
		}
		v, err := normalized(d.Embedding)
		if err != nil {
			return nil, fmt.Errorf("%s: %w: input %d: %w", o.where(), errBadAnswer, i, err)
		}
		if !o.dim.CompareAndSwap(0, int64(len(v))) && int(o.dim.Load()) != len(v) {
			return nil, fmt.Errorf("%s: %w: embedding of length %d, earlier ones had %d", o.where(), errBadAnswer, len(v), o.dim.Load())
		}
		out[i] = v
	}
	return out, nil
}

// errBadAnswer marks a well-formed HTTP answer whose content is unusable;
// repeating the request would not help.
var errBadAnswer = errors.New("unusable answer")

func (o *OpenAI) where() string {
	return fmt.Sprintf("embeddings from %s (model %s)", config.RedactURL(o.baseURL), o.model)
}

// ServerError is an error status answered by the embeddings server.
type ServerError struct {
	StatusCode int
	Message    string // the server's message, with the API key redacted
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("server answered %d: %s", e.StatusCode, e.Message)
}

// wrap turns a go-openai or transport error into one that names the server
// and model but never contains the API key.
func (o *OpenAI) wrap(err error) error {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		err = &ServerError{StatusCode: apiErr.HTTPStatusCode, Message: o.redact(apiErr.Message)}
	case errors.As(err, &reqErr):
		msg := strings.TrimSpace(string(reqErr.Body))
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		if msg == "" {
			msg = reqErr.HTTPStatus
		}
		err = &ServerError{StatusCode: reqErr.HTTPStatusCode, Message: o.redact(msg)}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// Keep the context error matchable; its text holds no secret.
		return fmt.Errorf("%s: %w", o.where(), contextErr(err))
	case o.redact(err.Error()) != err.Error():
		// The text quotes the key or a URL's secrets: keep only the text.
		return fmt.Errorf("%s: %s", o.where(), o.redact(err.Error()))
	}
	return fmt.Errorf("%s: %w", o.where(), err)
}

func contextErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return context.Canceled
}

// redact removes the API key, and the user information and query values
// of any URL, from s.
func (o *OpenAI) redact(s string) string {
	s = config.RedactURLs(s)
	if o.apiKey == "" {
		return s
	}
	return strings.ReplaceAll(s, o.apiKey, "[redacted]")
}

// retryable reports whether a failed request may succeed when repeated:
// rate limits, server errors and network errors, not client errors or a
// cancelled context.
func retryable(err error) bool {
	var se *ServerError
	if errors.As(err, &se) {
		return se.StatusCode == http.StatusTooManyRequests || se.StatusCode >= 500
	}
	return !errors.Is(err, errBadAnswer) && !errors.Is(err, context.Canceled)
}

// normalized returns v scaled to unit length; a zero or non-finite vector
// is an error.
func normalized(v []float32) ([]float32, error) {
	if len(v) == 0 {
		return nil, errors.New("empty embedding")
	}
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	if ss == 0 || math.IsNaN(ss) || math.IsInf(ss, 0) {
		return nil, errors.New("zero or non-finite embedding")
	}
	inv := 1 / math.Sqrt(ss)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out, nil
}
