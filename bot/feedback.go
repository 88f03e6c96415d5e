package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
)

// feedbackPrefix starts the custom ID of the 👍/👎 buttons:
// "fb:up:<key>" or "fb:down:<key>".
const feedbackPrefix = "fb:"

// feedbackRecord is what a vote is logged with.
type feedbackRecord struct {
	Question string   `json:"question"`
	Articles []string `json:"articles,omitempty"` // IDs of the cited articles, in order
}

// recordOf is what the feedback buttons of answer a are logged with.
func recordOf(question string, a retrieval.Answer) feedbackRecord {
	rec := feedbackRecord{Question: question}
	for _, c := range a.Citations {
		rec.Articles = append(rec.Articles, c.ArticleID)
	}
	return rec
}

// maxVoters is how many (user, answer) pairs the bot remembers having
// voted, about 100 bytes each.
const maxVoters = 50_000

// voterKey identifies one user's vote on the answer whose buttons carry
// key, without keeping the user ID.
func voterKey(user, key string) string {
	h := sha256.Sum256([]byte(user + "\x00" + key))
	return hex.EncodeToString(h[:12])
}

// handleFeedback logs a 👍/👎 click with the question and cited articles,
// never with the user, and thanks the user privately. Each user has one
// vote per answer: the first counts and later clicks by the same user on
// the same answer are ignored (not logged, not saved), so repeated clicks
// add nothing. The bot remembers the last maxVoters votes; an older voter
// may vote again, and so may anyone after a restart.
func (b *Bot) handleFeedback(c *call, id customID) error {
	if !b.voters.saveOnce(c.ctx, voterKey(userID(c.i), id.key), struct{}{}) {
		return c.respond(reply{Content: "You've already voted on this answer; thanks!"}, true)
	}
	vote := id.vote
	rec, known := b.feedback.load(c.ctx, id.key)
	attrs := []any{"vote", vote, "known", known}
	if known {
		attrs = append(attrs, "question", rec.Question, "articles", rec.Articles)
	} else if m := c.i.Message; m != nil {
		// An answer from before a restart: log what its embeds cite.
		var cited []string
		for _, e := range m.Embeds {
			cited = append(cited, e.Title)
		}
		attrs = append(attrs, "message", m.ID, "cited", cited)
	}
	b.log.Info("answer feedback", attrs...)
	if b.opts.FeedbackPath != "" {
		v := voteLine{Time: time.Now().UTC(), Vote: vote, Question: rec.Question, Articles: rec.Articles}
		if !known && c.i.Message != nil {
			v.Message = c.i.Message.ID
		}
		if err := b.votes.append(b.opts.FeedbackPath, v); err != nil {
			b.log.Warn("feedback not saved", "err", err)
		}
	}
	text := "Thanks for the feedback!"
	if vote == "down" {
		text = "Thanks, noted. Sorry this answer wasn't helpful."
	}
	return c.respond(reply{Content: text}, true)
}

// voteLine is one line of the feedback file. It names no user.
type voteLine struct {
	Time     time.Time `json:"time"`
	Vote     string    `json:"vote"`               // "up" or "down"
	Question string    `json:"question,omitempty"` // empty for an answer from before a restart
	Articles []string  `json:"articles,omitempty"` // IDs of the cited articles, in order
	Message  string    `json:"message,omitempty"`  // the answer's message ID when the question is unknown
}

// voteFile appends votes to a JSON Lines file, one write per vote, so a
// crash loses at most the vote being written.
type voteFile struct{ mu sync.Mutex }

func (f *voteFile) append(path string, v voteLine) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open feedback file: %w", err)
	}
	if _, err := out.Write(append(line, '\n')); err != nil {
		out.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return out.Close()
}
