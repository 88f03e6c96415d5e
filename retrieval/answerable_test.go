package retrieval

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// On the seed articles (Huawei, 2019–2021), questions they do not answer
// are refused even when some of their words occur there ("Apple", "CEO"),
// and the questions they do answer still are.
func TestSeedsRefuseWhatTheyDoNotCover(t *testing.T) {
	e := openSeeds(t, Options{})
	ctx := context.Background()
	for _, q := range []string{
		"Who is the CEO of Apple?",
		"What is the capital of Australia?",
		"How many goals did Lionel Messi score in 2015?",
		"What recipe do you recommend for banana bread?",
		"Who won the 1998 FIFA World Cup?",
		"What is the boiling point of ethanol?",
	} {
		ans, err := e.Ask(ctx, q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Found || len(ans.Citations) > 0 || ans.Text != notFoundText {
			t.Errorf("%q: found %v, %q with %d citations; want not covered", q, ans.Found, ans.Text, len(ans.Citations))
		}
	}
	for q, want := range map[string]string{
		"Who founded Huawei?":                       "Ren Zhengfei",
		"Who is Huawei's chief financial officer?":  "Meng Wanzhou",
		"Where is Meng Wanzhou under house arrest?": "Canada",
		"Who is the chairman of Huawei?":            "Liang Hua",
	} {
		ans, err := e.Ask(ctx, q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || !citesText(ans, want) {
			t.Errorf("%q: found %v, %q; want a citation holding %q", q, ans.Found, ans.Text, want)
		}
	}
}

// In a small collection of local news, a question that shares a word with
// an article but not its subject is refused, while questions about an
// article's story are answered, also in other words than the article's.
func TestScatteredWordsAreNotCoverage(t *testing.T) {
	e := localNews(t)
	ctx := context.Background()
	for _, q := range []string{
		"What is the capital of France?", // "the capital" is where the baker comes from
		"How many books did Tolstoy write?",
	} {
		ans, err := e.Ask(ctx, q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Found {
			t.Errorf("%q: found, %q; want not covered", q, ans.Text)
		}
	}
	for q, want := range map[string]string{
		"How much did the council approve for the harbour?": "4 million pounds",
		"Who scored the winning goal in the derby?":         "header",
		"What bread is the new bakery known for?":           "rye bread",
	} {
		ans, err := e.Ask(ctx, q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || !citesText(ans, want) {
			t.Errorf("%q: found %v, %q; want a citation holding %q", q, ans.Found, ans.Text, want)
		}
	}
}

func citesText(ans Answer, text string) bool {
	for _, c := range ans.Citations {
		if strings.Contains(c.Excerpt, text) {
			return true
		}
	}
	return false
}

// localNews opens an engine over five short local news articles.
func localNews(t *testing.T) *Engine {
	t.Helper()
	articles := []struct{ title, text string }{
		{"Council approves harbour expansion", "The city council approved 4 million pounds for the harbour expansion on Monday. Work on the new quay starts in spring, the harbour master said. Fishing boats will use the old pier until the works end."},
		{"School budget capped", "The education board set a spending ceiling for the school budget this year. Teachers warned that the ceiling leaves no room for new books. The board meets again in June."},
		{"River floods low streets", "The river burst its banks after three days of rain and flooded the low streets by the market. Volunteers filled sandbags through the night. No one was hurt, the fire service said."},
		{"New bakery opens on the square", "A famous baker from the capital opened a shop on the square. Queues formed before dawn for its rye bread. The owner plans a second shop next year."},
		{"Town team wins the derby", "The town football team beat its neighbours two goals to one in Saturday's derby. The winning goal came in the last minute from a header. The coach praised the young defenders."},
	}
	files := map[string]string{}
	for i, a := range articles {
		files[fmt.Sprintf("a%d.md", i)] = fmt.Sprintf("---\ntitle: %s\npublished: 2024-03-0%d\n---\n%s\n", a.title, i+1, a.text)
	}
	return openSeeds(t, Options{Corpus: corpusDir(t, files)})
}

// A question asking for a measure ("how long", "how old") asks for a
// number, as "how many" does, and a date's numbers are not one: the
// answerability model and the answer line look for it in the excerpt.
func TestMeasureQuestionsAskForANumber(t *testing.T) {
	for _, q := range []string{"How long should you boil an egg?", "How old is the famous baker?", "How far is the new quay from the pier?", "How many goals were scored?"} {
		if k := kindOf(q); k != askedNumber {
			t.Errorf("%q asks for kind %d, want a number (%d)", q, k, askedNumber)
		}
	}
	asked := wordSet("How long should you boil an egg?")
	for text, want := range map[string]bool{
		"Even one of the earliest references, in March 1983, brings up the egg.": false, // a date's numbers are no measure
		"Boil the egg for six minutes.":                                          true,
	} {
		if got := holdsKind(text, textseg.Span{End: len(text)}, askedNumber, asked, timex.Tag(text, time.Time{})); got != want {
			t.Errorf("%q holds a measure: %v, want %v", text, got, want)
		}
	}
}

// An answer to "when" holds a date, to "who" a person, to "how much" a
// number: on the seeds, which never say when Huawei was founded, "When
// was Huawei founded?" is not answered with the sentence where Ren
// "founded" it after "two years of pressure" as if it said when.
func TestAnAnswerHoldsWhatItsWhWordAsksFor(t *testing.T) {
	e := openSeeds(t, Options{})
	for q, found := range map[string]bool{
		"When was Huawei founded?":                          false,
		"When did Huawei offer to sign a no-spy agreement?": true,
		"How much revenue did Huawei have in 2019?":         true,
		"Who founded Huawei?":                               true,
	} {
		for _, k := range []int{1, 3, 10} {
			ans, err := e.Ask(context.Background(), q, AskOptions{K: k})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Found != found || (!found && !strings.HasPrefix(ans.Text, "The articles do not say when. ")) {
				t.Errorf("%q, k=%d: found %v, %q; want found %v", q, k, ans.Found, ans.Text, found)
			}
		}
	}
}
