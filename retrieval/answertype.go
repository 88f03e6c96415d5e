package retrieval

import (
	"context"
	"math"
	"regexp"
	"strings"

	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// answerTypeWeight is the weight of answer-type agreement: for "Which
// country …?" an excerpt that names a country ranks above one that only
// repeats the question's words.
const answerTypeWeight = 0.2

// answerTypeRE finds the noun phrase a which- or what-question asks for:
// "Which US national park was …" → "US national park".
var answerTypeRE = regexp.MustCompile(`(?i)\b(?:which|what)\s+(?:of (?:these|the following|the)\s+)?((?:[\p{L}'’-]+\s+){0,3}?)(?:is|are|was|were|did|does|do|has|have|had|will|would|could|can|should|to|in|on|at|of|for|from|with|that|this|just|recently|became|made)\b`)

// answerType returns the phrase question asks for, or "".
func answerType(question string) string {
	m := answerTypeRE.FindStringSubmatch(question)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(m[1])
}

// answerTypeScores returns, for each excerpt, how close its closest new
// word (one not in the question, not a stop word) comes to the asked-for
// type in GloVe space, as a cosine in [0, 1]; nil when the question asks
// for no type. Word vectors come from the embedded GloVe table whatever
// embedder the index uses.
func answerTypeScores(ctx context.Context, question string, excerpts []string) ([]float64, error) {
	typ := answerType(question)
	if typ == "" {
		return nil, nil
	}
	inQuestion := wordSet(question)
	words := []string{typ}
	ids := map[string]int{}
	per := make([][]int, len(excerpts))
	for i, ex := range excerpts {
		for _, w := range textseg.Words(ex) {
			if inQuestion[w] || len(textseg.Terms(w)) == 0 {
				continue
			}
			id, ok := ids[w]
			if !ok {
				id = len(words)
				ids[w] = id
				words = append(words, w)
			}
			per[i] = append(per[i], id)
		}
	}
	g, err := embed.NewGloVe()
	if err != nil {
		return nil, err
	}
	vs, err := g.Embed(ctx, words)
	if err != nil {
		return nil, err
	}
	scores := make([]float64, len(excerpts))
	for i, ids := range per {
		for _, id := range ids {
			scores[i] = max(scores[i], cosine(vs[0], vs[id]))
		}
	}
	return scores, nil
}

// cosine of two unit vectors, 0 when they point apart.
func cosine(a, b []float32) float64 {
	var d float64
	for i := range a {
		d += float64(a[i]) * float64(b[i])
	}
	return math.Max(d, 0)
}
