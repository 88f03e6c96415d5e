package retrieval

import (
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
