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

// ClipAround never splits a character, never exceeds max characters, stays
// inside s and keeps a short anchor whole.
func FuzzClipAround(f *testing.F) {
	f.Add("on June 4, 2019 the deal was signed in Zürich, 北京 and São Paulo", 3, 40, 10, 15, 12)
	f.Add("a  b\tc\n d", 0, 9, 2, 3, 1)
	f.Fuzz(func(t *testing.T, text string, start, end, as, ae, max int) {
		if text == "" || !utf8.ValidString(text) || max < 20 || max > 1000 {
			return
		}
		start, end = clamp(start, len(text)), clamp(end, len(text))
		if start > end {
			start, end = end, start
		}
		as, ae = clamp(as, len(text)), clamp(ae, len(text))
		if as < start || ae > end || as > ae || ae-as > 10 {
			as, ae = start, start
		}
		for _, i := range []int{start, end, as, ae} {
			if i < len(text) && !utf8.RuneStart(text[i]) {
				return // spans start and end on characters
			}
		}
		c := ClipAround(text, Span{start, end}, Span{as, ae}, max)
		if c.Start < start || c.End > end || c.Start > c.End {
			t.Fatalf("clip %v outside %v", c, Span{start, end})
		}
		got := text[c.Start:c.End]
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > max {
			t.Fatalf("clip %q: invalid or over %d characters", got, max)
		}
		if c.Start > as || c.End < ae {
			t.Fatalf("clip %v drops anchor %v of %q", c, Span{as, ae}, text[start:end])
		}
	})
}

func clamp(i, n int) int {
	if i < 0 {
		i = -i
	}
	if n == 0 {
		return 0
	}
	return i % (n + 1)
}
