package bm25

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode"
)

// rtqaCase is one RealTime QA question with its acceptable answers.
type rtqaCase struct {
	Question string
	Answers  []string
}

func rtqaCases(tb testing.TB) []rtqaCase {
	tb.Helper()
	data, err := os.ReadFile(rtqaDir + "/qa.jsonl")
	if err != nil {
		tb.Skipf("rtqa questions absent: %v", err)
	}
	var cs []rtqaCase
	for line := range strings.Lines(string(data)) {
		var c rtqaCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			tb.Fatalf("read qa.jsonl: %v", err)
		}
		cs = append(cs, c)
	}
	return cs
}

// fold lower-cases s and turns every run of characters other than letters
// and digits into one space, as the evaluation's answer matching does.
func fold(s string) string {
	return " " + strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ") + " "
}

// answerRecall returns answer-recall@1 and @5 and the MRR at 10 of ix over
// the cases, an answer counting when it appears in the first 400
// characters of a hit passage.
func answerRecall(ix *Index, passages []string, cases []rtqaCase) (r1, r5, mrr float64) {
	for _, c := range cases {
		for rank, h := range ix.Search(c.Question, 10, nil) {
			ex := fold(passages[h.Doc][:min(400, len(passages[h.Doc]))])
			found := false
			for _, a := range c.Answers {
				if strings.Contains(ex, strings.TrimSpace(fold(a))) {
					found = true
				}
			}
			if found {
				if rank == 0 {
					r1++
				}
				if rank < 5 {
					r5++
				}
				mrr += 1 / float64(rank+1)
				break
			}
		}
	}
	n := float64(len(cases))
	return r1 / n, r5 / n, mrr / n
}

// TestRTQARecall checks retrieval quality on real news against the anchor
// measured for plain BM25 over ~80-word passages (recall@1 0.41, @5 0.59).
func TestRTQARecall(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds an index of 90k passages; too slow in -short or -race runs")
	}
	passages := rtqaPassages(t)
	cases := rtqaCases(t)
	r1, r5, mrr := answerRecall(buildIndex(passages), passages, cases)
	t.Logf("%d passages, %d questions: recall@1 %.3f, @5 %.3f, MRR@10 %.3f", len(passages), len(cases), r1, r5, mrr)
	if r1 < 0.38 || r5 < 0.56 {
		t.Errorf("recall@1 %.3f, @5 %.3f: below the BM25 anchor 0.41 / 0.59", r1, r5)
	}
}
