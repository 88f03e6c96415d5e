package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Two reports of the same kind of event, years apart: a question about
// "this week" should cite the newer one, a question without a time cue
// keeps the plain ranking.
func TestRecentQuestionsPreferNewArticles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("old.md", "---\ntitle: Carmaker recalls pickup trucks\npublished: 2015-03-02\n---\nAcme Motors recalled 200,000 pickup trucks over faulty brakes.\n")
	write("new.md", "---\ntitle: Pickup trucks recalled\npublished: 2022-10-05\n---\nZenith Auto recalled 200,000 pickup trucks over a wiring fault.\n")
	for i, topic := range []string{"harbour plan", "school budget", "river flood", "museum opening", "bridge repairs", "election result"} {
		write(fmt.Sprintf("filler%d.md", i), fmt.Sprintf("---\ntitle: The %s\npublished: 2022-09-0%d\n---\nThe council discussed the %s this week at length.\n", topic, i+1, topic))
	}
	e := openSeeds(t, Options{Corpus: dir})
	ans, err := e.Ask(context.Background(), "Which carmaker recalled 200,000 pickup trucks this week?", AskOptions{})
	if err != nil || !ans.Found {
		t.Fatalf("%+v, %v", ans, err)
	}
	if ans.Citations[0].Published.Year() != 2022 {
		t.Errorf("this-week question cites the %d article first", ans.Citations[0].Published.Year())
	}
}
