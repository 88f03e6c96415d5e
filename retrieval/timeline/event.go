package timeline

import (
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// maxExcerpt is the longest citation excerpt, in characters.
const maxExcerpt = 400

// event is an Event under construction.
type event struct {
	value string
	gran  timex.Granularity
	start time.Time
	end   time.Time
	score float64
	said  []int // the sentences that say what happened, indices into mentions.sents
	also  []int // other sentences that tell the same thing
}

// export turns the event into its public form, citing its sentences.
func (e *event) export(articles []Article, ms *mentions) Event {
	texts := make([]string, len(e.said))
	cites := make([]Citation, 0, len(e.said)+len(e.also))
	for i, si := range e.said {
		s := &ms.sents[si]
		texts[i] = strings.Join(strings.Fields(articles[s.article].Text[s.start:s.end]), " ")
		cites = append(cites, citationOf(&articles[s.article], s, e.value))
	}
	for _, si := range e.also {
		s := &ms.sents[si]
		cites = append(cites, citationOf(&articles[s.article], s, e.value))
	}
	return Event{
		Date:        timex.Label(e.value),
		Value:       e.value,
		Granularity: string(e.gran),
		Start:       e.start,
		End:         e.end,
		Text:        strings.Join(texts, " "),
		Citations:   cites,
		Score:       e.score,
	}
}

// citationOf cites sentence s of article a, clipped around the expression
// of value when the sentence is long.
func citationOf(a *Article, s *sentence, value string) Citation {
	anchor := textseg.Span{Start: s.start, End: s.start}
	for _, d := range s.dates {
		if d.Value == value {
			anchor = textseg.Span{Start: d.Start, End: d.End}
			break
		}
	}
	clip := textseg.ClipAround(a.Text, textseg.Span{Start: s.start, End: s.end}, anchor, maxExcerpt)
	return Citation{
		ArticleID: a.ID,
		Title:     a.Title,
		Published: a.Published,
		URL:       a.URL,
		Excerpt:   a.Text[clip.Start:clip.End],
		Start:     clip.Start,
		End:       clip.End,
	}
}
