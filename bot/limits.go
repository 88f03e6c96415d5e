package bot

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Discord's message limits, in characters as Discord counts them (UTF-16
// code units).
const (
	maxContent    = 2000 // message content
	maxEmbedTitle = 256
	maxEmbedDesc  = 4096
	maxFieldValue = 1024
	maxEmbedTotal = 6000 // titles, descriptions, fields, footers and authors of all embeds
	maxEmbeds     = 10
	maxThreadName = 100
)

const ellipsis = "…"

// length is s's length as Discord counts it.
func length(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // invalid UTF-8 ranges as U+FFFD, one unit
	}
	return n
}

// prefix returns the longest prefix of s at most max units long.
func prefix(s string, max int) string {
	n := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if n+w > max {
			return s[:i]
		}
		n += w
	}
	return s
}

// trimWords shortens s to at most max units, cutting at a word boundary
// and ending with an ellipsis. A cut that would leave a citation marker
// such as "[1" half written drops the whole marker. Text that fits is
// returned unchanged.
func trimWords(s string, max int) string {
	if length(s) <= max {
		return s
	}
	if max < length(ellipsis) {
		return ""
	}
	cut := prefix(s, max-length(ellipsis))
	// Back up to the last space; a cut that would lose more than half the
	// text (one very long word) stays where it is.
	if next, _ := utf8.DecodeRuneInString(s[len(cut):]); !unicode.IsSpace(next) {
		if i := strings.LastIndexFunc(cut, unicode.IsSpace); i >= 0 && length(cut[:i]) > length(cut)/2 {
			cut = cut[:i]
		}
	}
	// Never leave half a marker: "... [1" or "... [12".
	if open := strings.LastIndexByte(cut, '['); open >= 0 && !strings.Contains(cut[open:], "]") {
		cut = cut[:open]
	}
	cut = strings.TrimRightFunc(cut, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' || r == '-' || r == '—'
	})
	return cut + ellipsis
}

// quote renders text as a Markdown block quote of at most max units,
// trimming the text on a word boundary first when it is too long.
func quote(text string, max int) string {
	text = strings.TrimSpace(text)
	budget := max
	for budget > 0 {
		q := "> " + strings.ReplaceAll(trimWords(text, budget), "\n", "\n> ")
		if length(q) <= max {
			return q
		}
		budget -= length(q) - max
	}
	return ""
}
