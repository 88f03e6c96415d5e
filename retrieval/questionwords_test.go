package retrieval

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// "won't" asks for no term "won" (of "win"), nor "how much" for the term
// "much": an answer need not hold them. A "won" or a "long" that says
// something stays.
func TestQuestionWordsAreNotTerms(t *testing.T) {
	idf := func(string) float64 { return 1 }
	for question, want := range map[string][]string{
		"Did Huawei promise it won't snoop for Beijing?": {"beij", "huawei", "promis", "snoop"},
		"Why didn’t the talks succeed?":                  {"succeed", "talk"},
		"How much money did Huawei make in 2019?":        {"2019", "huawei", "make", "money"},
		"HOW LONG is the Nile?":                          {"nile"},
		"Who won the long race?":                         {"long", "race", "won"},
	} {
		q := newQuery(question, idf)
		var got []string
		for term := range q.weights {
			got = append(got, term)
		}
		sort.Strings(got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: terms %v; want %v", question, got, want)
		}
	}
}

// A negation is no word to match: asked why Huawei won't sign a no-spy
// agreement, the seeds cite the chairman on signing one, not the
// sentence where Google "won't" supply Android.
func TestNegationDoesNotPickTheExcerpt(t *testing.T) {
	e := openSeeds(t, Options{})
	ans, err := e.Ask(context.Background(), "Why won't Huawei sign a no-spy agreement?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) == 0 {
		t.Fatalf("no citations: %q", ans.Text)
	}
	if first := ans.Citations[0].Excerpt; !strings.Contains(first, "no-spy agreement") || strings.Contains(first, "Google") {
		t.Errorf("citation [1] = %q; want the no-spy agreement, not Google's won't", first)
	}
}
