package timeline

import (
	"math"
	"sort"
)

// Summary limits. A date's entry is its most central sentence, then up to
// maxSaid-1 more that are nearly as central (keepShare of the first's
// closeness to the centroid) and tell something else. At most maxAlso
// further sentences that tell the same thing are cited besides, and at
// most poolCap mentioning sentences are read per date.
const (
	maxSaid   = 3
	keepShare = 0.8
	maxAlso   = 4
	poolCap   = 200
	// dfSentences bounds the sentences term frequencies are counted over.
	dfSentences = 2000
)

// A sentence that repeats its article's headline tells the article's
// news: it gains titleWeight times the share of the title's terms it holds
// over its closeness to the centroid (the most central sentence having
// closeness 1).
const titleWeight = 0.5

// titleShare is the share of the article title's content terms that
// sentence si holds: a sentence that repeats the headline tells the
// article's news.
func (sm *summarizer) titleShare(si int) float64 {
	s := &sm.ms.sents[si]
	title := sm.titles[s.article]
	if title == nil {
		title = termSetOf(sm.articles[s.article].Title)
		sm.titles[s.article] = title
	}
	if len(title) == 0 {
		return 0
	}
	n := 0
	for t := range title {
		if _, ok := sm.termsOf(si)[t]; ok {
			n++
		}
	}
	return float64(n) / float64(len(title))
}

// Sentence similarity. Two sentences tell the same thing when their
// content terms (dates and topic words left out) are similar: a Jaccard
// similarity of at least sameJaccard, or, when one date contains the other
// ("In 2019" and "last month" said in June 2019), at least minShared
// shared terms making up sameOverlap of the shorter sentence's terms. The
// second rule catches a terse later summary of an event told at length
// earlier, which shares its key words but little else.
const (
	sameJaccard = 0.5
	sameOverlap = 0.4
	minShared   = 3
)

// summarizer picks the sentences of each chosen date.
type summarizer struct {
	articles []Article
	ms       *mentions
	vecs     map[int]map[string]float64 // unit tf-idf vector of each sentence read so far
	df       map[string]int             // sentences of the first candidates holding each term
	docs     int                        // those sentences
	used     map[int]bool               // sentences already cited
	titles   map[int]map[string]bool
	events   []event
}

// summarize keeps the limit most important candidates (all when limit is
// 0) that still have something to say, and picks each one's sentences.
// Within a batch finer dates go first, so that a coarse date's sentence
// that tells the same thing as a finer date's ("In 2019, ..." and "On 16
// May 2019, ...") is cited by the finer one instead of making a second
// entry.
func summarize(articles []Article, ms *mentions, cands []candidate, opts Options) []event {
	limit := opts.Limit
	if limit <= 0 {
		limit = len(cands)
	}
	sm := &summarizer{articles: articles, ms: ms, used: map[int]bool{}, titles: map[int]map[string]bool{},
		vecs: map[int]map[string]float64{}}
	sm.countTerms(cands)
	for next := 0; len(sm.events) < limit && next < len(cands); {
		batch := append([]candidate(nil), cands[next:min(len(cands), next+limit-len(sm.events))]...)
		next += len(batch)
		sort.SliceStable(batch, func(i, j int) bool {
			return batch[i].end.Sub(batch[i].start) < batch[j].end.Sub(batch[j].start)
		})
		for i := range batch {
			if ev, ok := sm.entry(&batch[i]); ok {
				sm.events = append(sm.events, ev)
			}
		}
	}
	return sm.events
}

// entry picks candidate c's sentences; ok is false when every one of them
// is told better by a finer date already chosen.
func (sm *summarizer) entry(c *candidate) (event, bool) {
	pool := sm.pool(c)
	if len(pool) == 0 {
		return event{}, false
	}
	centroid := map[string]float64{}
	for _, si := range pool {
		w := weight(&sm.articles[sm.ms.sents[si].article])
		for t, x := range sm.vector(si) {
			centroid[t] += w * x
		}
	}
	closeness := make(map[int]float64, len(pool))
	top := 0.0
	for _, si := range pool {
		closeness[si] = dot(sm.vector(si), centroid)
		top = max(top, closeness[si])
	}
	for _, si := range pool {
		if top > 0 {
			closeness[si] /= top
		}
		closeness[si] += titleWeight * sm.titleShare(si)
	}
	sort.SliceStable(pool, func(i, j int) bool {
		a, b := pool[i], pool[j]
		if sm.used[a] != sm.used[b] {
			return !sm.used[a] // a sentence another date cites comes last
		}
		return closeness[a] > closeness[b]
	})
	ev := event{value: c.value, gran: c.gran, start: c.start, end: c.end, score: c.score}
	best := closeness[pool[0]]
	for _, si := range pool {
		switch {
		case sm.repeats(si, ev.said, false):
			if len(ev.also) < maxAlso && !sm.used[si] {
				ev.also = append(ev.also, si)
			}
		case len(ev.said) == 0 || (len(ev.said) < maxSaid && closeness[si] >= keepShare*best && !sm.used[si]):
			ev.said = append(ev.said, si)
		}
	}
	for _, si := range append(ev.said, ev.also...) {
		sm.used[si] = true
	}
	return ev, true
}

