package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/dossier-bot/dossier/config"
	"github.com/dossier-bot/dossier/retrieval"
)

// noLLMNote is printed to stderr by ask --llm without a configured model.
const noLLMNote = "dossier ask: no language model is configured (set LLM_BASE_URL and LLM_MODEL); showing the extractive answer"

// checkedSeparator introduces the checked answer should it not continue
// the text streamed before it (the summarizer streams only checked
// sentences, a prefix of the checked answer, so this is a safeguard).
const checkedSeparator = "\n\n--- checked answer (unsupported sentences removed) ---\n"

// jsonLLMAnswer is the --json --llm shape: the answer, and why the
// extractive one is shown when the summarizer fell back.
type jsonLLMAnswer struct {
	jsonAnswer
	Note string `json:"note,omitempty"`
}

// askLLM prints ans rewritten by the configured language model. Checked
// sentences stream to stdout as they arrive (only the new part of each
// update), and the rest of the checked answer follows when it is done. The citations come last, as without --llm. On any summarizer
// failure, or with no model configured, a one-line note goes to stderr and
// the extractive answer is printed. With asJSON nothing streams: one JSON
// object, with a "note" on fallback.
func askLLM(ctx context.Context, cfg config.Config, ans retrieval.Answer, asJSON bool, stdout, stderr io.Writer, logger *slog.Logger) error {
	if !cfg.LLMEnabled() {
		fmt.Fprintln(stderr, noLLMNote)
		if asJSON {
			return writeJSON(stdout, jsonLLMAnswer{jsonAnswer: toJSON(ans), Note: "No language model is configured; showing the extractive answer."})
		}
		fmt.Fprint(stdout, formatAnswer(ans))
		return nil
	}
	sum, err := summarizerFor(cfg, logger)
	if err != nil {
		return err
	}
	if asJSON {
		res, _ := sum.Summarize(ctx, ans, nil) // the summarizer logs its failures
		return writeJSON(stdout, jsonLLMAnswer{jsonAnswer: toJSON(res.Answer), Note: res.Note})
	}

	st := &streamPrinter{w: stdout}
	res, _ := sum.Summarize(ctx, ans, st.update)
	if !res.UsedLLM {
		if res.Note != "" {
			fmt.Fprintln(stderr, "dossier ask: "+res.Note)
		}
		if st.printed != "" {
			fmt.Fprint(stdout, "\n\n--- extractive answer ---\n")
		}
		fmt.Fprint(stdout, formatAnswer(res.Answer))
		return st.err
	}
	if final := strings.TrimSpace(res.Answer.Text); strings.HasPrefix(final, st.printed) {
		fmt.Fprint(stdout, final[len(st.printed):])
	} else {
		fmt.Fprint(stdout, checkedSeparator+final)
	}
	fmt.Fprint(stdout, "\n"+formatCitations(res.Answer))
	return st.err
}

// streamPrinter prints cumulative streamed text incrementally: each update
// writes only what extends the text already printed. An update that
// rewrites earlier text stops the streaming; the checked answer follows.
type streamPrinter struct {
	w        io.Writer
	printed  string
	diverged bool
	err      error
}

func (p *streamPrinter) update(text string) {
	if p.diverged || p.err != nil {
		return
	}
	if !strings.HasPrefix(text, p.printed) {
		p.diverged = true
		return
	}
	if _, err := io.WriteString(p.w, text[len(p.printed):]); err != nil {
		p.err = fmt.Errorf("print the answer: %w", err)
		return
	}
	p.printed = text
}
