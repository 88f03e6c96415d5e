package timeline

import (
	"math"
	"sort"
	"time"

	"github.com/dossier-bot/dossier/retrieval/timex"
)

// Date ranking weights. A date's importance is the weight of the articles
// whose sentences mention it, plus pubWeight times the weight (and focus)
// of the articles published on it or the day after (news is reported the
// day it happens or the next), grown a little for every further source
// that covers it. Months, years and other coarse values are mentioned mostly as
// background ("in 2019", "last year"), so their mentions count for
// coarseWeight of a day's.
const (
	pubWeight    = 1.0
	sourceWeight = 0.1
	coarseWeight = 0.5
)

// candidate is a date that may enter the timeline.
type candidate struct {
	value      string
	gran       timex.Granularity
	start, end time.Time
	score      float64
	sents      []int // mentioning sentences, indices into mentions.sents
	published  []int // articles published on the day or the day after
}

// rankDates scores every value the sentences mention that lies inside the
// window, most important first.
func rankDates(articles []Article, ms mentions, opts Options) []candidate {
	pubs := publishedOn(articles)
	var out []candidate
	for value, idx := range ms.byValue {
		start, end, ok := timex.Range(value)
		if !ok || !inWindow(start, end, opts.Since, opts.Until) {
			continue
		}
		c := candidate{value: value, gran: ms.sents[idx[0]].granularityOf(value), start: start, end: end, sents: idx}
		if c.gran == timex.Day {
			c.published = append(append([]int(nil), pubs[start]...), pubs[start.AddDate(0, 0, 1)]...)
		}
		c.score = importance(articles, ms, c)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		if !out[i].start.Equal(out[j].start) {
			return out[i].start.Before(out[j].start)
		}
		return out[i].value < out[j].value
	})
	return out
}

// importance is how much the coverage points at candidate c.
func importance(articles []Article, ms mentions, c candidate) float64 {
	sources := map[string]bool{}
	mentioned := map[int]bool{}
	score := 0.0
	for _, i := range c.sents {
		a := ms.sents[i].article
		if !mentioned[a] {
			mentioned[a] = true
			score += weight(&articles[a])
			sources[articles[a].Source] = true
		}
	}
	if c.gran != timex.Day {
		score *= coarseWeight
	}
	for _, a := range c.published {
		score += pubWeight * weight(&articles[a]) * focus(&articles[a])
		sources[articles[a].Source] = true
	}
	return score * (1 + sourceWeight*math.Log(float64(len(sources))))
}

// weight is the article's topic weight, 1 when unset.
func weight(a *Article) float64 {
	if a.Weight <= 0 {
		return 1
	}
	return min(a.Weight, 1)
}

// focus is the article's topic focus, 1 when unset.
func focus(a *Article) float64 {
	if a.Focus <= 0 {
		return 1
	}
	return min(a.Focus, 1)
}

// publishedOn maps each publication day to the articles published on it.
func publishedOn(articles []Article) map[time.Time][]int {
	out := map[time.Time][]int{}
	for i := range articles {
		if p := articles[i].Published; !p.IsZero() {
			d := timex.DayStart(p)
			out[d] = append(out[d], i)
		}
	}
	return out
}

// granularityOf returns the granularity of value as the sentence gives it.
func (s *sentence) granularityOf(value string) timex.Granularity {
	for _, d := range s.dates {
		if d.Value == value {
			return d.Granularity
		}
	}
	return timex.Day
}
