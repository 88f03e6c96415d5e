package retrieval

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timeline"
)

// Timeline limits.
const (
	// timelinePassages is how many passages a topic search reads.
	timelinePassages = 50
	// DefaultTimelineLimit bounds a timeline when TimelineOptions.Limit is 0.
	DefaultTimelineLimit = 200
	// MaxTopicLen is the longest topic, in characters, Timeline accepts.
	MaxTopicLen = 200
)

// TimelineOptions filters a timeline. Since and Until keep events whose
// dates overlap [Since, Until] (whole days, inclusive); zero means no
// bound. Limit keeps the first Limit events in date order; 0 means
// DefaultTimelineLimit.
type TimelineOptions struct {
	Since, Until time.Time
	Limit        int
}

// Timeline returns the dated events about topic, oldest first, each citing
// the sentences that report it. The passages that best match the topic are
// retrieved (hybrid search), and their sentences that name the topic and
// carry a calendar date become events. An empty topic lists every dated
// sentence of the corpus.
//
// A sentence names the topic when it holds at least half of the topic's
// distinct search terms (all of them for one- and two-word topics). The
// article title does not count: a sentence of an article about Huawei that
// does not say "Huawei" is usually page furniture ("Originally published on
// June 7, 2019") or background, and a timeline is only as good as its
// weakest line.
func (e *Engine) Timeline(ctx context.Context, topic string, opts TimelineOptions) (timeline.Timeline, error) {
	topic = strings.TrimSpace(topic)
	if len([]rune(topic)) > MaxTopicLen {
		return timeline.Timeline{}, fmt.Errorf("the topic is longer than %d characters", MaxTopicLen)
	}
	if opts.Limit <= 0 {
		opts.Limit = DefaultTimelineLimit
	}
	ix := e.live.Load()
	var sents []timeline.Sentence
	if topic == "" {
		sents = allSentences(ix)
	} else {
		var err error
		if sents, err = topicSentences(ctx, ix, topic); err != nil {
			return timeline.Timeline{}, err
		}
	}
	if err := ctx.Err(); err != nil {
		return timeline.Timeline{}, err
	}
	arts := make([]timeline.Article, len(ix.Articles))
	for i, a := range ix.Articles {
		arts[i] = timeline.Article{ID: a.ID, Title: a.Title, URL: a.URL, Published: a.Published, Text: a.Text}
	}
	return timeline.Build(topic, arts, sents, timeline.Options{Since: opts.Since, Until: opts.Until, Limit: opts.Limit}), nil
}

// allSentences lists every sentence of the corpus once, in article order.
func allSentences(ix *index.Index) []timeline.Sentence {
	var out []timeline.Sentence
	last := map[int]int{} // article -> end of the last sentence taken
	for _, p := range ix.Passages {
		for _, s := range p.Sentences {
			if end, ok := last[p.Article]; ok && s.Start < end {
				continue // the sentence a passage shares with the one before
			}
			out = append(out, timeline.Sentence{Article: p.Article, Start: s.Start, End: s.End})
			last[p.Article] = s.End
		}
	}
	return out
}

// topicSentences returns the sentences of the passages that match topic
// which name it.
func topicSentences(ctx context.Context, ix *index.Index, topic string) ([]timeline.Sentence, error) {
	hits, err := ix.Search(ctx, topic, index.SearchOptions{K: timelinePassages})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	want := termSet(topic)
	need := (len(want) + 1) / 2
	if len(want) == 2 {
		need = 2
	}
	var out []timeline.Sentence
	seen := map[[2]int]bool{}
	for _, h := range hits {
		p := ix.Passages[h.Passage]
		text := ix.Articles[p.Article].Text
		for _, s := range p.Sentences {
			key := [2]int{p.Article, s.Start}
			if seen[key] {
				continue
			}
			seen[key] = true
			if mentions(text[s.Start:s.End], want, need) {
				out = append(out, timeline.Sentence{Article: p.Article, Start: s.Start, End: s.End})
			}
		}
	}
	return out, nil
}

// mentions reports whether sentence holds at least need of the wanted terms.
// A topic of stop words only (want empty) matches every sentence.
func mentions(sentence string, want map[string]bool, need int) bool {
	if len(want) == 0 {
		return true
	}
	found := map[string]bool{}
	for _, t := range textseg.Terms(sentence) {
		if want[t] {
			found[t] = true
		}
	}
	return len(found) >= need
}
