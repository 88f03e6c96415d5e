package retrieval

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// Two reports of the same kind of event, years apart: a question about
// "this week" should cite the newer one, a question without a time cue
// keeps the plain ranking.
func TestRecentQuestionsPreferNewArticles(t *testing.T) {
	files := map[string]string{}
	write := func(name, text string) { files[name] = text }
	write("old.md", "---\ntitle: Carmaker recalls pickup trucks\npublished: 2015-03-02\n---\nAcme Motors recalled 200,000 pickup trucks over faulty brakes.\n")
	write("new.md", "---\ntitle: Pickup trucks recalled\npublished: 2022-10-05\n---\nZenith Auto recalled 200,000 pickup trucks over a wiring fault.\n")
	for i, topic := range []string{"harbour plan", "school budget", "river flood", "museum opening", "bridge repairs", "election result"} {
		write(fmt.Sprintf("filler%d.md", i), fmt.Sprintf("---\ntitle: The %s\npublished: 2022-09-0%d\n---\nThe council discussed the %s this week at length.\n", topic, i+1, topic))
	}
	e := openSeeds(t, Options{Corpus: corpusDir(t, files)})
	ans, err := e.Ask(context.Background(), "Which carmaker recalled 200,000 pickup trucks this week?", AskOptions{})
	if err != nil || !ans.Found {
		t.Fatalf("%+v, %v", ans, err)
	}
	if ans.Citations[0].Published.Year() != 2022 {
		t.Errorf("this-week question cites the %d article first", ans.Citations[0].Published.Year())
	}
}

// Two ceremonies a year apart, both reported in the corpus: a question
// asked in the week of the second, with no time words, cites the second;
// the same question asked long after the corpus ends keeps the plain
// ranking, and asked in the week of the first it cites the first.
func TestQuestionsAreAnsweredAsOfWhenAsked(t *testing.T) {
	files := map[string]string{}
	write := func(name, text string) { files[name] = text }
	write("a.md", "---\ntitle: Harbour prize awarded\npublished: 2021-06-10\n---\nThe harbour prize went to the rowing club of Northport.\n")
	write("b.md", "---\ntitle: Harbour prize awarded again\npublished: 2022-06-09\n---\nThe harbour prize went to the sailing school of Southbay.\n")
	for i, topic := range []string{"school budget", "river flood", "museum opening", "bridge repairs", "election result"} {
		write(fmt.Sprintf("filler%d.md", i), fmt.Sprintf("---\ntitle: The %s\npublished: 2022-0%d-15\n---\nThe council discussed the %s at length.\n", topic, i+1, topic))
	}
	e := openSeeds(t, Options{Corpus: corpusDir(t, files)})
	const q = "Who won the harbour prize?"
	winner := func(asOf time.Time) string {
		t.Helper()
		ans, err := e.Ask(context.Background(), q, AskOptions{AsOf: asOf})
		if err != nil || !ans.Found {
			t.Fatalf("%+v, %v", ans, err)
		}
		return ans.Citations[0].Title
	}
	if got := winner(date(2022, 6, 12)); got != "Harbour prize awarded again" {
		t.Errorf("asked in June 2022: first citation %q", got)
	}
	if got := winner(date(2021, 6, 12)); got != "Harbour prize awarded" {
		t.Errorf("asked in June 2021: first citation %q", got)
	}
	plain, err := e.Ask(context.Background(), q, AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	later, err := e.Ask(context.Background(), q, AskOptions{AsOf: date(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Citations[0].Title != later.Citations[0].Title || plain.Citations[0].Score != later.Citations[0].Score {
		t.Errorf("asked after the corpus ends: %q (%.3f), undated: %q (%.3f)", later.Citations[0].Title, later.Citations[0].Score, plain.Citations[0].Title, plain.Citations[0].Score)
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
