package bot

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/summarize"
)

// spoofArticle's title is a web address, its URL breaks out of a link and
// its text holds a masked link to another site.
const spoofArticle = `---
title: "https://city.gov/flood"
url: "https://news.example/flood)[Official notice](https://evil.example/phish"
source: "Gazette](https://evil.example/source"
published: 2021-03-04
---
The city posted [https://city.gov/flood](https://evil.example/phish) as the official page on the Harbor district flooding. On March 3, 2021 the Harbor district flooded after the river crested, officials said, and [the evacuation map](https://evil.example/map) was shared widely.

Residents of the Harbor district were told to stay away from the river until the water fell.
`

// plainArticle is about the same flood, with an ordinary URL.
const plainArticle = `---
title: "Harbor district floods again"
url: "https://news.example/harbor?a=1&b=(2)"
published: 2021-03-05
---
The Harbor district flooded on March 3, 2021, the second flood in the Harbor district in a year. [Volunteers](https://evil.example/volunteer) helped to clear the streets.
`

// spoofLLM streams and returns text with masked links of its own.
func spoofLLM(ctx context.Context, a retrieval.Answer, onDelta func(string)) (retrieval.Answer, string, error) {
	onDelta("See [https://city.gov/flood](https://evil.example/llm-stream) [1].")
	a.Text = "The Harbor district flooded on March 3, 2021 [1]. Details: [https://city.gov/flood](https://evil.example/llm) [2]."
	return a, "Note with [a link](https://evil.example/note).", nil
}

func spoofEvents(ctx context.Context, topic string, evs []summarize.Event, onDelta func(string)) (summarize.EventsResult, error) {
	onDelta("It flooded [1]. [Map](https://evil.example/tl-stream)")
	return summarize.EventsResult{Text: "It flooded [1]. [Map](https://evil.example/tl) [1].", UsedLLM: true}, nil
}

// No text from an article, the language model, an article's URL or what a
// user typed can post a masked link: every link the bot posts is one it
// built, to an article's own URL, and none leads to evil.example.
func TestNoMaskedLinkSpoofing(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, map[string]string{"spoof.md": spoofArticle, "plain.md": plainArticle})
	h := start(t, eng, func(o *Options) { o.Summarize, o.SummarizeEvents = spoofLLM, spoofEvents }, nil)
	n := len(h.fake.Calls())
	ask := h.fake.SlashCommand("ask", map[string]string{"question": "When did the Harbor district flood?"}, alice)
	tl := h.fake.SlashCommandOptions("timeline", map[string]any{"topic": "Harbor district", "summarize": true}, alice)
	none := h.fake.SlashCommand("timeline", map[string]string{"topic": "[zorblax](https://evil.example/topic)"}, alice)
	src := h.fake.SlashCommand("sources", nil, alice)
	bad := h.fake.SlashCommand("ask", map[string]string{"question": "flood?", "since": "[x](https://evil.example/date)"}, alice)
	for _, in := range []discordtest.Interaction{ask, tl, none} {
		edit, i := h.original(n, in)
		for len(embedsOf(edit.Body)) == 0 && !strings.Contains(content(edit.Body), "no dated events") { // streamed edits come first
			edit, i = h.original(i+1, in)
		}
	}
	h.callback(n, src)
	h.callback(n, bad)

	links := 0
	for _, c := range h.fake.Calls()[n:] {
		msg := messageOf(c)
		if msg == nil {
			continue
		}
		if e := embedsOf(msg); len(e) > 0 {
			if u, _ := e[0]["url"].(string); u != "" {
				if p, err := url.Parse(u); err != nil || p.Host != "news.example" || strings.ContainsAny(u, "()[]") {
					t.Errorf("embed URL %q", u)
				}
			}
		}
		for _, l := range maskedLinks(msg) {
			links++
			if p, err := url.Parse(l[1]); err != nil || p.Host != "news.example" {
				t.Errorf("%s %s posts the link [%s](%s)", c.Method, c.Path, l[0], l[1])
			}
		}
	}
	if links == 0 {
		t.Error("no links to the articles at all")
	}
	// The model's link is shown as escaped text, not dropped.
	escaped := false
	for _, c := range h.fake.Calls()[n:] {
		if msg := messageOf(c); msg != nil && strings.Contains(content(msg), `[https://city.gov/flood]\(https://evil.example/llm)`) {
			escaped = true
		}
	}
	if !escaped {
		t.Error("the model's masked link was not shown as escaped text")
	}
}

func TestLinkURL(t *testing.T) {
	good := map[string]string{
		"https://example.com/a":                   "https://example.com/a",
		"http://example.com:8080/a?b=c#d":         "http://example.com:8080/a?b=c#d",
		"https://good.example/a)[x](https://evil": "https://good.example/a%29%5Bx%5D%28https://evil",
		"https://e.example/?q=a)(b&c='d'":         "https://e.example/?q=a%29%28b&c=%27d%27",
		"https://e.example/wiki/Foo_(bar)":        "https://e.example/wiki/Foo_%28bar%29",
		"https://e.example/caf%C3%A9 x":           "https://e.example/caf%C3%A9%20x",
		"https://10.0.0.1/x":                      "https://10.0.0.1/x",
	}
	for in, want := range good {
		if got, ok := linkURL(in); !ok || got != want {
			t.Errorf("linkURL(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "javascript:alert(1)", "ftp://example.com/x", "https:///path", "https://user:pw@example.com/",
		"https://city.gov@evil.example/", "//example.com/x", "https://ex ample.com/", "https://evil)[x](y/", "https://[::1]/x",
		"https://exämple.com/", "data:text/html,hi", "https://-bad.example/", "https://example.com/" + strings.Repeat("x", 3000)} {
		if got, ok := linkURL(in); ok {
			t.Errorf("linkURL(%q) = %q, want no link", in, got)
		}
	}
}

func TestEscapeLinks(t *testing.T) {
	cases := map[string]string{
		"[https://city.gov](https://evil.example)": `[https://city.gov]\(https://evil.example)`,
		"Huawei said so [1][2].":                   "Huawei said so [1][2].",
		"a [b] (c) [d]((e))":                       `a [b] (c) [d]\((e))`,
	}
	for in, want := range cases {
		if got := escapeLinks(in); got != want {
			t.Errorf("escapeLinks(%q) = %q, want %q", in, got, want)
		}
		if links := maskedLinkRe.FindAllString(escapeLinks(in), -1); len(links) > 0 {
			t.Errorf("escapeLinks(%q) still has links %q", in, links)
		}
	}
}
