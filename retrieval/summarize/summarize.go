// Package summarize optionally rewrites dossier's extractive answers and
// timelines into a short synthesised text with a language model served
// through any OpenAI-compatible API: OpenAI, Ollama, llama.cpp's server,
// vLLM.
//
// The model sees only the retrieved excerpts, fenced as untrusted data, and
// must cite them as [n]. Its reply is checked before anyone sees it: markers
// that cite no excerpt are dropped, sentences left without a valid marker
// (or stating a number their excerpts do not contain) are removed, and
// Discord mentions are neutralised. When the reply fails these checks, or
// the server fails, times out or cuts the stream, the extractive answer is
// kept and a short note says why. Citations are never generated: they are
// always the retrieved ones, verbatim.
package summarize

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
	openai "github.com/sashabaranov/go-openai"
)

// Defaults for Options fields left zero.
const (
	DefaultTimeout     = 20 * time.Second
	DefaultMaxTokens   = 400
	DefaultTemperature = 0.2
)

// Options configures a Summarizer.
type Options struct {
	// BaseURL is the API root including the version path, for example
	// "https://api.openai.com/v1" or Ollama's "http://localhost:11434/v1".
	BaseURL string
	// APIKey is sent as "Authorization: Bearer <key>"; empty sends no
	// header (Ollama, llama.cpp). It never appears in errors or logs.
	APIKey string
	// Model is the model name, for example "gpt-4o-mini" or "llama3.1:8b".
	Model string
	// Timeout bounds a whole request, stream included; 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxTokens bounds the reply; 0 means DefaultMaxTokens.
	MaxTokens int
	// Temperature is the sampling temperature, 0 to 2; 0 means
	// DefaultTemperature (use a small value such as 0.01 for near-greedy).
	Temperature float32
	// HTTPClient makes the requests; nil means a plain http.Client.
	HTTPClient *http.Client
	// Logger receives a warning for every fallback; nil means slog.Default().
	Logger *slog.Logger
}

// String describes the options with the API key masked, so printing or
// logging Options never reveals it.
func (o Options) String() string {
	return fmt.Sprintf("{BaseURL:%s Model:%s APIKey:%s Timeout:%s MaxTokens:%d Temperature:%g}",
		displayHost(o.BaseURL), o.Model, maskKey(o.APIKey), o.Timeout, o.MaxTokens, o.Temperature)
}

// LogValue makes slog print Options with the API key masked.
func (o Options) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", displayHost(o.BaseURL)),
		slog.String("model", o.Model),
		slog.String("api_key", maskKey(o.APIKey)),
		slog.Duration("timeout", o.Timeout),
		slog.Int("max_tokens", o.MaxTokens),
		slog.Float64("temperature", float64(o.Temperature)),
	)
}

func maskKey(key string) string {
	if key == "" {
		return "(none)"
	}
	return "(set)"
}

// Summarizer rewrites answers with a language model. It is safe for
// concurrent use.
type Summarizer struct {
	opts   Options
	host   string // scheme://host of BaseURL, for logs and errors
	client *openai.Client
	log    *slog.Logger
}

