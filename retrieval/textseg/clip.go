package textseg

import (
	"unicode"
	"unicode/utf8"
)

// ClipAround returns the part of text[s.Start:s.End] of at most max
// characters that holds anchor (a span inside s) and is cut only at white
// space, so it stays verbatim and never splits a word. A span that fits is
// returned whole; otherwise the clip starts at s.Start when the anchor fits
// from there, else a little before the anchor, at the start of a word.
// When even the anchor's first word does not fit, it ends inside the
// anchor rather than drop it.
func ClipAround(text string, s, anchor Span, max int) Span {
	if utf8.RuneCountInString(text[s.Start:s.End]) <= max {
		return s
	}
	start := s.Start
	if utf8.RuneCountInString(text[s.Start:anchor.End]) > max {
		start = back(text, anchor.Start, max/4, s.Start)
		for start > s.Start && start < anchor.Start && !spaceBefore(text, start) {
			start++
		}
		for start < anchor.Start && spaceAt(text, start) {
			start++
		}
	}
	end := advance(text, start, max, s.End)
	if end == s.End {
		return Span{start, end}
	}
	cut := end
	for cut > start && !spaceAt(text, cut) {
		cut--
	}
	if cut < anchor.End {
		cut = min(end, anchor.End)
	}
	for cut > start && spaceBefore(text, cut) {
		cut--
	}
	return Span{start, cut}
}

// advance returns the byte offset n characters after start, at most limit.
func advance(text string, start, n, limit int) int {
	i := start
	for ; n > 0 && i < limit; n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return min(i, limit)
}

// back returns the byte offset n characters before i, at least floor.
func back(text string, i, n, floor int) int {
	for ; n > 0 && i > floor; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return max(i, floor)
}

func spaceBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(r)
}

func spaceAt(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r)
}
