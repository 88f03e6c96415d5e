package bot

import (
	"context"
	"errors"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
)

// askTimeout bounds one question, summarizer included.
const askTimeout = 60 * time.Second

// summarizerNote tells the user why they see the extractive answer.
const summarizerNote = "The summarizer is unavailable right now, so this answer quotes the articles directly."

// answer asks the engine and, when a summarizer is configured and the
// articles cover the question, lets it rewrite the answer, streaming text
// to onPartial (which may be nil). A summarizer failure falls back to the
// extractive answer with a note; only engine errors are returned.
func (b *Bot) answer(ctx context.Context, question string, opts retrieval.AskOptions, onPartial func(string)) (retrieval.Answer, string, error) {
	ctx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	if opts.AsOf.IsZero() {
		opts.AsOf = time.Now() // "this week" is this week
	}
	a, err := b.engine.Ask(ctx, question, opts)
	if err != nil {
		return a, "", err
	}
	if b.opts.Summarize == nil || !a.Found {
		return a, "", nil
	}
	sa, note, err := b.opts.Summarize(ctx, a, onPartial)
	if err != nil {
		b.log.Warn("summarizer failed; showing the extractive answer", "err", err)
		if note == "" {
			note = summarizerNote
		}
		return a, note, nil
	}
	return sa, note, nil
}

// questionProblem is the friendly text for a question the engine refuses,
// or "" when err is not about the question.
func questionProblem(err error) string {
	switch {
	case errors.Is(err, retrieval.ErrEmptyQuestion):
		return "Please ask a question, e.g. “What did Huawei say about spying?”"
	case errors.Is(err, retrieval.ErrQuestionTooLong):
		return "That question is too long; please keep it under 1,000 characters."
	}
	return ""
}
