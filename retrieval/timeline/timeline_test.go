package timeline

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dossier-bot/dossier/retrieval/textseg"
)

func day0(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// sentencesOf makes every sentence of every article a candidate.
func sentencesOf(arts []Article) []Sentence {
	var out []Sentence
	for i, a := range arts {
		for _, s := range textseg.Sentences(a.Text) {
			out = append(out, Sentence{Article: i, Start: s.Start, End: s.End})
		}
	}
	return out
}

var corpus = []Article{
	{ID: "a", Title: "Acme fined", Published: day0(2019, 6, 4), Text: "Regulators said Tuesday that Acme must pay a record fine over its data breach. " +
		"Acme shares fell sharply. " +
		"Last month, Acme recalled two million toasters. " +
		"The company expects a recovery in the coming years."},
	{ID: "b", Title: "Acme recall", Published: day0(2019, 5, 20), Text: "Acme recalled two million toasters on May 14, 2019 after fires in Ohio destroyed three homes and injured a firefighter. " +
		"Acme was founded in the 1990s."},
	{ID: "c", Title: "Acme review", Published: day0(2020, 1, 10), Text: "In 2019, Acme recalled two million toasters. " +
		"In 2019, Acme sold two million kettles."},
}

func TestBuildDatesOrdersAndMerges(t *testing.T) {
	tl := Build("acme", corpus, sentencesOf(corpus), Options{})
	var got []string
	for _, ev := range tl.Events {
		var ids []string
		for _, c := range ev.Citations {
			ids = append(ids, c.ArticleID)
		}
		got = append(got, ev.Date+" "+strings.Join(ids, ","))
	}
	// The recall is told three times at three precisions: one entry dated
	// by the most precise report, citing all three. The 2019 summary shares
	// few words with the long report, but all of its own, and its year
	// holds the report's day. The kettle sales share
	// the year and two words and stay apart, after the recall (coarser first on
	// ties is for equal start dates; 2019 starts before 14 May 2019).
	// Undated and vaguely dated sentences are not events.
	want := []string{
		"the 1990s b",
		"2019 c",
		"14 May 2019 b,a,c",
		"4 Jun 2019 a",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, ev := range tl.Events {
		if ev.Date == "2019" && !strings.Contains(ev.Text, "kettles") {
			t.Errorf("2019 event is %q, want the kettle sales", ev.Text)
		}
		if ev.Date == "14 May 2019" && (ev.Value != "2019-05-14" || ev.Granularity != "day" || !strings.HasPrefix(ev.Text, "Acme recalled two million toasters on May 14")) {
			t.Errorf("merged recall = %+v", ev)
		}
		for _, c := range ev.Citations {
			a := articleByID(c.ArticleID)
			if a.Text[c.Start:c.End] != c.Excerpt || c.Title != a.Title || !c.Published.Equal(a.Published) {
				t.Errorf("citation %+v does not match article %s", c, a.ID)
			}
		}
	}
}

func articleByID(id string) Article {
	for _, a := range corpus {
		if a.ID == id {
			return a
		}
	}
	return Article{}
}

func TestBuildTieOrder(t *testing.T) {
	arts := []Article{{ID: "x", Published: day0(2021, 3, 1), Text: "On March 1, 2021, the board met. In 2021, the firm changed its name. In March 2021, sales doubled."}}
	tl := Build("", arts, sentencesOf(arts), Options{})
	var got []string
	for _, ev := range tl.Events {
		got = append(got, ev.Date)
	}
	if want := "2021|March 2021|1 Mar 2021"; strings.Join(got, "|") != want {
		t.Errorf("order = %v, want coarser first on equal start dates: %s", got, want)
	}
}

func TestBuildWindowAndLimit(t *testing.T) {
	s := sentencesOf(corpus)
	tl := Build("acme", corpus, s, Options{Since: day0(2019, 6, 1), Until: day0(2019, 6, 30)})
	if len(tl.Events) != 2 || tl.Events[0].Date != "2019" || tl.Events[1].Date != "4 Jun 2019" {
		t.Errorf("June 2019 window = %+v", dates(tl))
	}
	tl = Build("acme", corpus, s, Options{Until: day0(1999, 12, 31)})
	if got := dates(tl); len(got) != 1 || got[0] != "the 1990s" {
		t.Errorf("until 1999 = %v", got)
	}
	tl = Build("acme", corpus, s, Options{Limit: 2})
	if got := dates(tl); len(got) != 2 || got[0] != "the 1990s" || got[1] != "2019" {
		t.Errorf("limit 2 = %v", got)
	}
	if tl := Build("acme", corpus, nil, Options{}); tl.Events == nil || len(tl.Events) != 0 {
		t.Errorf("no sentences gave %+v, want an empty, non-nil list", tl.Events)
	}
}

func dates(tl Timeline) []string {
	var out []string
	for _, ev := range tl.Events {
		out = append(out, ev.Date)
	}
	return out
}

func TestBuildIgnoresBadSpansAndDuplicates(t *testing.T) {
	s := sentencesOf(corpus)
	s = append(s, s...) // passages overlap: the same sentence twice
	s = append(s, Sentence{Article: 7}, Sentence{Article: 0, Start: 5, End: 1 << 20})
	tl := Build("acme", corpus, s, Options{})
	if len(tl.Events) != 4 {
		t.Fatalf("events = %v", dates(tl))
	}
	for _, ev := range tl.Events {
		if ev.Date == "4 Jun 2019" && len(ev.Citations) != 1 {
			t.Errorf("a repeated sentence is cited %d times", len(ev.Citations))
		}
	}
}

func TestClipKeepsDateAndWords(t *testing.T) {
	long := strings.Repeat("word ", 120) + "on June 4, 2019 the deal " + strings.Repeat("más ", 60) + "end."
	arts := []Article{{ID: "l", Published: day0(2019, 6, 10), Text: long}}
	tl := Build("", arts, []Sentence{{Article: 0, Start: 0, End: len(long)}}, Options{})
	if len(tl.Events) != 1 {
		t.Fatalf("events = %v", dates(tl))
	}
	c := tl.Events[0].Citations[0]
	if utf8.RuneCountInString(c.Excerpt) > maxExcerpt || !strings.Contains(c.Excerpt, "June 4, 2019") || long[c.Start:c.End] != c.Excerpt {
		t.Errorf("excerpt %d characters [%d:%d]: %q", utf8.RuneCountInString(c.Excerpt), c.Start, c.End, c.Excerpt)
	}
	if strings.HasPrefix(c.Excerpt, " ") || strings.HasSuffix(c.Excerpt, " ") ||
		(c.Start > 0 && long[c.Start-1] != ' ') || (c.End < len(long) && long[c.End] != ' ') {
		t.Errorf("excerpt not cut at word boundaries: [%d:%d] %q", c.Start, c.End, c.Excerpt)
	}
	if tl.Events[0].Text != long {
		t.Error("event text is not the whole sentence")
	}
}
