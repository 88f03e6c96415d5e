package retrieval

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// Ranking weights. Whether an answer is found at all is the
// answerability model's call (answerable.go).
const (
	// candidatePassages are read from the fused ranking and re-ranked by
	// how well their best excerpt covers the question.
	candidatePassages = 30
	rankWeight        = 0.15 // weight of the fused retrieval score, normalised; the rest is coverage
	// leadWeight favours an article's first passages: news is written as
	// an inverted pyramid, the key facts first. Passage n gets leadWeight/(1+n).
	leadWeight = 0.1
)

// Ask answers question with numbered citations. An empty or over-long
// question returns ErrEmptyQuestion or ErrQuestionTooLong.
func (e *Engine) Ask(ctx context.Context, question string, opts AskOptions) (Answer, error) {
	question, err := CheckQuestion(question)
	if err != nil {
		return Answer{}, err
	}
	if opts.K <= 0 {
		opts.K = DefaultK
	}
	ix := e.live.Load()
	asked := question
	question, respelled := respell(ix, question)
	cands, q, err := e.candidates(ctx, ix, question, opts)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Question: asked, Citations: []Citation{}}
	years := checkYears(ix, question, cands)
	ev, err := gatherEvidence(ctx, ix, question, q, cands, years)
	if err != nil {
		return Answer{}, err
	}
	if len(cands) == 0 || !(ev.answerable() || topicRequest(question, q) && aboutTopic(ix, q, cands)) {
		ans.Text = notFoundText
		return ans, nil
	}
	for i, c := range cands {
		if i == opts.K {
			break
		}
		ans.Citations = append(ans.Citations, citation(ix, i+1, c))
	}
	cited := cands[:len(ans.Citations)]
	var notes []string // what the answer opens with
	if respelled {
		notes = append(notes, readAs(question))
	}
	if why := contextOnly(ix, question, cands, years); why != "" {
		// The articles cover the subject, not what was asked: say so,
		// and show what they give as context, not as the answer.
		ans.Text = strings.Join(append(notes, why, extractiveText(ix, question, cited)), " ")
		return ans, nil
	}
	ans.Found = true
	if p, missed := periodMissed(ix, question, opts.AsOf, cands); missed {
		notes = append(notes, p.caveat(ans.Citations[0]))
	}
	ans.Caveat = strings.Join(notes, " ")
	ans.Text = strings.TrimSpace(ans.Caveat + " " + extractiveText(ix, question, cited))
	return ans, nil
}

// contextOnly says why the candidates, which cover the question's
// subject, do not answer it, or returns "" when they may: the question
// names a year none of them speaks of ("The articles do not cover 2023;
// they speak of 2019 and 2020."), or asks when or how many and none of
// the first holds a date or a number ("The articles do not say when.").
func contextOnly(ix *index.Index, question string, cands []candidate, years yearCheck) string {
	if years.other {
		why := "The articles do not cover " + joinYears(years.asked)
		if len(years.given) > 0 {
			why += "; they speak of " + joinYears(years.given)
		}
		return why + "."
	}
	if kind := kindOf(question); !kindShown(ix, question, kind, cands) {
		return "The articles do not say " + kindWord(kind) + "."
	}
	return ""
}

// CheckQuestion normalizes question (NormalizeText) and trims it, and
// returns it, or ErrEmptyQuestion or ErrQuestionTooLong, so callers can
// refuse a question before any work. A question of only invisible or
// control characters is empty; its length is counted once normalized.
func CheckQuestion(question string) (string, error) {
	if len(question) > 16*MaxQuestionLen {
		return "", ErrQuestionTooLong // not worth normalizing
	}
	question = strings.TrimSpace(NormalizeText(question))
	switch {
	case question == "":
		return "", ErrEmptyQuestion
	case utf8.RuneCountInString(question) > MaxQuestionLen:
		return "", ErrQuestionTooLong
	}
	return question, nil
}

// notFoundText is the whole answer when the articles do not cover a question.
const notFoundText = "The articles do not cover this."

// candidate is a passage with the excerpt chosen from it.
type candidate struct {
	index.Hit
	excerpt
	article int
	score   float64
	terms   map[string]bool // the excerpt's term set, once dropOverlaps has needed it
}

