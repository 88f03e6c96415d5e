package bot

import (
	"strings"

	"github.com/dossier-bot/dossier/retrieval"
)

// feedbackPrefix starts the custom ID of the 👍/👎 buttons:
// "fb:up:<key>" or "fb:down:<key>".
const feedbackPrefix = "fb:"

// feedbackRecord is what a vote is logged with.
type feedbackRecord struct {
	question string
	articles []string
}

// recordOf is what the feedback buttons of answer a are logged with.
func recordOf(question string, a retrieval.Answer) feedbackRecord {
	rec := feedbackRecord{question: question}
	for _, c := range a.Citations {
		rec.articles = append(rec.articles, c.ArticleID)
	}
	return rec
}

// handleFeedback logs a 👍/👎 click with the question and cited articles
// and thanks the user privately.
func (b *Bot) handleFeedback(c *call, id string) error {
	vote, key, _ := strings.Cut(id, ":")
	rec, known := b.feedback.get(key)
	attrs := []any{"vote", vote, "user", userID(c.i), "known", known}
	if known {
		attrs = append(attrs, "question", rec.question, "articles", rec.articles)
	} else if m := c.i.Message; m != nil {
		// An answer from before a restart: log what its embeds cite.
		var cited []string
		for _, e := range m.Embeds {
			cited = append(cited, e.Title)
		}
		attrs = append(attrs, "message", m.ID, "cited", cited)
	}
	b.log.Info("answer feedback", attrs...)
	text := "Thanks for the feedback!"
	if vote == "down" {
		text = "Thanks, noted. Sorry this answer wasn't helpful."
	}
	return c.respond(reply{Content: text}, true)
}
