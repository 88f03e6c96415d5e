package retrieval

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// MaxLatest bounds how many articles Latest returns.
const MaxLatest = 25

// Latest returns the n newest articles (at most MaxLatest), or the n
// newest about topic: those a deep search for it finds, weighed as a
// timeline weighs them. Undated articles come last.
func (e *Engine) Latest(ctx context.Context, topic string, n int) ([]ArticleInfo, error) {
	topic = strings.TrimSpace(NormalizeText(topic))
	if len([]rune(topic)) > MaxTopicLen {
		return nil, fmt.Errorf("the topic is longer than %d characters", MaxTopicLen)
	}
	n = min(max(n, 1), MaxLatest)
	ix := e.live.Load()
	weights, _, err := topicWeights(ctx, ix, topic)
	if err != nil {
		return nil, fmt.Errorf("find the topic's articles: %w", err)
	}
	var arts []int
	for a := range weights {
		arts = append(arts, a)
	}
	sort.Slice(arts, func(i, j int) bool {
		pi, pj := ix.Articles[arts[i]].Published, ix.Articles[arts[j]].Published
		if !pi.Equal(pj) {
			return pi.After(pj)
		}
		return arts[i] < arts[j]
	})
	if len(arts) > n {
		arts = arts[:n]
	}
	counts := passageCounts(ix)
	out := make([]ArticleInfo, len(arts))
	for i, a := range arts {
		out[i] = articleInfo(ix.Articles[a], counts[a])
	}
	return out, nil
}
