package retrieval

import (
	"errors"
	"time"
)

// MaxQuestionLen is the longest question, in characters, that Ask accepts.
const MaxQuestionLen = 1000

// ErrEmptyQuestion and ErrQuestionTooLong report questions Ask refuses.
var (
	ErrEmptyQuestion   = errors.New("the question is empty")
	ErrQuestionTooLong = errors.New("the question is longer than 1,000 characters")
)

// Citation is one numbered source of an answer. Excerpt is a verbatim slice
// Text[Start:End] of the article.
type Citation struct {
	N         int       `json:"n"`
	ArticleID string    `json:"article_id"`
	Title     string    `json:"title"`
	Published time.Time `json:"published"`
	URL       string    `json:"url"`
	Source    string    `json:"source"`
	AlsoIn    []string  `json:"also_in,omitempty"` // other sources that carried the story
	Part      string    `json:"part,omitempty"`    // e.g. "broadcast transcript"
	Excerpt   string    `json:"excerpt"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	Score     float64   `json:"score"`
}

// Answer is the reply to a question: a short text that refers to its
// citations as [1], [2], and the citations themselves. Found is false when
// the articles do not cover the question; then there are no citations,
// unless they cover its subject but for other years than the one it
// names, or without what its wh-word asks for (no date for "when"): then
// Text says so and the citations show what the articles give.
//
// Caveat, when not empty, is what Text opens with before the answer
// proper: how a question with typos was read ("Read as “Who founded
// Huawei?”"), and that none of the articles on the subject is from the
// days the question asks about ("None of the articles on this is from
// the week of 19 June 2023; [1] is from 31 May 2023."). A rewritten
// answer keeps it.
type Answer struct {
	Question  string     `json:"question"`
	Text      string     `json:"answer"`
	Found     bool       `json:"found"`
	Caveat    string     `json:"caveat,omitempty"`
	Citations []Citation `json:"citations"`
}

// AskOptions tunes one question.
type AskOptions struct {
	K         int       // citations wanted; 0 means DefaultK
	Since     time.Time // keep articles published on or after; zero = no bound
	Until     time.Time // keep articles published on or before; zero = no bound
	Context   string    // the previous question of a conversation, if any
	Retriever string    // "hybrid" (default), "bm25" or "vector"
	// AsOf is when the question is asked; zero means unknown. While the
	// corpus is current (AsOf at most a week after its newest article),
	// articles published near AsOf are preferred; see recencyPrior.
	AsOf time.Time
}

// DefaultK is the number of citations an answer carries by default.
const DefaultK = 3
