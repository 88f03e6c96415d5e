package retrieval

import (
	"context"
	"strings"
	"testing"
)

// A typo of a word the articles often hold is read as that word, and the
// answer says how it was read; a real word the articles lack, or a
// question without typos, is asked as written.
func TestTyposAreReadAsTheArticlesWords(t *testing.T) {
	e := openSeeds(t, Options{})
	for q, want := range map[string]string{
		"Who founded Huwaei?":                      "Read as “Who founded Huawei?”",
		"WHO IS MENG WANZOU?":                      "Read as “WHO IS MENG WANZHOU?”",
		"Where is Meng Wanzhou under house arest?": "Read as “Where is Meng Wanzhou under house arrest?”",
		"Who founded Huawei?":                      "",
	} {
		ans, err := e.Ask(context.Background(), q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || ans.Question != q || ans.Caveat != want || !strings.HasPrefix(ans.Text, want) {
			t.Errorf("%q: found %v, question %q, caveat %q, answer %q; want found, read as %q", q, ans.Found, ans.Question, ans.Caveat, ans.Text, want)
		}
	}
	// Not found for another year, the answer still says how it was read.
	if ans, err := e.Ask(context.Background(), "What was Huwaei's revenue in 2023?", AskOptions{}); err != nil || ans.Found ||
		!strings.HasPrefix(ans.Text, "Read as “What was Huawei's revenue in 2023?” The articles do not cover 2023") {
		t.Errorf("another year with a typo: found %v, %q, %v", ans.Found, ans.Text, err)
	}
	for _, q := range []string{"What is the atomic number of molybdenum?", "Who wrote Middlemarch?"} {
		ans, err := e.Ask(context.Background(), q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Found || ans.Caveat != "" {
			t.Errorf("%q: found %v, %q; want not covered, as asked", q, ans.Found, ans.Text)
		}
	}
}

// Only words that are neither in the articles nor English are respelled,
// and only to words, not to stems or to rare names one edit away.
func TestRespellKeepsWordsAndNames(t *testing.T) {
	e := openSeeds(t, Options{})
	ix := e.live.Load()
	for q, want := range map[string]string{
		"Did Huwaei sign?":         "Did Huawei sign?",
		"Is the compagie Chinese?": "Is the compagie Chinese?", // "companie" stems to "compani", but is no word
		"Where is Taiyaun?":        "Where is Taiyaun?",        // "Taiyuan" is in one passage only: rare, no typo's source
		"Who is Liang Hue?":        "Who is Liang Hue?",        // too short to guess
		"Which chairmen spoke?":    "Which chairmen spoke?",    // an English word
	} {
		if got, _ := respell(ix, q); got != want {
			t.Errorf("respell(%q) = %q, want %q", q, got, want)
		}
	}
}

// A timeline of a misspelt topic is the topic's timeline, titled as read.
func TestTimelineOfAMisspeltTopic(t *testing.T) {
	e := openSeeds(t, Options{})
	tl, err := e.Timeline(context.Background(), "Huwaei", TimelineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tl.Topic != "Huawei" || len(tl.Events) == 0 {
		t.Errorf("timeline of %q with %d events; want Huawei's", tl.Topic, len(tl.Events))
	}
}
