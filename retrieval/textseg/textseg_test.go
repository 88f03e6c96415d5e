package textseg

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentencesAreVerbatimAndSplitOnBlankLines(t *testing.T) {
	text := "Title line\n\nJun 4, 2019\n\nThe U.S. Commerce Department acted. Huawei said no.  It was Mr. Liang's view.\n"
	got := Sentences(text)
	var texts []string
	for _, s := range got {
		texts = append(texts, text[s.Start:s.End])
	}
	want := []string{"Title line", "Jun 4, 2019", "The U.S. Commerce Department acted.", "Huawei said no.", "It was Mr. Liang's view."}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Fatalf("sentences:\n got %q\nwant %q", texts, want)
	}
}

func TestTermsStemAndDropStopWords(t *testing.T) {
	got := strings.Join(Terms("The companies were signing agreements in Shenzhen"), " ")
	if got != "compani sign agreement shenzhen" {
		t.Fatalf("terms = %q", got)
	}
}

// A sentence can end with a number ("in 1998."), and a numbered list item
// starts one; neither decimals nor abbreviations end one.
func TestSentencesEndAfterNumbers(t *testing.T) {
	for text, want := range map[string][]string{
		"The plant opened in 1998. The company grew.":               {"The plant opened in 1998.", "The company grew."},
		"She died Wednesday at 79. Her family confirmed it.":        {"She died Wednesday at 79.", "Her family confirmed it."},
		"Prices rose 13.1% in a year. Eggs cost more.":              {"Prices rose 13.1% in a year.", "Eggs cost more."},
		"Mr. Smith arrived at 6 p.m. on Monday.":                    {"Mr. Smith arrived at 6 p.m. on Monday."},
		"The top three:\n1. Qatar Airways\n  2. Singapore Airlines": {"The top three:", "1. Qatar Airways", "2. Singapore Airlines"},
	} {
		var got []string
		for _, s := range Sentences(text) {
			got = append(got, text[s.Start:s.End])
		}
		if !slices.Equal(got, want) {
			t.Errorf("Sentences(%q) = %q, want %q", text, got, want)
		}
	}
}

// Sentences are in order, do not overlap, lie inside the text on character
// boundaries and are trimmed, whatever the text: list markers, numbers and
// abbreviations included.
func FuzzSentences(f *testing.F) {
	f.Add("The plant opened in 1998. The company grew.\n1. First\n  2) Second\n\nNo. 5 St. James")
	f.Add("She was 79.When did she join?  \t\n3.")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		last := 0
		for _, s := range Sentences(text) {
			if s.Start < last || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("span %v after %d in %q", s, last, text)
			}
			got := text[s.Start:s.End]
			if !utf8.ValidString(got) || strings.TrimSpace(got) != got {
				t.Fatalf("span %v = %q is not trimmed whole characters", s, got)
			}
			last = s.End
		}
	})
}

// The stem cache stops growing at its bound; stems stay right beyond it.
func TestStemCacheIsBounded(t *testing.T) {
	old := maxStems
	t.Cleanup(func() { maxStems = old })
	maxStems = stemsHeld.Load() + 10
	for i := range 100 {
		w := fmt.Sprintf("zqxwalking%dzq", i)
		if got := Terms("walking " + w); len(got) != 2 || got[0] != "walk" {
			t.Fatalf("Terms = %v", got)
		}
	}
	if held := stemsHeld.Load(); held > maxStems {
		t.Errorf("the cache holds %d stems, bound %d", held, maxStems)
	}
}