// pool returns c's mentioning sentences that no finer chosen date tells,
// the heaviest articles first, at most poolCap; each one a finer date
// tells is cited by that date instead.
func (sm *summarizer) pool(c *candidate) []int {
	var pool []int
	for _, si := range c.sents {
		if f := sm.finerTelling(c, si); f != nil {
			if len(f.also) < maxAlso && !sm.used[si] {
				f.also = append(f.also, si)
				sm.used[si] = true
			}
			continue
		}
		pool = append(pool, si)
	}
	if len(pool) > poolCap {
		sort.SliceStable(pool, func(i, j int) bool {
			return weight(&sm.articles[sm.ms.sents[pool[i]].article]) > weight(&sm.articles[sm.ms.sents[pool[j]].article])
		})
		pool = pool[:poolCap]
	}
	return pool
}

// finerTelling returns the chosen event of a finer date inside c's range
// whose sentences tell what sentence si tells, or nil.
func (sm *summarizer) finerTelling(c *candidate, si int) *event {
	span := c.end.Sub(c.start)
	for i := range sm.events {
		f := &sm.events[i]
		if f.end.Sub(f.start) >= span || f.start.Before(c.start) || f.end.After(c.end) {
			continue
		}
		if sm.repeats(si, f.said, true) {
			return f
		}
	}
	return nil
}

// repeats reports whether sentence si tells what one of the sentences in
// said tells; contains says whether si's date contains theirs.
func (sm *summarizer) repeats(si int, said []int, contains bool) bool {
	for _, o := range said {
		if similar(sm.termsOf(si), sm.termsOf(o), contains) {
			return true
		}
	}
	return false
}

// similar reports whether two sentences' terms tell the same thing.
func similar(a, b map[string]int, contains bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	shared := 0
	for t := range a {
		if _, ok := b[t]; ok {
			shared++
		}
	}
	union := len(a) + len(b) - shared
	if float64(shared) >= sameJaccard*float64(union) {
		return true
	}
	return contains && shared >= minShared && float64(shared) >= sameOverlap*float64(min(len(a), len(b)))
}

// countTerms counts, over the mentioning sentences of cands (the most
// important first, at most dfSentences of them), how many hold each term:
// the document frequencies of the tf-idf vectors. The bound keeps a
// timeline over a large corpus cheap.
func (sm *summarizer) countTerms(cands []candidate) {
	sm.df = map[string]int{}
	seen := map[int]bool{}
	for _, c := range cands {
		if sm.docs >= dfSentences {
			return
		}
		for _, si := range c.sents {
			if !seen[si] {
				seen[si] = true
				sm.docs++
				for t := range sm.termsOf(si) {
					sm.df[t]++
				}
			}
		}
	}
}

// termsOf returns sentence si's content terms, working them out once.
func (sm *summarizer) termsOf(si int) map[string]int {
	s := &sm.ms.sents[si]
	if s.terms == nil {
		s.terms = contentTerms(sm.articles[s.article].Text, *s, sm.ms.topicTerms)
	}
	return s.terms
}

// vector returns sentence si's unit tf-idf vector: terms that most
// sentences hold say little about any one.
func (sm *summarizer) vector(si int) map[string]float64 {
	if v, ok := sm.vecs[si]; ok {
		return v
	}
	terms := sm.termsOf(si)
	v := make(map[string]float64, len(terms))
	norm := 0.0
	for t, c := range terms {
		x := (1 + math.Log(float64(c))) * sm.termIDF(t)
		v[t] = x
		norm += x * x
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for t := range v {
			v[t] /= norm
		}
	}
	sm.vecs[si] = v
	return v
}

// termIDF is the inverse document frequency of term t among the counted
// sentences.
func (sm *summarizer) termIDF(t string) float64 {
	return math.Log(1 + float64(max(sm.docs, 1))/float64(max(sm.df[t], 1)))
}

// dot is the dot product of two sparse vectors.
func dot(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	s := 0.0
	for t, x := range a {
		s += x * b[t]
	}
	return s
}
