package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
)

func init() {
	commands["ask"] = command{summary: "answer a question with numbered citations", run: runAsk}
}

func runAsk(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ask", `[--corpus PATH] [--index FILE] [--json] [--llm] [-k N] [--as-of DATE] "question" | -   (stdin: one question, or one {"question","as_of","since","until","k"} object, per line)`, stderr)
	var cf corpusFlags
	cf.register(fs)
	asJSON := fs.Bool("json", false, "print the answer as one JSON object")
	k := fs.Int("k", retrieval.DefaultK, "number of citations")
	asOf := fs.String("as-of", "", "ask as of this `date` (2022-06-16, or a month or year, meaning its last day): recent articles are judged from it (default: now)")
	llm := fs.Bool("llm", false, "rewrite the answer with the language model set by LLM_BASE_URL and LLM_MODEL, printed as it streams; the citations stay verbatim")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, `dossier ask: give one question in quotes, or - to read one question per line from stdin`)
		fs.Usage()
		return errUsage
	}
	if *k < 1 || *k > 20 {
		fmt.Fprintln(stderr, "dossier ask: -k must be between 1 and 20")
		return errUsage
	}
	asked := time.Now()
	if *asOf != "" {
		// As of a month or a year means as of its last day.
		if _, asked, err = retrieval.DateBound(*asOf); err != nil {
			fmt.Fprintf(stderr, "dossier ask: --as-of: %v\n", err)
			return errUsage
		}
	}
	question := pos[0]
	if question == "-" && *llm {
		fmt.Fprintln(stderr, "dossier ask: --llm answers one question, not - (stdin)")
		return errUsage
	}
	if question != "-" {
		if _, err := retrieval.CheckQuestion(question); err != nil {
			return err
		}
	}
	cfg, err := loadConfig("", false)
	if err != nil {
		return err
	}
	logger := newLogger(stderr)
	eng, _, err := openEngine(ctx, cfg, cf, stderr, logger)
	if err != nil {
		return err
	}
	opts := retrieval.AskOptions{K: *k, AsOf: asked}
	if question == "-" {
		return askBatch(ctx, eng, opts, stdin, stdout, stderr)
	}
	ans, err := eng.Ask(ctx, question, opts)
	if err != nil {
		return err
	}
	if *llm {
		return askLLM(ctx, cfg, ans, *asJSON, stdout, stderr, logger)
	}
	if *asJSON {
		return writeJSON(stdout, toJSON(ans))
	}
	fmt.Fprint(stdout, formatAnswer(ans))
	return nil
}

// maxBatchLine bounds one line of a batch, in bytes; a longer line gets
// an error object and the batch goes on.
const maxBatchLine = 64 << 10

// batchRequest is one JSON line of a batch: a question and its options.
// Dates are YYYY-MM-DD, YYYY-MM or YYYY; zero values mean the command's
// flags.
type batchRequest struct {
	Question string `json:"question"`
	AsOf     string `json:"as_of"`
	Since    string `json:"since"`
	Until    string `json:"until"`
	K        int    `json:"k"`
}

// askBatch answers one question per stdin line, one JSON object per line.
// A line is a plain question or a JSON object (batchRequest). A line that
// cannot be parsed, is too long, or asks a bad question gets a JSON error
// object naming its line number, and the batch goes on.
func askBatch(ctx context.Context, eng *retrieval.Engine, opts retrieval.AskOptions, stdin io.Reader, stdout, stderr io.Writer) error {
	r := bufio.NewReaderSize(stdin, 64*1024)
	for n := 1; ; n++ {
		line, tooLong, err := readLine(r, maxBatchLine)
		if err == io.EOF && line == "" && !tooLong {
			return nil
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("read questions: %w", err)
		}
		if out := answerLine(ctx, eng, opts, n, line, tooLong); out != nil {
			if err := writeJSON(stdout, out); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == io.EOF {
			return nil
		}
	}
}

// answerLine answers batch line n; nil for a blank line.
func answerLine(ctx context.Context, eng *retrieval.Engine, opts retrieval.AskOptions, n int, line string, tooLong bool) any {
	fail := func(question, msg string) any {
		return map[string]any{"line": n, "question": question, "error": msg}
	}
	if tooLong {
		return fail("", fmt.Sprintf("line is longer than %d bytes", maxBatchLine))
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	question := line
	if strings.HasPrefix(line, "{") {
		req, o, err := parseBatchRequest(line, opts)
		if err != nil {
			return fail("", err.Error())
		}
		question, opts = req.Question, o
	}
	ans, err := eng.Ask(ctx, question, opts)
	if err != nil {
		return fail(question, err.Error())
	}
	return toJSON(ans)
}

// parseBatchRequest reads a JSON batch line and applies its options over
// opts.
func parseBatchRequest(line string, opts retrieval.AskOptions) (batchRequest, retrieval.AskOptions, error) {
	var req batchRequest
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, opts, fmt.Errorf("not a question object: %s (want {\"question\", \"as_of\", \"since\", \"until\", \"k\"})", jsonProblem(err))
	}
	var err error
	if req.AsOf != "" {
		if _, opts.AsOf, err = retrieval.DateBound(req.AsOf); err != nil {
			return req, opts, fmt.Errorf("as_of: %v", err)
		}
	}
	if req.Since != "" {
		if opts.Since, _, err = retrieval.DateBound(req.Since); err != nil {
			return req, opts, fmt.Errorf("since: %v", err)
		}
	}
	if req.Until != "" {
		if _, opts.Until, err = retrieval.DateBound(req.Until); err != nil {
			return req, opts, fmt.Errorf("until: %v", err)
		}
	}
	if req.K != 0 {
		if req.K < 1 || req.K > 20 {
			return req, opts, fmt.Errorf("k must be between 1 and 20")
		}
		opts.K = req.K
	}
	return req, opts, nil
}

// jsonProblem says what is wrong with a JSON line without Go type names.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("%q must be a %s", typ.Field, jsonKind(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "invalid JSON"
}

