package retrieval

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A question about days the articles have nothing from ("this week", "on
// Tuesday") is answered with what they have, and the answer says so and
// how old its first source is. Days the question names only in passing
// ("today's smartphones", "the Queen of Christmas") and the present of an
// archive asked long after its last article are not checked.
func TestAnswersSayWhenTheArticlesHaveNothingFromTheDaysAsked(t *testing.T) {
	e := openSeeds(t, Options{})
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tt := range []struct {
		asOf, question, caveat string
	}{
		{"2021-02-16", "What did Ren Zhengfei say this week?", "None of the articles on this is from the week of 15 February 2021; [1] is from 9 Feb 2021."},
		{"2021-02-10", "What did Ren Zhengfei say this week?", ""},
		{"2026-12-02", "What did Ren Zhengfei say this week?", ""},
		{"2019-06-20", "What did Huawei's chairman say on Tuesday?", "None of the articles on this is from 18 Jun 2019; [1] is from 4 Jun 2019."},
		{"2019-06-10", "What did Huawei's chairman say on Tuesday?", ""},
		{"2019-06-20", "What did Huawei's chairman say about today's smartphones?", ""},
		{"2019-06-20", "Would Huawei sign a no-spy agreement before Christmas?", ""},
	} {
		ans, err := e.Ask(context.Background(), tt.question, AskOptions{AsOf: day(tt.asOf)})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || len(ans.Citations) == 0 {
			t.Errorf("%s, %q: not found; want an answer", tt.asOf, tt.question)
			continue
		}
		if ans.Caveat != tt.caveat || !strings.HasPrefix(ans.Text, tt.caveat) {
			t.Errorf("%s, %q: caveat %q, answer %q; want caveat %q", tt.asOf, tt.question, ans.Caveat, ans.Text, tt.caveat)
		}
	}
}