// candidates retrieves passages, picks each one's best excerpt, re-ranks by
// retrieval rank and excerpt coverage, and drops excerpts that overlap a
// better one.
func (e *Engine) candidates(ctx context.Context, ix *index.Index, question string, opts AskOptions) ([]candidate, query, error) {
	search := question
	if opts.Context != "" {
		search = opts.Context + "\n" + question
	}
	hits, err := ix.Search(ctx, search, index.SearchOptions{K: candidatePassages, Mode: opts.Retriever, Filter: index.Filter{Since: opts.Since, Until: opts.Until}})
	if err != nil {
		return nil, query{}, fmt.Errorf("search: %w", err)
	}
	q := newQuery(question, ix.IDF)
	if opts.Context != "" {
		q = q.withContext(opts.Context, ix.IDF)
	}
	if len(hits) == 0 {
		return nil, q, nil
	}
	top := hits[0].Score
	cands := make([]candidate, 0, len(hits))
	cache := newTermCache()
	headlines := map[int]query{} // by article: several passages often share one
	for _, h := range hits {
		p := ix.Passages[h.Passage]
		text := ix.Articles[p.Article].Text
		cache.article = p.Article
		cache.dates = articleDates(ix, p.Article)
		headline, ok := headlines[p.Article]
		if !ok {
			headline = headlineQuery(ix.Articles[p.Article].Title, q, ix.IDF)
			headlines[p.Article] = headline
		}
		ex := bestExcerpt(text, sentencesAround(ix, h.Passage), q, headline, cache)
		sc := rankWeight*h.Score/top + (1-rankWeight)*ex.coverage + leadWeight/float64(1+p.Seq)
		cands = append(cands, candidate{Hit: h, excerpt: ex, article: p.Article, score: sc})
	}
	if err := addAnswerType(ctx, ix, question, cands); err != nil {
		return nil, q, err
	}
	if prior := newRecencyPrior(ix, question, opts.AsOf); prior.weight > 0 {
		for i := range cands {
			cands[i].score += prior.weight * prior.of(ix.Articles[cands[i].article].Published)
		}
	}
	sortByScore(cands)
	return addFollowOns(ix, q, dropOverlaps(ix, cands)), q, nil
}

// sortByScore sorts candidates best first, keeping retrieval order on ties.
func sortByScore(cands []candidate) {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
}

// addAnswerType adds answer-type agreement to the candidates' scores.
func addAnswerType(ctx context.Context, ix *index.Index, question string, cands []candidate) error {
	excerpts := make([]string, len(cands))
	for i, c := range cands {
		excerpts[i] = ix.Articles[c.article].Text[c.Start:c.End]
	}
	scores, err := answerTypeScores(ctx, question, excerpts)
	if err != nil {
		return fmt.Errorf("answer type: %w", err)
	}
	for i, s := range scores {
		cands[i].score += answerTypeWeight * s
	}
	return nil
}

// dropOverlaps keeps the first of excerpts that share text of one article,
// and the first of near-identical excerpts from different articles (the
// same wire story published twice), so the citations say different things.
func dropOverlaps(ix *index.Index, cands []candidate) []candidate {
	out := cands[:0]
	for _, c := range cands {
		if c.terms == nil {
			c.terms = termSet(ix.Articles[c.article].Text[c.Start:c.End])
		}
		dup := false
		for _, k := range out {
			if (k.article == c.article && c.Start < k.End && k.Start < c.End) || jaccard(c.terms, k.terms) >= nearDuplicate {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

// nearDuplicate is the term overlap above which two excerpts say the same.
const nearDuplicate = 0.8

func termSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, t := range textseg.Terms(text) {
		set[t] = true
	}
	return set
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for t := range a {
		if b[t] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

func citation(ix *index.Index, n int, c candidate) Citation {
	a := &ix.Articles[c.article]
	return Citation{
		N:         n,
		ArticleID: a.ID,
		Title:     a.Title,
		Published: a.Published,
		URL:       a.URL,
		Source:    a.Source,
		AlsoIn:    corpus.CopyNames(a.AlsoIn),
		Part:      a.PartAt(c.Start),
		Excerpt:   a.Text[c.Start:c.End],
		Start:     c.Start,
		End:       c.End,
		Score:     c.score,
	}
}

// sentencesAround returns the sentences of passage i plus the two that
// follow it and the one before it in its article, so an excerpt can reach
// the answer that comes right after the sentence restating the question.
func sentencesAround(ix *index.Index, i int) []textseg.Span {
	p := ix.Passages[i]
	var out []textseg.Span
	if i > 0 && ix.Passages[i-1].Article == p.Article {
		prev := ix.Passages[i-1].Sentences
		if len(prev) >= 2 {
			out = append(out, prev[len(prev)-2]) // the last one is shared with p
		}
	}
	out = append(out, p.Sentences...)
	if i+1 < len(ix.Passages) && ix.Passages[i+1].Article == p.Article {
		added := 0
		for _, s := range ix.Passages[i+1].Sentences {
			if s.Start >= p.End && added < 2 {
				out = append(out, s)
				added++
			}
		}
	}
	return out
}

// aboutTopic reports whether one of the candidates, with an excerpt that
// holds every term of q, is from an article whose title holds them too:
// an article about a subject covers a request for it, however few its
// words, where the answerability model, which weighs how much a question
// tells, would call so short a question chance.
func aboutTopic(ix *index.Index, q query, cands []candidate) bool {
	for _, c := range cands {
		if c.coverage >= 0.999 && q.coverage(ix.Articles[c.article].Title) >= 0.999 {
			return true
		}
	}
	return false
}
