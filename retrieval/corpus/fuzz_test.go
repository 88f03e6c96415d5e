package corpus

import (
	"os"
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

// FuzzParseHTML feeds arbitrary pages to the HTML parser: it may refuse
// a page but never panic, and what it returns is tidy valid UTF-8.
func FuzzParseHTML(f *testing.F) {
	page, err := os.ReadFile("testdata/corpus/page.html")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(page),
		"<!doctype html><html><head><title>T</title></head><body><p>x</p></body></html>",
		`<html><head><meta property="og:title" content="OG"><meta property="article:published_time" content="2022-07-01T12:00:00-04:00"><link rel="canonical" href="https://x.example/a"></head><body><article><p>Story.</p></article></body></html>`,
		`<script type="application/ld+json">{"@graph":[{"headline":"H","datePublished":"2020-01-02"}]}</script><p>text</p>`,
		`<script type="application/ld+json">[{"datePublished": 5}, "x", null]</script>`,
		"<p>one<br>two<pre>  keep\n  this</pre><ul><li>a<li>b</ul>",
		"<table><tr><td>a<td>b<tr><td>c</table>",
		"<svg><path/><g><circle/></g></svg><math><mi>x</mi></math>",
		"<a><b><i>x</a>y</b>z</i>",
		"<div><div><div>" + strings.Repeat("<span>", 40) + "deep",
		"</p></div></body></html>",
		"<title>Only | Site</title>",
		"<time datetime=\"not a date\">x</time><time datetime=\"2021-02-09\">y</time>",
		"<html><body>\u00a0\t\r\n</body></html>",
		"<p>\xff\xfe invalid bytes</p>",
		"<meta charset=iso-8859-2><p>\xe8esk\xfd</p>",
		`<meta http-equiv="content-type" content="text/html; charset=utf-16"><p>x</p>`,
		"\xff\xfe<\x00p\x00>\x00",
		"<!-- unclosed comment",
		"<textarea><div></textarea><plaintext><div>",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		// Decoded as the loader decodes a file, or taken as it is when
		// the decoder calls it binary, so the parser sees every input.
		text := normalizeString(in)
		if decoded, problem := decodeText([]byte(in), true); problem == "" {
			text = normalizeString(decoded)
		}
		a, err := parseHTML(text)
		if err != nil {
			return
		}
		for name, s := range map[string]string{"title": a.Title, "text": a.Text, "source": a.Source, "url": a.URL} {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 in %s %q", name, s)
			}
		}
		if strings.Contains(a.Text, "\r\n") {
			t.Errorf("CRLF survived in %q", a.Text)
		}
		if a.Title != cleanField(a.Title) || a.Source != cleanField(a.Source) {
			t.Errorf("untidy title %q or source %q", a.Title, a.Source)
		}
	})
}
