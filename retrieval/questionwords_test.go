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
		"Can you tell me about the no-spy deal?":         {"deal", "spi"},
		"What happened to Huawei's revenue?":             {"huawei", "revenu"},
		"Explain what's going on with Huawei":            {"huawei"},
		"Who will tell the story?":                       {"stori", "tell"},
		"Why did Huawei give me a refund?":               {"give", "huawei", "refund"},
		"What's the latest news on Meng Wanzhou?":        {"meng", "wanzhou"},
		"Which phone is the latest?":                     {"latest", "phone"},
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

// A question framed as a request or asking what happened is asked for
// its subject: the seeds answer these, and still refuse what they do not
// cover however it is framed.
func TestQuestionFramesAreAskedForTheirSubject(t *testing.T) {
	e := openSeeds(t, Options{})
	for q, want := range map[string]string{
		"Tell me about Huawei's no-spy offer":      "no-spy",
		"What happened to Huawei's revenue?":       "858.8 billion yuan",
		"Do you know who founded Huawei?":          "founded",
		"Can you tell me about Meng Wanzhou?":      "Meng",
		"What is the latest on Huawei?":            "Biden",
		"Can you tell me who the CEO of Apple is?": "",
		"Any news about the capital of Australia?": "",
		"Tell me about the capital of Australia":   "",
	} {
		ans, err := e.Ask(context.Background(), q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want == "" && ans.Found:
			t.Errorf("%q: answered %q; want not covered", q, ans.Text)
		case want != "" && (!ans.Found || !strings.Contains(ans.Citations[0].Excerpt, want)):
			t.Errorf("%q: found %v, %q; want citation [1] holding %q", q, ans.Found, ans.Text, want)
		}
	}
}