// New returns a Summarizer for the server and model in opts. It checks the
// options but does not contact the server.
func New(opts Options) (*Summarizer, error) {
	base := strings.TrimRight(strings.TrimSpace(opts.BaseURL), "/")
	if base == "" {
		return nil, errors.New("summarizer: the base URL is empty (for Ollama use http://localhost:11434/v1)")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("summarizer: the base URL must be an http:// or https:// URL such as http://localhost:11434/v1, got %s", displayHost(base))
	}
	if strings.TrimSpace(opts.Model) == "" {
		return nil, errors.New("summarizer: the model name is empty")
	}
	if opts.Temperature < 0 || opts.Temperature > 2 {
		return nil, fmt.Errorf("summarizer: the temperature %g is outside 0 to 2", opts.Temperature)
	}
	if opts.Timeout < 0 || opts.MaxTokens < 0 {
		return nil, errors.New("summarizer: the timeout and max tokens must not be negative")
	}
	opts.BaseURL, opts.Model = base, strings.TrimSpace(opts.Model)
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxTokens == 0 {
		opts.MaxTokens = DefaultMaxTokens
	}
	if opts.Temperature == 0 {
		opts.Temperature = DefaultTemperature
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	cfg := openai.DefaultConfig(opts.APIKey)
	cfg.BaseURL = base
	cfg.HTTPClient = watchingDoer{client: opts.HTTPClient}
	return &Summarizer{
		opts:   opts,
		host:   displayHost(base),
		client: openai.NewClientWithConfig(cfg),
		log:    opts.Logger,
	}, nil
}

// Result is the outcome of Summarize.
type Result struct {
	// Answer is the answer to show: the synthesised one when UsedLLM, else
	// the extractive one unchanged. Its citations are always the retrieved ones.
	Answer retrieval.Answer
	// UsedLLM reports whether Answer.Text is the model's.
	UsedLLM bool
	// Note is a short user-facing line explaining a fallback, such as "The
	// summarizer timed out; showing the extractive answer."; empty otherwise.
	Note string
	// Dropped counts the invalid markers and unsupported sentences removed
	// from the model's reply.
	Dropped int
}

// Summarize rewrites an extractive answer into a concise synthesised one.
//
// onDelta, when not nil, receives the cumulative text so far (not just the
// new piece) each time the stream adds a sentence that passes the checks,
// for live display: only complete sentences with a valid citation marker
// and backed numbers, rewritten as the final text has them, mentions
// neutralised; an unverified sentence is never shown. It runs on the
// caller's goroutine: wrap it with Throttle to edit a message at most once
// a second. The live text is a prefix of the final one; still show
// Result.Answer when Summarize returns, which has the last sentence and
// is the extractive answer when the reply fails the checks as a whole.
//
// Summarize always returns a usable Result. An answer that was not found
// or has no citations is returned unchanged without contacting the server.
// On any failure, or when the reply fails the checks, Result holds the
// extractive answer unchanged and a Note, and the error (wrapping one of
// ErrTimeout, ErrUnauthorized, ErrServer, ... ) is returned for logging.
func (s *Summarizer) Summarize(ctx context.Context, ans retrieval.Answer, onDelta func(string)) (Result, error) {
	res := Result{Answer: ans}
	if !ans.Found || len(ans.Citations) == 0 {
		return res, nil
	}
	support := make(map[int]string, len(ans.Citations))
	for _, c := range ans.Citations {
		support[c.N] += sourceText(c.Title, dateText(c.Published), c.Part, c.Excerpt)
	}
	ck := newChecker(ans.Question, support)
	system, user := answerPrompt(ans)
	caveat := neutraliseMentions(ans.Caveat) // it may echo the question
	if caveat != "" && onDelta != nil {
		inner := onDelta
		onDelta = func(text string) { inner(caveat + " " + text) }
	}
	v, err := s.run(ctx, "answer", system, user, ck, onDelta)
	res.Dropped = v.Dropped()
	if err != nil {
		res.Note = noteFor(err, "showing the extractive answer")
		return res, err
	}
	res.Answer.Text = v.Text
	if caveat != "" {
		res.Answer.Text = caveat + " " + v.Text // the model is not asked to repeat it
	}
	res.UsedLLM = true
	return res, nil
}

// run generates, checks and logs one summary.
func (s *Summarizer) run(ctx context.Context, what, system, user string, ck checker, onDelta func(string)) (verdict, error) {
	start := time.Now()
	runCtx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	var live func(string)
	if onDelta != nil {
		shown := ""
		live = func(raw string) {
			if text := ck.display(raw); text != "" && text != shown {
				shown = text
				onDelta(text)
			}
		}
	}
	raw, err := s.generate(runCtx, system, user, live)
	if err != nil {
		err = s.classify(ctx, runCtx, err)
		s.log.Warn("summarizer failed; keeping the extractive "+what, "model", s.opts.Model, "server", s.host, "took", time.Since(start).Round(time.Millisecond), "err", err)
		return verdict{}, err
	}
	v, err := ck.check(raw)
	if err != nil {
		err = fmt.Errorf("summarize with model %q at %s: %w", s.opts.Model, s.host, err)
		s.log.Warn("summary rejected; keeping the extractive "+what, "model", s.opts.Model, "server", s.host, "took", time.Since(start).Round(time.Millisecond), "dropped", v.Dropped(), "err", err)
		return v, err
	}
	s.log.Debug("summarized "+what, "model", s.opts.Model, "server", s.host, "took", time.Since(start).Round(time.Millisecond), "sentences", v.Sentences, "dropped", v.Dropped())
	return v, nil
}

// sourceText joins the fields of one source that a sentence citing it may
// draw on.
func sourceText(parts ...string) string {
	return strings.Join(parts, "\n") + "\n"
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
