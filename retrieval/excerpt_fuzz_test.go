package retrieval

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// FuzzBestExcerpt checks that any text and question give an excerpt that
// lies within the text, on rune boundaries, within MaxExcerptLen.
func FuzzBestExcerpt(f *testing.F) {
	f.Add("The bridge opens in May. https://example.org/"+strings.Repeat("bridge-", 70)+" has plans.", "When does the bridge open?", "Bridge opens")
	f.Add("Who pays? The state pays for the bridge, the mayor said. Nobody else does.", "Who pays for the bridge?", "State pays")
	f.Add(strings.Repeat("word ", 200)+"é"+strings.Repeat("à", 500)+". Done.", "word à", "")
	f.Fuzz(func(t *testing.T, text, question, title string) {
		if !utf8.ValidString(text) {
			return
		}
		q := newQuery(question, flatIDF)
		ex := bestExcerpt(text, textseg.Sentences(text), q, headlineQuery(title, q, flatIDF), newTermCache())
		if ex.Start < 0 || ex.End > len(text) || ex.Start > ex.End {
			t.Fatalf("excerpt [%d:%d] outside a text of %d bytes", ex.Start, ex.End, len(text))
		}
		got := text[ex.Start:ex.End]
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > MaxExcerptLen {
			t.Fatalf("excerpt %q is cut inside a character or longer than %d characters", got, MaxExcerptLen)
		}
	})
}

// FuzzRespell checks that any question is respelled without a panic,
// into valid text, and that only its words of letters change.
func FuzzRespell(f *testing.F) {
	f.Add("Who founded Huwaei?")
	f.Add("WHO IS MENG WANZOU? " + strings.Repeat("Huwaei ", 200))
	f.Add("Ünïcödé wörds ánd Huwaei’s typo")
	e, _, err := Open(context.Background(), Options{}, nil)
	if err != nil {
		f.Fatal(err)
	}
	ix := e.live.Load()
	f.Fuzz(func(t *testing.T, question string) {
		if !utf8.ValidString(question) || len(question) > 4*MaxQuestionLen {
			return
		}
		got, changed := respell(ix, question)
		if !utf8.ValidString(got) || changed == (got == question) {
			t.Fatalf("respell(%q) = %q, %v", question, got, changed)
		}
		if strip := func(s string) string { return wordRE.ReplaceAllString(s, "") }; strip(got) != strip(question) {
			t.Fatalf("respell(%q) = %q changed more than words", question, got)
		}
	})
}
