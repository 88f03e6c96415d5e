package bot

import (
	"fmt"

	"github.com/dossier-bot/dossier/retrieval"
)

// handleAsk answers /ask question [since] [until]: it defers at once,
// then edits the reply with the answer and its citations.
func (b *Bot) handleAsk(c *call) error {
	question := option(c, "question")
	since, err1 := parseDateBound("since", option(c, "since"), false)
	until, err2 := parseDateBound("until", option(c, "until"), true)
	if err1 != nil || err2 != nil {
		msg := "Please check the dates."
		for _, err := range []error{err1, err2} {
			if err != nil {
				msg += " " + err.Error() + "."
			}
		}
		return c.respond(reply{Content: msg}, true)
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		return c.respond(reply{Content: "`until` is before `since`; please swap them."}, true)
	}
	if wait, ok := b.limiter.allow(userID(c.i)); !ok {
		return c.respond(reply{Content: rateLimitText(wait)}, true)
	}
	if err := c.deferReply(false); err != nil {
		return err
	}
	var partial func(string)
	if b.opts.Summarize != nil {
		partial = throttle(b.progressEvery, func(text string) {
			if err := c.edit(reply{Content: trimWords(text, maxContent)}); err != nil {
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
	return c.edit(renderAnswer(a, note, b.feedback.put(question, a)))
}
