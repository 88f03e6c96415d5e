package retrieval

import (
	"context"
	"testing"
)

func TestAnswerTypeFindsTheAskedForPhrase(t *testing.T) {
	for q, want := range map[string]string{
		"Which US national park was impacted by severe flooding?":      "US national park",
		"Which of these celebs was not invited to join the Academy?":   "celebs",
		"A reptile was caught in Florida. Which animal was it?":        "animal",
		"What is the capital of Peru?":                                 "",
		"Who founded Huawei?":                                          "",
		"To cut waste, which continent will require a common charger?": "continent",
	} {
		if got := answerType(q); got != want {
			t.Errorf("answerType(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestAnswerTypeFavoursExcerptsNamingOne(t *testing.T) {
	scores, err := answerTypeScores(context.Background(), "Which country will host the next climate summit?", []string{
		"The next climate summit will be held next year, organisers said.",
		"The next climate summit will be held in Brazil, organisers said.",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(scores) != 2 || scores[1] <= scores[0] {
		t.Errorf("scores %v: the excerpt naming a country should score higher", scores)
	}
	if s, err := answerTypeScores(context.Background(), "Who founded Huawei?", []string{"Ren Zhengfei founded it."}); err != nil || s != nil {
		t.Errorf("a who-question has no type phrase: %v, %v", s, err)
	}
}
