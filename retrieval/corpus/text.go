package corpus

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// binaryFraction is the share of NUL bytes and invalid UTF-8 sequences
// above which a file is taken for binary rather than text; straySlack such
// bytes are forgiven in any file, so a short text with one stray byte is
// still text.
const (
	binaryFraction = 0.01
	straySlack     = 2
)

// isBinary reports whether b looks like binary data: more than
// binaryFraction of it (and more than straySlack bytes) NUL bytes or bytes
// of invalid UTF-8.
func isBinary(b []byte) bool {
	bad := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c == 0 {
			bad++
			i++
			continue
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		}
		i += size
	}
	return bad > straySlack && float64(bad) > binaryFraction*float64(len(b))
}

// normalize makes text from file bytes: a leading UTF-8 byte-order mark is
// dropped, CRLF becomes LF, NUL bytes are dropped and the rare invalid UTF-8
// sequence becomes U+FFFD. Nothing else is rewritten.
func normalize(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	return normalizeString(string(b))
}

// normalizeString is normalize for a string, such as a JSON field.
func normalizeString(s string) string {
	if strings.Contains(s, "\r\n") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// cleanField tidies a one-line metadata value such as a title: whitespace
// runs become one space and the ends are trimmed.
func cleanField(s string) string {
	return strings.Join(strings.Fields(normalizeString(s)), " ")
}

// maxTitleRunes bounds a title made up from an article's first line.
const maxTitleRunes = 100

// fallbackTitle makes a title for an article that has none: its first
// non-empty line, cut at a word boundary to about maxTitleRunes runes.
func fallbackTitle(text string) string {
	line := ""
	for l := range strings.Lines(text) {
		if l = strings.TrimSpace(l); l != "" {
			line = strings.TrimLeft(l, "# ")
			break
		}
	}
	line = cleanField(line)
	if utf8.RuneCountInString(line) <= maxTitleRunes {
		return line
	}
	cut := line[:len(string([]rune(line)[:maxTitleRunes]))]
	if i := strings.LastIndexByte(cut, ' '); i > maxTitleRunes/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-") + "…"
}

// removeLines drops every line for which drop returns true, together with
// its newline. When a dropped line sat between two blank lines, one of
// them goes too, so removal never leaves a wider gap than was there.
func removeLines(text string, drop func(line string) bool) string {
	var b strings.Builder
	b.Grow(len(text))
	removed := false
	for l := range strings.Lines(text) {
		content := strings.TrimRight(l, "\n")
		if drop(content) {
			removed = true
			continue
		}
		if removed && strings.TrimSpace(content) == "" && (b.Len() == 0 || strings.HasSuffix(b.String(), "\n\n")) {
			continue
		}
		removed = false
		b.WriteString(l)
	}
	return b.String()
}
