package corpus

import (
	"strings"
	"unicode/utf8"
)

// normalizeString makes text from a file's decoded text or a JSON field:
// CRLF becomes LF, NUL bytes are dropped and the rare invalid UTF-8
// sequence becomes U+FFFD. Nothing else is rewritten.
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
