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

// tagged tags the articles' dates, as the index does when it is built.
func tagged(arts []Article) []Article {
	Tag(arts)
	return arts
}

var corpus = tagged([]Article{
	{ID: "a", Title: "Acme fined", Published: day0(2019, 6, 4), Text: "Regulators said Tuesday that Acme must pay a record fine over its data breach. " +
		"Acme shares fell sharply. " +
		"Last month, Acme recalled two million toasters. " +
		"The company expects a recovery in the coming years."},
	{ID: "b", Title: "Acme recall", Published: day0(2019, 5, 20), Text: "Acme recalled two million toasters on May 14, 2019 after fires in Ohio destroyed three homes and injured a firefighter. " +
		"Acme was founded in the 1990s."},
	{ID: "c", Title: "Acme review", Published: day0(2020, 1, 10), Text: "In 2019, Acme recalled two million toasters. " +
		"In 2019, Acme sold two million kettles."},
})

func TestBuildDatesOrdersAndFolds(t *testing.T) {
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
	// by the most precise report, citing all three ("last month" in a's
	// June article and c's "In 2019" fold into the day they contain). The
	// kettle sales share the year and two words and stay apart. Undated
	// and vaguely dated sentences are not events.
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
			t.Errorf("folded recall = %+v", ev)
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
	arts := tagged([]Article{{ID: "x", Published: day0(2021, 3, 1), Text: "On March 1, 2021, the board met. In 2021, the firm changed its name. In March 2021, sales doubled."}})
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
	// A window keeps the dates inside it: 4 June, not the whole of 2019.
	tl := Build("acme", corpus, s, Options{Since: day0(2019, 6, 1), Until: day0(2019, 6, 30)})
	if got := dates(tl); len(got) != 1 || got[0] != "4 Jun 2019" {
		t.Errorf("June 2019 window = %v", got)
	}
	tl = Build("acme", corpus, s, Options{Until: day0(1999, 12, 31)})
	if got := dates(tl); len(got) != 1 || got[0] != "the 1990s" {
		t.Errorf("until 1999 = %v", got)
	}
	// The limit keeps the most important dates, shown in date order: the
	// two days (4 June is also the day article a was published), not the
	// earliest.
	tl = Build("acme", corpus, s, Options{Limit: 2})
	if got := dates(tl); len(got) != 2 || got[0] != "14 May 2019" || got[1] != "4 Jun 2019" {
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
	arts := tagged([]Article{{ID: "l", Published: day0(2019, 6, 10), Text: long}})
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

// dayCorpus is a story whose important day is known: the dam burst on
// Tuesday 10 March 2020. Five articles report it, published that day, the
// day after and weeks later; six other days are mentioned once each.
func dayCorpus() []Article {
	arts := []Article{
		{ID: "d1", Source: "wire", Published: day0(2020, 3, 10), Text: "The Kessel dam burst on Tuesday, flooding three villages downstream. Rescue teams were sent from the capital."},
		{ID: "d2", Source: "daily", Published: day0(2020, 3, 11), Text: "The Kessel dam collapsed yesterday after days of heavy rain. Engineers had warned of cracks in the wall."},
		{ID: "d3", Source: "wire", Published: day0(2020, 3, 11), Text: "Hundreds were evacuated after Tuesday's collapse of the Kessel dam. The army has set up shelters."},
		{ID: "d4", Source: "weekly", Published: day0(2020, 4, 2), Text: "Since the Kessel dam failed on March 10, 2020, no one has been charged. An inquiry opened on March 30, 2020."},
		{ID: "d5", Source: "daily", Published: day0(2020, 5, 1), Text: "The flood of March 10, 2020 cost the region its harvest."},
		{ID: "o1", Source: "daily", Published: day0(2020, 1, 5), Text: "The Kessel dam was inspected on January 3, 2020 without findings."},
		{ID: "o2", Source: "wire", Published: day0(2020, 2, 20), Text: "Farmers met the dam's operator on February 14, 2020 to discuss water prices."},
		{ID: "o3", Source: "weekly", Published: day0(2020, 6, 1), Text: "The regional council voted on May 28, 2020 to rebuild the dam further upstream."},
	}
	return tagged(arts)
}

func TestBuildPicksTheDayTheCoverageIsAbout(t *testing.T) {
	arts := dayCorpus()
	tl := Build("kessel dam", arts, sentencesOf(arts), Options{Limit: 1})
	if got := dates(tl); len(got) != 1 || got[0] != "10 Mar 2020" {
		t.Fatalf("the most important date = %v, want 10 Mar 2020", got)
	}
	ev := tl.Events[0]
	if ev.Granularity != "day" || len(ev.Citations) < 3 {
		t.Errorf("10 March entry %+v, want a day citing several reports", ev)
	}
	tl = Build("kessel dam", arts, sentencesOf(arts), Options{Limit: 3})
	got := dates(tl)
	if len(got) != 3 || !contains(got, "10 Mar 2020") {
		t.Errorf("top 3 dates = %v, want 10 Mar 2020 among them", got)
	}
	for i := 1; i < len(tl.Events); i++ {
		if tl.Events[i].Start.Before(tl.Events[i-1].Start) {
			t.Errorf("events out of date order: %v", got)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestBuildDaySummaryHasNoRepeats(t *testing.T) {
	arts := tagged([]Article{
		{ID: "r1", Published: day0(2021, 7, 2), Text: "On July 1, 2021, the Veltro bridge opened to traffic after six years of works."},
		{ID: "r2", Published: day0(2021, 7, 2), Text: "The Veltro bridge opened to traffic on July 1, 2021 after six years of works."},
		{ID: "r3", Published: day0(2021, 7, 3), Text: "After six years of works, the Veltro bridge opened to traffic on July 1, 2021."},
		{ID: "r4", Published: day0(2021, 7, 3), Text: "Toll prices for the Veltro bridge, announced on July 1, 2021, drew protests from hauliers."},
	})
	tl := Build("veltro bridge", arts, sentencesOf(arts), Options{})
	if len(tl.Events) != 1 {
		t.Fatalf("events = %v", dates(tl))
	}
	ev := tl.Events[0]
	if n := strings.Count(ev.Text, "opened to traffic"); n != 1 {
		t.Errorf("the opening is told %d times in the entry: %q", n, ev.Text)
	}
	cited := map[string]bool{}
	for _, c := range ev.Citations {
		cited[c.ArticleID] = true
	}
	if !cited["r1"] || !cited["r2"] || !cited["r3"] {
		t.Errorf("citations %v, want the three reports of the opening cited", cited)
	}
}

func TestBuildSkipsBoilerplate(t *testing.T) {
	arts := tagged([]Article{{ID: "b", Published: day0(2019, 6, 7), Text: "Originally published on June 7, 2019 7:57 am\n" +
		"By Jane Doe, June 7, 2019\n" +
		"Copyright 2019 Example Radio. June 7, 2019.\n" +
		"Photo: The harbour on June 6, 2019.\n" +
		"June 7, 2019 7:57 am\n" +
		"The port of Lenz reopened on Thursday after the storm."}})
	tl := Build("", arts, sentencesOf(arts), Options{})
	if got := dates(tl); len(got) != 1 || got[0] != "6 Jun 2019" || !strings.Contains(tl.Events[0].Text, "port of Lenz reopened") {
		t.Errorf("events = %v %+v, want only the reopening on Thursday 6 June", got, tl.Events)
	}
}
