package evaluate

import (
	"context"
	"os"
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
