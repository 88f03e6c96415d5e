package corpus

import (
	"bytes"
	"context"
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

// FuzzReadJSONL streams arbitrary bytes as a JSON Lines corpus: every
// line that is not blank comes out once, as an article or as a bad line
// with a reason in the user's terms, in order.
func FuzzReadJSONL(f *testing.F) {
	data, err := os.ReadFile("testdata/corpus/articles.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, uint16(4096))
	for _, seed := range []string{
		`{"id": "a", "title": "T", "published": "2022-06-17", "text": "x"}`,
		`{"ID": "b", "Title": "T", "text": "a\r\nb", "extra": [1, {"x": null}]}` + "\r\n\r\n",
		`{"title": ["a"], "text": 5}` + "\n" + `[1]` + "\nnull\n" + `"s"`,
		`{"text": "unterminated` + "\n" + `{"text": "a"} {"text": "b"}` + "\n",
		`{"published": "someday", "text": "undated"}`,
		`{"text": "\ud800 \u0000 \x"}`,
		"\n\n   \n\t\n",
		`{"text": "` + strings.Repeat("long ", 40) + `"}`,
		"{\"text\": \"caf\xe9\"}\n",
	} {
		f.Add([]byte(seed), uint16(100))
	}
	f.Fuzz(func(t *testing.T, data []byte, maxLine uint16) {
		limit := int64(maxLine%4096) + 1
		// What should come out: each line longer than the limit is bad,
		// each other line that is not blank is an article or bad.
		want, total := 0, 0
		for line := range strings.Lines(string(data)) {
			total++
			line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
			if int64(len(line)) > limit || strings.TrimSpace(line) != "" {
				want++
			}
		}
		got, lastBad := 0, 0
		err := readJSONL(context.Background(), bytes.NewReader(data), limit,
			func(a Article) {
				got++
				if a.Text == "" || a.Text != strings.TrimSpace(a.Text) || !utf8.ValidString(a.Text) {
					t.Errorf("article text %q", a.Text)
				}
				if a.Title != cleanField(a.Title) || a.Source != cleanField(a.Source) {
					t.Errorf("untidy title %q or source %q", a.Title, a.Source)
				}
			},
			func(line int, reason string) {
				got++
				if line <= lastBad || line > total {
					t.Errorf("bad line %d after %d, of %d", line, lastBad, total)
				}
				lastBad = line
				for _, internal := range []string{"Go ", "corpus.", "jsontext", "json:"} {
					if strings.Contains(reason, internal) {
						t.Errorf("line %d: reason %q names %q", line, reason, internal)
					}
				}
			},
			func(line int, msg string) {
				if !strings.Contains(msg, "kept undated") {
					t.Errorf("line %d: warning %q", line, msg)
				}
			})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%d lines came out, want %d", got, want)
		}
	})
}

// FuzzParseFrontMatter feeds arbitrary YAML front matter and bodies to
// the front matter parser: it may refuse a block but never panic, and an
// article it returns has tidy fields and trimmed valid UTF-8 text.
func FuzzParseFrontMatter(f *testing.F) {
	data, err := os.ReadFile("testdata/corpus/frontmatter.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	for _, seed := range []string{
		"---\nid: x1\ntitle: Big News\npublished: 2023-04-02T09:30:00+02:00\nurl: https://e.org/x\nsource: E Daily\n---\n# Big News\n\nBody.\n",
		"---\ntitle: T\ndate: \"2021-02-09\"\n---\nBody.",
		"---\ntitle: T\n...\n# Other\nBody.",
		"---\ntitle: [unclosed\n---\nBody.",
		"---\n- a\n- b\n---\nBody.",
		"---\ntitle: [a, b]\nid: {x: 1}\npublished: 12\n---\nBody.",
		"---\ntitle: &a x\nsource: *a\n---\n",
		"---\n? complex\n: key\n---\n",
		"---\ntitle: !!binary aGk=\n---\nx",
		"---\npublished: someday\n---\nBody.",
		"---\ntitle: T\nNo closing line",
		"--- \t\n\n---\n\n# Heading\n\ntext",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		text := normalizeString(in)
		if !hasFrontMatter(text) {
			return
		}
		a, err := parseFrontMatter(text)
		if err != nil {
			if strings.Contains(err.Error(), "Go ") {
				t.Errorf("error names a Go type: %v", err)
			}
			return
		}
		if a.Text != strings.TrimSpace(a.Text) || !utf8.ValidString(a.Text) {
			t.Errorf("text %q", a.Text)
		}
		if a.Title != cleanField(a.Title) || a.Source != cleanField(a.Source) {
			t.Errorf("untidy title %q or source %q", a.Title, a.Source)
		}
	})
}
