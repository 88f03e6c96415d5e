package bot

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"

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

// feedbackStore keeps the question and cited articles of recent answers
// under short keys, since a custom ID holds only 100 characters. The
// oldest records are dropped beyond max.
type feedbackStore struct {
	mu    sync.Mutex
	max   int
	byKey map[string]feedbackRecord
	order []string
}

func newFeedbackStore(max int) *feedbackStore {
	return &feedbackStore{max: max, byKey: map[string]feedbackRecord{}}
}

// put stores a's question and article IDs and returns the key.
func (f *feedbackStore) put(question string, a retrieval.Answer) string {
	var raw [8]byte
	_, _ = rand.Read(raw[:])
	key := hex.EncodeToString(raw[:])
	rec := feedbackRecord{question: question}
	for _, c := range a.Citations {
		rec.articles = append(rec.articles, c.ArticleID)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.byKey[key] = rec
	f.order = append(f.order, key)
	if len(f.order) > f.max {
		delete(f.byKey, f.order[0])
		f.order = f.order[1:]
	}
	return key
}

func (f *feedbackStore) get(key string) (feedbackRecord, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.byKey[key]
	return r, ok
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
