package passage

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitKeepsVerbatimOffsetsAndOverlap(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString("The committee met again on the budget and agreed on a plan for next year. ")
		if i%7 == 6 {
			b.WriteString("\n\n")
		}
	}
	text := b.String()
	ps := Split(3, text, DefaultSizes)
	if len(ps) < 5 {
		t.Fatalf("got %d passages, want several", len(ps))
	}
	for i, p := range ps {
		if p.Article != 3 || p.Seq != i {
			t.Errorf("passage %d: article %d seq %d", i, p.Article, p.Seq)
		}
		n := len(strings.Fields(text[p.Start:p.End]))
		if n > DefaultSizes.Max+DefaultSizes.Min {
			t.Errorf("passage %d has %d words", i, n)
		}
		for _, s := range p.Sentences {
			if s.Start < p.Start || s.End > p.End {
				t.Errorf("passage %d: sentence %v outside [%d,%d)", i, s, p.Start, p.End)
			}
		}
		if i > 0 && p.Start >= ps[i-1].End {
			t.Errorf("passage %d does not overlap the one before", i)
		}
	}
	if ps[len(ps)-1].End != len(strings.TrimRight(text, " \n")) {
		t.Errorf("last passage ends at %d, text at %d", ps[len(ps)-1].End, len(text))
	}
}

func TestSplitCutsOverlongSentences(t *testing.T) {
	text := strings.Repeat("word ", 400) + "end."
	ps := Split(0, text, DefaultSizes)
	if len(ps) < 3 {
		t.Fatalf("got %d passages for a 400-word sentence", len(ps))
	}
	for _, p := range ps {
		if n := len(strings.Fields(text[p.Start:p.End])); n > DefaultSizes.Max+DefaultSizes.Min {
			t.Errorf("passage has %d words", n)
		}
	}
}

func TestSplitEmpty(t *testing.T) {
	if ps := Split(0, " \n\n ", DefaultSizes); len(ps) != 0 {
		t.Fatalf("got %d passages from blank text", len(ps))
	}
}

// Cutting an over-long sentence never splits a character: "à" is C3 A0 in
// UTF-8, and A0 alone would read as a no-break space.
func TestSplitCutsOverlongSentencesBetweenCharacters(t *testing.T) {
	for _, text := range []string{strings.Repeat("voilà ", 400) + "fin.", strings.Repeat("Å ", 400) + "slutt."} {
		for _, p := range Split(0, text, DefaultSizes) {
			for _, s := range p.Sentences {
				if !utf8.ValidString(text[s.Start:s.End]) {
					t.Fatalf("sentence %v of %q… is not whole characters: %q", s, text[:12], text[max(s.Start, s.End-8):s.End])
				}
			}
			if !utf8.ValidString(text[p.Start:p.End]) {
				t.Fatalf("passage %d-%d of %q… is not whole characters", p.Start, p.End, text[:12])
			}
		}
	}
}
