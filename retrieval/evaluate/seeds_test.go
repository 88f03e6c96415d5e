package evaluate

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/retrieval"
)

// The bar on the seed questions: recall@1 >= 0.9, @5 = 1 on the
// answerable ones, and "not found" on every unanswerable one, for each
// retriever. The questions live in ../shared; the test skips without them.
func TestSeedQuestionsMeetTheBar(t *testing.T) {
	f, err := os.Open("../../../shared/eval/seeds-qa.jsonl")
	if err != nil {
		t.Skipf("seed questions absent: %v", err)
	}
	qs, err := ReadQuestions(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	eng, _, err := retrieval.Open(ctx, retrieval.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"hybrid", "bm25", "vector"} {
		rep, err := Run(ctx, eng, qs, Options{Ks: []int{1, 5}, Retriever: r})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Recall["1"] < 0.9 || rep.Recall["5"] < 1 || rep.NotFoundRate < 1 || rep.FalseNotFoundRate > 0 {
			t.Errorf("%s: recall@1 %.3f, @5 %.3f, not found %.2f, false not found %.2f", r, rep.Recall["1"], rep.Recall["5"], rep.NotFoundRate, rep.FalseNotFoundRate)
		}
	}
}

// --misses lists the questions answered wrongly: an answer that none of
// the excerpts holds, and citations for a question marked unanswerable.
func TestMissesListWrongAnswers(t *testing.T) {
	ctx := context.Background()
	eng, _, err := retrieval.Open(ctx, retrieval.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	qs := []Question{
		{Question: "Where is Huawei's headquarters?", Answers: []string{"Shenzhen"}},
		{Question: "Who is the chairman of Huawei?", Answers: []string{"Zanzibar"}},
		{Question: "Which operating system do most Huawei phones run?"},
		{Question: "What is the boiling point of ethanol?"},
	}
	var out strings.Builder
	if _, err := Run(ctx, eng, qs, Options{Ks: []int{1, 5}, Misses: &out}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for line := range strings.Lines(out.String()) {
		var m Miss
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if !m.Found || len(m.Citations) == 0 {
			t.Errorf("%q: found %v with %d citations, want the citations given", m.Question, m.Found, len(m.Citations))
		}
		got = append(got, m.Question)
	}
	want := []string{"Who is the chairman of Huawei?", "Which operating system do most Huawei phones run?"}
	if !slices.Equal(got, want) {
		t.Errorf("misses %q, want %q", got, want)
	}
}
