package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseText feeds arbitrary file contents through every format's
// parser: none may panic, and valid UTF-8 in gives valid UTF-8 out.
func FuzzParseText(f *testing.F) {
	for _, seed := range []string{
		"Title | Site\n\nTitle\n\nJun 4, 2019\n\nBody.",
		"---\ntitle: T\npublished: 2019-06-04\n---\n# T\nBody.",
		"---\n",
		"---\n---\n",
		"---\ntitle: [\n---\n",
		"# Heading\n\ntext",
		"<!doctype html><html><body><p>x</p></body></html>",
		"\n\n\n",
		"Title\n\n4 Sept 2019\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		text := normalizeString(in)
		for _, format := range []format{formatText, formatMarkdown} {
			a, err := parseText(format, text)
			if err != nil {
				continue
			}
			if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
				t.Errorf("invalid UTF-8 out of %q", in)
			}
			if strings.Contains(a.Text, "\r\n") {
				t.Errorf("CRLF survived in %q", a.Text)
			}
		}
		_ = fallbackTitle(text)
		_, _ = parseDateline(text)
	})
}
