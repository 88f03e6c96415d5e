package bot

import (
	"fmt"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/summarize"
)

// handleAsk answers /ask question [since] [until]: it defers at once,
// then a worker edits the reply with the answer and its citations.
func (b *Bot) handleAsk(c *call) error {
	question, err := retrieval.CheckQuestion(option(c, "question"))
	if msg := questionProblem(err); msg != "" {
		return c.respond(reply{Content: msg}, true)
	}
	since, until, problem := dateWindow(c)
	if problem != "" {
		return c.respond(reply{Content: problem}, true)
	}
	if wait, ok := b.allow(c.ctx, userID(c.i)); !ok {
		return c.respond(reply{Content: rateLimitText(wait)}, true)
	}
	if err := c.deferReply(false); err != nil {
		return err
	}
	return b.later(c, func() error { return b.answerAsk(c, question, since, until) })
}

// answerAsk is the slow part of /ask: the answer, streamed into the
// deferred reply when a summarizer writes it.
func (b *Bot) answerAsk(c *call, question string, since, until time.Time) error {
	var partial func(string)
	if b.opts.Summarize != nil {
		partial = summarize.Throttle(b.progressEvery, func(text string) {
			if err := c.edit(reply{Content: trimWords(escapeLinks(text), maxContent)}); err != nil {
				c.log.Warn("streaming edit failed", "err", err)
			}
		})
	}
	a, note, err := b.answer(c.ctx, question, retrieval.AskOptions{Since: since, Until: until}, partial)
	if err != nil {
		if msg := questionProblem(err); msg != "" {
			return c.edit(reply{Content: msg})
		}
		return fmt.Errorf("ask %q: %w", question, err)
	}
	return c.edit(renderAnswer(a, note, b.feedback.saveNew(c.ctx, recordOf(question, a))))
}
