package retrieval

import (
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// News states the event first and gives its details next: the sentence
// that best matches a question often only retells it ("NASA released new
// images this week."), and the answer comes in the sentences right after
// ("The images show distant galaxies…"), too far away for a 400-character
// excerpt. So the best-ranked sources also offer their follow-on: the one
// to three sentences after their excerpt, as a citation of its own, ranked
// followOnGap below the excerpt it continues.
const (
	followOnSources = 3
	followOnGap     = 0.25
)

// addFollowOns adds the follow-on of each of the first followOnSources
// candidates, ranked and cleared of overlaps like the rest. cands must be
// sorted best first.
func addFollowOns(ix *index.Index, q query, cands []candidate) []candidate {
	n := min(followOnSources, len(cands))
	for _, c := range cands[:n] {
		span, ok := followOn(ix, c)
		if !ok {
			continue
		}
		text := ix.Articles[c.article].Text
		next := c
		next.excerpt = excerpt{Span: span, coverage: q.coverage(text[span.Start:span.End])}
		next.terms = nil // another span: dropOverlaps works its terms out again
		next.score = c.score - followOnGap
		cands = append(cands, next)
	}
	sortByScore(cands)
	return dropOverlaps(ix, cands)
}

// followOn returns the one to three sentences of c's article that follow
// its excerpt, within MaxExcerptLen characters; a single longer sentence
// is cut on a word boundary. It reports false at the article's end.
func followOn(ix *index.Index, c candidate) (textseg.Span, bool) {
	text := ix.Articles[c.article].Text
	var sents []textseg.Span
	next := c.End // passages share a sentence: take each one once
	for i := c.Passage; i < len(ix.Passages) && ix.Passages[i].Article == c.article && len(sents) < 3; i++ {
		for _, s := range ix.Passages[i].Sentences {
			if s.Start >= next && len(sents) < 3 {
				sents = append(sents, s)
				next = s.End
			}
		}
	}
	if len(sents) == 0 {
		return textseg.Span{}, false
	}
	span := sents[0]
	for _, s := range sents[1:] {
		longer := textseg.Span{Start: span.Start, End: s.End}
		if runes(text, longer) > MaxExcerptLen {
			break
		}
		span = longer
	}
	if runes(text, span) > MaxExcerptLen {
		span = clipFromStart(text, span)
	}
	return span, true
}
