package retrieval

import (
	"math"
	"regexp"
	"time"

	"github.com/dossier-bot/dossier/retrieval/index"
)

// recentCue matches the words by which a question asks about current
// events: "this week", "recently", "latest", "just announced".
var recentCue = regexp.MustCompile(`(?i)\b(this (week|month|year|weekend|morning|summer|fall|autumn|winter|spring)|today|yesterday|tonight|recent(ly)?|latest|newest|just|currently|now|new|upcoming|last week|next week|so far)\b`)

// recencyHalfLife is how fast the recency prior fades with an article's age.
const recencyHalfLife = 180 * 24 * time.Hour

// recency returns, for each article, a prior in [0, 1] that is 1 for the
// newest article of the corpus and halves every recencyHalfLife before it.
// The reference is the newest publication date, not the clock, so an
// archive is judged against its own present. Undated articles get 0.
func recency(ix *index.Index) func(article int) float64 {
	newest := ix.Newest()
	return func(article int) float64 {
		pub := ix.Articles[article].Published
		if pub.IsZero() {
			return 0
		}
		age := newest.Sub(pub)
		return math.Exp2(-float64(age) / float64(recencyHalfLife))
	}
}
