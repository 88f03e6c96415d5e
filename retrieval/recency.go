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

// The recency prior. A question asked while the corpus is current (a bot
// fed today's news, or a question replayed on the day it was asked) is
// about the days around it, whatever its words: every question gets the
// prior, fading fast. A question about an archive from later is only
// about the archive's own present when it says so ("this week"), and
// that present is vaguer, so the prior fades slowly.
const (
	cueWeight     = 0.4 // weight for a question with a recent cue
	currentWeight = 0.2 // weight for other questions asked while the corpus is current
	// currentHalfLife and archiveHalfLife are how fast the prior halves
	// with an article's distance from the question's present.
	currentHalfLife = 30 * 24 * time.Hour
	archiveHalfLife = 180 * 24 * time.Hour
	// currentSlack is how long after its newest article a corpus still
	// counts as current.
	currentSlack = 7 * 24 * time.Hour
)

// recencyPrior is a question's preference for articles published near its
// present: weight × prior(article) is added to a candidate's score.
type recencyPrior struct {
	weight   float64
	present  time.Time
	halfLife time.Duration
}

// newRecencyPrior judges question, asked at asOf (zero = unknown), against
// the corpus of ix. A corpus is current when asOf is no later than a week
// after its newest article; then asOf is the present. Otherwise the newest
// publication date is.
func newRecencyPrior(ix *index.Index, question string, asOf time.Time) recencyPrior {
	cue := recentCue.MatchString(question)
	if currentAt(ix, asOf) {
		w := currentWeight
		if cue {
			w = cueWeight
		}
		return recencyPrior{weight: w, present: asOf, halfLife: currentHalfLife}
	}
	if !cue {
		return recencyPrior{}
	}
	return recencyPrior{weight: cueWeight, present: ix.Newest(), halfLife: archiveHalfLife}
}

// currentAt reports whether the corpus of ix is current at asOf: asOf is
// known and no later than currentSlack after its newest article.
func currentAt(ix *index.Index, asOf time.Time) bool {
	newest := ix.Newest()
	return !asOf.IsZero() && !newest.IsZero() && !asOf.After(newest.Add(currentSlack))
}

// of returns the prior for an article in [0, 1]: 1 for one published at
// the present, halving every half-life before or after it. Undated
// articles get 0.
func (r recencyPrior) of(pub time.Time) float64 {
	if r.weight == 0 || pub.IsZero() {
		return 0
	}
	d := r.present.Sub(pub)
	if d < 0 {
		d = -d
	}
	return math.Exp2(-float64(d) / float64(r.halfLife))
}
