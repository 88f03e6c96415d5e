package main

import (
	"bufio"
	"context"
	"encoding/json"
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
	fs := newFlagSet("ask", `[--corpus PATH] [--index FILE] [--json] [--llm] [-k N] [--as-of DATE] "question" | -`, stderr)
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

// askBatch answers one question per stdin line, one JSON object per line.
// A bad line gets a JSON error object and the batch goes on.
func askBatch(ctx context.Context, eng *retrieval.Engine, opts retrieval.AskOptions, stdin io.Reader, stdout, stderr io.Writer) error {
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		ans, err := eng.Ask(ctx, line, opts)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err := writeJSON(stdout, map[string]string{"question": line, "error": err.Error()}); err != nil {
				return err
			}
			continue
		}
		if err := writeJSON(stdout, toJSON(ans)); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}

// jsonAnswer is the --json shape of an answer.
type jsonAnswer struct {
	Question  string         `json:"question"`
	Answer    string         `json:"answer"`
	Found     bool           `json:"found"`
	Citations []jsonCitation `json:"citations"`
}

type jsonCitation struct {
	N         int     `json:"n"`
	ArticleID string  `json:"article_id"`
	Title     string  `json:"title"`
	Published string  `json:"published"`
	URL       string  `json:"url"`
	Source    string  `json:"source"`
	Part      string  `json:"part,omitempty"`
	Excerpt   string  `json:"excerpt"`
	Score     float64 `json:"score"`
}

func toJSON(a retrieval.Answer) jsonAnswer {
	out := jsonAnswer{Question: a.Question, Answer: a.Text, Found: a.Found, Citations: []jsonCitation{}}
	for _, c := range a.Citations {
		out.Citations = append(out.Citations, jsonCitation{
			N: c.N, ArticleID: c.ArticleID, Title: c.Title, Published: dateString(c.Published),
			URL: c.URL, Source: c.Source, Part: c.Part, Excerpt: c.Excerpt, Score: round4(c.Score),
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
	}
	return b.String()
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
