package textseg

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipAroundKeepsAnchorAndWholeWords(t *testing.T) {
	text := strings.Repeat("word ", 120) + "on June 4, 2019 the deal " + strings.Repeat("más ", 60) + "end."
	all := Span{0, len(text)}
	at := strings.Index(text, "June 4, 2019")
	anchor := Span{at, at + len("June 4, 2019")}
	for _, max := range []int{40, 100, 400} {
		c := ClipAround(text, all, anchor, max)
		got := text[c.Start:c.End]
		if n := utf8.RuneCountInString(got); n > max {
			t.Errorf("max %d: %d characters", max, n)
		}
		if c.Start > anchor.Start || c.End < anchor.End {
			t.Errorf("max %d: %q drops the anchor", max, got)
		}
		if (c.Start > 0 && text[c.Start-1] != ' ') || (c.End < len(text) && text[c.End] != ' ') || strings.TrimSpace(got) != got {
			t.Errorf("max %d: %q is not cut at word boundaries", max, got)
		}
	}
	if c := ClipAround(text, all, Span{0, 4}, 100); c.Start != 0 || !strings.HasPrefix(text[c.Start:c.End], "word word") {
		t.Errorf("an anchor that fits from the start should keep the start: [%d:%d]", c.Start, c.End)
	}
	short := Span{0, 20}
	if c := ClipAround(text, short, Span{0, 4}, 400); c != short {
		t.Errorf("a span that fits came back as %v", c)
	}
}

func TestClipAroundCountsCharactersNotBytes(t *testing.T) {
	text := strings.Repeat("más ", 50) // 200 characters, 250 bytes
	c := ClipAround(text, Span{0, len(text)}, Span{0, 0}, 200)
	if c.End-c.Start != len(text) {
		t.Errorf("200 characters clipped to %d bytes of %d", c.End-c.Start, len(text))
	}
}
