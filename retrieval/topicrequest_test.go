package retrieval

import (
	"context"
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/internal/benchdata"
)

// In 100,000 passages of news a short question holds too little to tell
// it from chance, and the answerability model refuses it; a request for a
// subject ("Tell me about …", "What happened to …") is answered when an
// article is about it, its title naming the subject, and refused as
// before when none is.
func TestTopicRequestsAreAnsweredByAnArticleAboutThem(t *testing.T) {
	if testing.Short() {
		t.Skip("reads rtqa-2022 at 100k passages")
	}
	d := benchdata.Load(t, benchDir)
	e := benchEngine(t, d, 100_000)
	for q, want := range map[string]string{
		"What happened to Queen Elizabeth?":      "Queen Elizabeth",
		"Tell me about the Artemis mission":      "Artemis",
		"What is the latest on the Ukraine war?": "Ukrain",
		"Tell me about the capital of Australia": "",
		"Tell me about molybdenum":               "",
		"What happened to the Byzantine Empire?": "",
	} {
		ans, err := e.Ask(context.Background(), q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Found != (want != "") || (want != "" && !strings.Contains(ans.Citations[0].Excerpt, want)) {
			t.Errorf("%q: found %v, %q; want found %v, citing %q", q, ans.Found, ans.Text, want != "", want)
		}
	}
}
