package retrieval

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// A follow-up question leans on the one before: "Where are its
// headquarters?" names no company, so the previous question decides which
// article answers it.
func TestFollowUpUsesThePreviousQuestion(t *testing.T) {
	files := map[string]string{}
	write := func(name, text string) { files[name] = text }
	write("zenith.txt", "Zenith Auto recalls vans\n\nZenith Auto recalled 20,000 vans over a wiring fault. The carmaker has its headquarters in Detroit.\n")
	write("acme.txt", "Acme Foods sells its bakeries\n\nAcme Foods sold its bakery business to a rival. The grocer has its headquarters in Chicago.\n")
	for i, topic := range []string{"harbour plan", "school budget", "river flood", "museum opening"} {
		write(fmt.Sprintf("filler%d.txt", i), fmt.Sprintf("The %s\n\nThe council discussed the %s at length.\n", topic, topic))
	}
	e := openSeeds(t, Options{Corpus: corpusDir(t, files)})
	for previous, city := range map[string]string{
		"Which vans did Zenith Auto recall?": "Detroit",
		"What did Acme Foods sell?":          "Chicago",
	} {
		ans, err := e.Ask(context.Background(), "Where are its headquarters?", AskOptions{Context: previous})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || !strings.Contains(ans.Citations[0].Excerpt, city) {
			t.Errorf("after %q: [1] = %+v, want the %s article", previous, ans.Citations, city)
		}
	}
}
