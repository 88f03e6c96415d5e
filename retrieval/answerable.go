package retrieval

import (
	"context"
	"math"
	"strconv"

	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// evidence is what Ask weighs to decide whether the articles cover a
// question: no one word-overlap cut, but a few measures that each mean
// the same on a corpus of any size, combined by a fitted logistic model
// (answerCoef).
type evidence struct {
	// Excerpt is the best excerpt's coverage of the question's
	// IDF-weighted terms. A term the corpus has never seen weighs the
	// most an IDF can, so it counts against the question.
	Excerpt float64
	// Similar is the GloVe cosine of the question and the first excerpt.
	Similar float64
	// Info is the most information that the question's terms found in
	// one candidate article (text or title) carry: the sum of their
	// IDFs, in units of ln(passages), capped at infoCap. Words whose
	// joint IDF stays below ln(passages) meet in some passage by chance
	// alone; a question is covered by an article that holds more of it
	// than chance would.
	Info float64
	// Lead is the best coverage of the question by an article's title and
	// first passage: the articles cover a subject when one is about it,
	// not when one mentions its words in passing.
	Lead float64
	// Phrase is the best share, over the excerpts, of the question's
	// adjacent term pairs (stop words left out) that stand within
	// phraseReach terms of each other in the excerpt, each pair weighing
	// the smaller IDF of its two terms: a question's compounds ("melting
	// point") must be found as such, not as words scattered over a
	// passage. 1 for a question of one term.
	Phrase float64
	// Kind is 1 when the first excerpt holds what the question's wh-word
	// asks for (a place, a person, a date, a number) beyond the
	// question's own words, or when it asks for none of these; else 0.
	Kind float64
	// Size is ln(passages)/ln(sizeScale), at most 1. The model weighs
	// the other measures differently by it: in a large corpus, partial
	// matches happen by chance; in a few articles they do not.
	Size float64
}

const (
	// infoCap caps Info: beyond it, more matched terms say nothing new.
	infoCap = 2
	// sizeScale is the corpus size, in passages, from which Size is 1.
	sizeScale = 100_000
	// phraseReach is how many terms apart, at most, the two terms of a
	// question's pair may stand in an excerpt, in either order
	// ("Huawei's chairman" for "chairman of Huawei").
	phraseReach = 2
)

// features returns the evidence as the vector the answerability model
// reads: the measures, then each of them but Size times Size.
func (ev evidence) features() []float64 {
	base := []float64{ev.Excerpt, ev.Similar, ev.Info, ev.Lead, ev.Phrase, ev.Kind}
	out := append(append([]float64{}, base...), ev.Size)
	for _, x := range base {
		out = append(out, x*ev.Size)
	}
	return out
}

// gatherEvidence works out the evidence of cands, ranked best first, for
// query q of question, whose years checkYears has checked.
func gatherEvidence(ctx context.Context, ix *index.Index, question string, q query, cands []candidate, years yearCheck) (evidence, error) {
	var ev evidence
	q, dropped := withoutOtherYears(q, years)
	if len(cands) == 0 || q.total == 0 {
		return ev, nil
	}
	lnN := math.Log(float64(len(ix.Passages)))
	ev.Size = min(1, lnN/math.Log(sizeScale))
	pairs, pairTotal := questionPairs(question, q, ix.IDF)
	if pairTotal == 0 {
		ev.Phrase = 1
	}
	seen := map[int]bool{}
	for _, c := range cands {
		cov := c.coverage
		if dropped {
			cov = q.coverage(ix.Articles[c.article].Text[c.Start:c.End])
		}
		ev.Excerpt = max(ev.Excerpt, cov)
		if pairTotal > 0 {
			ev.Phrase = max(ev.Phrase, phraseShare(textseg.Terms(ix.Articles[c.article].Text[c.Start:c.End]), pairs, pairTotal))
		}
		if seen[c.article] {
			continue
		}
		seen[c.article] = true
		lo, _ := ix.ArticlePassages(c.Passage)
		info, lead := 0.0, 0.0
		for t, w := range q.weights {
			if ix.InArticle(t, c.Passage) {
				info += ix.IDF(t)
			}
			if ix.InPassage(t, lo) {
				lead += w
			}
		}
		ev.Info = max(ev.Info, min(infoCap, info/lnN))
		ev.Lead = max(ev.Lead, lead/q.total)
	}
	top := cands[0]
	ev.Kind = 1
	if kind := kindOf(question); kind != askedAny {
		text := ix.Articles[top.article].Text
		if !holdsKind(text, top.Span, kind, wordSet(question), datesIn(ix, top.article, top.Span)) {
			ev.Kind = 0
		}
	}
	g, err := embed.NewGloVe()
	if err != nil {
		return ev, err
	}
	vs, err := g.Embed(ctx, []string{question, ix.Articles[top.article].Text[top.Start:top.End]})
	if err != nil {
		return ev, err
	}
	ev.Similar = cosine(vs[0], vs[1])
	return ev, nil
}

// withoutOtherYears returns q without the years the question names when
// no candidate speaks of them (years.other): the rest of the question is
// judged, and Ask refuses it with the years the articles give.
func withoutOtherYears(q query, years yearCheck) (query, bool) {
	if !years.other {
		return q, false
	}
	out := query{weights: map[string]float64{}}
	for t, w := range q.weights {
		if y, err := strconv.Atoi(t); err == nil && years.asked[y] {
			continue
		}
		out.weights[t] = w
		out.total += w
	}
	return out, out.total < q.total
}

// questionPairs returns the question's adjacent term pairs of terms of q,
// each weighing the smaller IDF of its two terms, and their total weight.
func questionPairs(question string, q query, idf func(string) float64) (map[[2]string]float64, float64) {
	ts := textseg.Terms(question)
	pairs := map[[2]string]float64{}
	total := 0.0
	for i := 1; i < len(ts); i++ {
		p := pairOf(ts[i-1], ts[i])
		_, ok0 := q.weights[p[0]]
		_, ok1 := q.weights[p[1]]
		if _, ok := pairs[p]; ok || p[0] == p[1] || !ok0 || !ok1 {
			continue
		}
		pairs[p] = min(idf(p[0]), idf(p[1]))
		total += pairs[p]
	}
	return pairs, total
}

// phraseShare is the weight of the pairs whose terms stand within
// phraseReach of each other in terms, over total.
func phraseShare(terms []string, pairs map[[2]string]float64, total float64) float64 {
	found := map[[2]string]bool{}
	got := 0.0
	for i := range terms {
		for j := i + 1; j < len(terms) && j <= i+phraseReach; j++ {
			p := pairOf(terms[i], terms[j])
			if w, ok := pairs[p]; ok && !found[p] {
				found[p] = true
				got += w
			}
		}
	}
	return got / total
}

// pairOf is the pair of a and b in either order.
func pairOf(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// The answerability model: the articles cover a question when
// answerCoef·features() + answerBias reaches answerThreshold. Fitted by
// TestFitAnswerability (see there for the data, the weighting and the
// rule that sets the threshold: 2% of the rtqa training questions
// refused); refit it whenever a feature or the ranking changes.
var answerCoef = [...]float64{6.0026, 4.1771, 0.3676, 3.4019, 5.1008, 2.3123, -3.7203, -6.8064, -2.9398, 4.1471, 0.6998, -3.2926, -1.4477}

const (
	answerBias      = -8.5123
	answerThreshold = -1.3481
)

// answerable reports whether the evidence says the articles cover the question.
func (ev evidence) answerable() bool {
	z := answerBias
	for i, x := range ev.features() {
		z += answerCoef[i] * x
	}
	return z >= answerThreshold
}