func jsonKind(goKind string) string {
	if strings.HasPrefix(goKind, "int") {
		return "number"
	}
	return goKind
}

// readLine reads one line of at most limit bytes, without its newline;
// tooLong reports a longer line, whose rest is skipped.
func readLine(r *bufio.Reader, limit int) (line string, tooLong bool, err error) {
	var b []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(b)+len(chunk) > limit+1 {
			tooLong = true
		} else {
			b = append(b, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			b = nil
		}
		return strings.TrimRight(string(b), "\r\n"), tooLong, err
	}
}

// jsonAnswer is the --json shape of an answer.
type jsonAnswer struct {
	Question  string         `json:"question"`
	Answer    string         `json:"answer"`
	Found     bool           `json:"found"`
	Caveat    string         `json:"caveat,omitempty"`
	Citations []jsonCitation `json:"citations"`
}

type jsonCitation struct {
	N         int      `json:"n"`
	ArticleID string   `json:"article_id"`
	Title     string   `json:"title"`
	Published string   `json:"published"`
	URL       string   `json:"url"`
	Source    string   `json:"source"`
	AlsoIn    []string `json:"also_in,omitempty"`
	Part      string   `json:"part,omitempty"`
	Excerpt   string   `json:"excerpt"`
	Score     float64  `json:"score"`
}

func toJSON(a retrieval.Answer) jsonAnswer {
	out := jsonAnswer{Question: a.Question, Answer: a.Text, Found: a.Found, Caveat: a.Caveat, Citations: []jsonCitation{}}
	for _, c := range a.Citations {
		out.Citations = append(out.Citations, jsonCitation{
			N: c.N, ArticleID: c.ArticleID, Title: c.Title, Published: dateString(c.Published),
			URL: c.URL, Source: c.Source, AlsoIn: c.AlsoIn, Part: c.Part, Excerpt: c.Excerpt, Score: round4(c.Score),
		})
	}
	return out
}

// round4 rounds a score or rate to four decimals for JSON output.
func round4(f float64) float64 { return float64(int(f*10000+0.5)) / 10000 }

// writeJSON writes v as one line of JSON, with <, > and & left as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// formatAnswer renders an answer for a terminal: its text, then its
// citations.
func formatAnswer(a retrieval.Answer) string {
	return a.Text + "\n" + formatCitations(a)
}

// formatCitations renders an answer's citations for a terminal, each
// after a blank line.
func formatCitations(a retrieval.Answer) string {
	var b strings.Builder
	for _, c := range a.Citations {
		fmt.Fprintf(&b, "\n[%d] %s", c.N, c.Title)
		if d := dateString(c.Published); d != "" {
			fmt.Fprintf(&b, " (%s)", d)
		}
		if c.Part != "" {
			fmt.Fprintf(&b, ", %s", c.Part)
		}
		b.WriteString("\n")
		for _, line := range strings.Split(c.Excerpt, "\n") {
			fmt.Fprintf(&b, "    > %s\n", line)
		}
		if c.URL != "" {
			fmt.Fprintf(&b, "    %s\n", c.URL)
		}
		if len(c.AlsoIn) > 0 {
			fmt.Fprintf(&b, "    also in: %s\n", strings.Join(c.AlsoIn, ", "))
		}
	}
	return b.String()
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
