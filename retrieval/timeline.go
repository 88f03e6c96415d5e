package retrieval

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timeline"
)

// Timeline limits.
const (
	// DefaultTimelineLimit is how many dates a timeline shows when
	// TimelineOptions.Limit is 0: a readable page of the story.
	DefaultTimelineLimit = 20
	// MaxTimelineLimit bounds TimelineOptions.Limit.
	MaxTimelineLimit = 1000
	// MaxTopicLen is the longest topic, in characters, Timeline accepts.
	MaxTopicLen = 200
	// topicDepth is how many passages a topic search reads: deep enough
	// to cover a story told over hundreds of articles.
	topicDepth = 20000
)

// Topic relevance. An article counts for a topic by two measures
// multiplied: how well its best passage matches the topic (its BM25 score
// against half that of the topicReference-th best article, at most 1),
// and how much of the topic it names anywhere (the IDF-weighted share of
// the topic's terms it holds), so that an article naming only "Michael"
// counts little for "Michael Jackson". An article weighing under
// minTopicWeight is not about the topic.
const (
	topicReference = 10
	minTopicWeight = 0.25
)

// TimelineOptions filters a timeline. Since and Until keep dates inside
// [Since, Until] (whole days, inclusive); zero means no bound. Limit keeps
// the Limit most important dates, shown in date order; 0 means
// DefaultTimelineLimit, and it is at most MaxTimelineLimit.
type TimelineOptions struct {
	Since, Until time.Time
	Limit        int
}

// Timeline returns the dates that matter for topic, oldest first, each
// with the sentences that say what happened then and their citations.
// The articles about the topic are found by a deep BM25 search and
// weighed by how well they match; every dated sentence of them is a
// candidate. An empty topic reads every article.
func (e *Engine) Timeline(ctx context.Context, topic string, opts TimelineOptions) (timeline.Timeline, error) {
	topic = strings.TrimSpace(NormalizeText(topic))
	if len([]rune(topic)) > MaxTopicLen {
		return timeline.Timeline{}, fmt.Errorf("the topic is longer than %d characters", MaxTopicLen)
	}
	if opts.Limit <= 0 {
		opts.Limit = DefaultTimelineLimit
	}
	opts.Limit = min(opts.Limit, MaxTimelineLimit)
	ix := e.live.Load()
	topic, _ = respell(ix, topic) // the timeline is titled with the topic as read
	weights, passages, err := topicWeights(ctx, ix, topic)
	if err != nil {
		return timeline.Timeline{}, fmt.Errorf("find the topic's articles: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return timeline.Timeline{}, err
	}
	arts, sents := timelineInput(ix, weights, passages)
	if err := ctx.Err(); err != nil {
		return timeline.Timeline{}, err
	}
	return timeline.Build(topic, arts, sents, timeline.Options{Since: opts.Since, Until: opts.Until, Limit: opts.Limit}), nil
}

// topicWeights weighs the articles about topic, by index position, and
// returns the passages that match it (nil for an empty topic, which
// weighs every article 1 and reads every passage). Every passage is
// indexed with its article's title, so an article titled with the topic
// is read whole, and one that touches it in passing only where it does.
func topicWeights(ctx context.Context, ix *index.Index, topic string) (map[int]float64, map[int]bool, error) {
	weights := make(map[int]float64)
	if topic == "" {
		for i := range ix.Articles {
			weights[i] = 1
		}
		return weights, nil, nil
	}
	terms := uniqueTerms(topic)
	best := map[int]float64{}
	passages := map[int]bool{}
	hits, err := ix.WordHits(ctx, terms, topicDepth)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hits {
		a := ix.Passages[h.Passage].Article
		best[a] = max(best[a], h.Score)
		passages[h.Passage] = true
	}
	if len(best) == 0 {
		return weights, passages, nil
	}
	named, total, err := namedShare(ctx, ix, terms)
	if err != nil {
		return nil, nil, err
	}
	scores := make([]float64, 0, len(best))
	for _, s := range best {
		scores = append(scores, s)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(scores)))
	ref := scores[min(topicReference, len(scores))-1] / 2
	for a, s := range best {
		if w := min(s/ref, 1) * min(1, 2*named[a]/total); w >= minTopicWeight {
			weights[a] = w
		}
	}
	return weights, passages, nil
}

// namedShare returns, per article, the summed IDF of the topic terms it
// holds, and the summed IDF of all of them.
func namedShare(ctx context.Context, ix *index.Index, terms []string) (named map[int]float64, total float64, err error) {
	named = map[int]float64{}
	for _, t := range terms {
		idf := ix.IDF(t)
		total += idf
		seen := map[int]bool{}
		hits, err := ix.WordHits(ctx, []string{t}, topicDepth)
		if err != nil {
			return nil, 0, err
		}
		for _, h := range hits {
			a := ix.Passages[h.Passage].Article
			if !seen[a] {
				seen[a] = true
				named[a] += idf
			}
		}
	}
	return named, total, nil
}

// uniqueTerms returns the distinct search terms of text, in order.
func uniqueTerms(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range textseg.Terms(text) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// timelineInput lists the weighed articles and the sentences of their
// passages (all of them when passages is nil), each sentence once
// (passages share a sentence with the one before).
func timelineInput(ix *index.Index, weights map[int]float64, passages map[int]bool) ([]timeline.Article, []timeline.Sentence) {
	pos := make(map[int]int, len(weights)) // index article -> position in arts
	var arts []timeline.Article
	var sents []timeline.Sentence
	last := map[int]int{}  // article -> end of the last sentence taken
	total := map[int]int{} // article -> passages
	for _, p := range ix.Passages {
		if _, ok := weights[p.Article]; ok {
			total[p.Article]++
		}
	}
	for i, p := range ix.Passages {
		w, ok := weights[p.Article]
		if !ok || (passages != nil && !passages[i]) {
			continue
		}
		at, ok := pos[p.Article]
		if !ok {
			a := &ix.Articles[p.Article]
			at = len(arts)
			pos[p.Article] = at
			arts = append(arts, timeline.Article{
				ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published,
				Text: a.Text, Dates: ix.Dates[p.Article], Weight: w,
			})
		}
		if passages != nil {
			arts[at].Focus += 1 / float64(total[p.Article])
		}
		for _, s := range p.Sentences {
			if end, ok := last[p.Article]; ok && s.Start < end {
				continue
			}
			sents = append(sents, timeline.Sentence{Article: at, Start: s.Start, End: s.End})
			last[p.Article] = s.End
		}
	}
	return arts, sents
}
