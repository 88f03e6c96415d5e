package corpus

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlMeta is what the page's head and markup say about the article.
type htmlMeta struct {
	title, ogTitle, ldHeadline       string
	canonical, ogURL                 string
	siteName                         string
	metaPublished, ldPublished, time string
}

// parseHTML reads an HTML article. The title is og:title, the JSON-LD
// headline or <title>, in that order; the date is article:published_time,
// the JSON-LD datePublished (also inside @graph) or the first
// <time datetime>; the URL is <link rel=canonical> or og:url; the source is
// og:site_name. The text is the main content found by go-readability, as
// plain text with blank lines between paragraphs. A page nested too deep
// or with too many elements for the extractor is refused before it is
// parsed (see checkHTMLShape).
func parseHTML(src string) (Article, error) {
	if err := checkHTMLShape(src); err != nil {
		return Article{}, err
	}
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return Article{}, fmt.Errorf("cannot parse HTML: %w", err)
	}
	var m htmlMeta
	m.collect(doc)

	a := Article{
		Title:  cleanField(firstOf(m.ogTitle, m.ldHeadline, m.title)),
		URL:    strings.TrimSpace(firstOf(m.canonical, m.ogURL)),
		Source: cleanField(m.siteName),
	}
	for _, s := range []string{m.metaPublished, m.ldPublished, m.time} {
		if t, err := parsePublished(s); err == nil && !t.IsZero() {
			a.Published = t
			break
		}
	}

	pageURL, _ := url.Parse(a.URL)
	if pageURL != nil && !pageURL.IsAbs() {
		pageURL = nil
	}
	parser := readability.NewParser()
	ra, err := parser.ParseDocument(doc, pageURL)
	if err == nil && ra.Node != nil {
		a.Text = blockText(ra.Node)
	}
	if a.Text == "" {
		// Readability found nothing; fall back to the whole body.
		a.Text = blockText(doc)
	}
	if a.Title == "" {
		a.Title = cleanField(ra.Title())
	}
	if a.Published.IsZero() {
		if t, err := ra.PublishedTime(); err == nil {
			a.Published = t
		}
	}
	if a.Source == "" {
		a.Source = cleanField(ra.SiteName())
	}
	// Readability often keeps the headline; the title already holds it.
	if first, rest, ok := strings.Cut(a.Text, "\n\n"); ok && cleanField(first) == a.Title {
		a.Text = rest
	}
	a.Text = normalizeString(a.Text)
	return a, nil
}

// collect walks the document once and records the metadata it finds.
func (m *htmlMeta) collect(n *html.Node) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" {
				m.title = textOf(n)
			}
		case atom.Meta:
			key := strings.ToLower(firstOf(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
			val := attr(n, "content")
			switch key {
			case "og:title":
				m.ogTitle = firstOf(m.ogTitle, val)
			case "og:url":
				m.ogURL = firstOf(m.ogURL, val)
			case "og:site_name":
				m.siteName = firstOf(m.siteName, val)
			case "article:published_time", "datepublished":
				m.metaPublished = firstOf(m.metaPublished, val)
			}
		case atom.Link:
			for _, rel := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
				if rel == "canonical" {
					m.canonical = firstOf(m.canonical, attr(n, "href"))
				}
			}
		case atom.Time:
			m.time = firstOf(m.time, attr(n, "datetime"))
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
				m.jsonLD(textOf(n))
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.collect(c)
	}
}

// jsonLD reads datePublished and headline from a JSON-LD block: an object,
// an array of objects, or objects nested in @graph.
func (m *htmlMeta) jsonLD(src string) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			if s, ok := v["datePublished"].(string); ok {
				m.ldPublished = firstOf(m.ldPublished, s)
			}
			if s, ok := v["headline"].(string); ok {
				m.ldHeadline = firstOf(m.ldHeadline, s)
			}
			if g, ok := v["@graph"]; ok {
				walk(g)
			}
		}
	}
	walk(v)
}

// blockElements start a new paragraph in blockText.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Figure: true, atom.Figcaption: true,
	atom.Table: true, atom.Tr: true, atom.Hr: true, atom.Form: true, atom.Address: true,
}

// skippedElements hold no readable text.
var skippedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Head: true, atom.Nav: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true,
}

// blockText renders a node as plain text: whitespace inside a paragraph
// collapses to single spaces, <br> is a line break and block elements are
// separated by a blank line. <pre> keeps its whitespace.
func blockText(n *html.Node) string {
	var out, para strings.Builder
	flush := func() {
		p := strings.TrimSpace(para.String())
		para.Reset()
		if p == "" {
			return
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(p)
	}
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			if pre {
				para.WriteString(n.Data)
				return
			}
			writeCollapsed(&para, n.Data)
			return
		case html.ElementNode:
			if skippedElements[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.Br {
				trimTrailingSpace(&para)
				para.WriteByte('\n')
				return
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre || n.DataAtom == atom.Pre)
		}
		if block {
			flush()
		}
	}
	walk(n, false)
	flush()
	return out.String()
}

// writeCollapsed appends s to b with whitespace runs collapsed to one space
// and no space at the start of a line.
func writeCollapsed(b *strings.Builder, s string) {
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0' {
			cur := b.String()
			if cur == "" || strings.HasSuffix(cur, " ") || strings.HasSuffix(cur, "\n") {
				continue
			}
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
}

// trimTrailingSpace removes one trailing space from b, so a line break is
// not preceded by one.
func trimTrailingSpace(b *strings.Builder) {
	if s := b.String(); strings.HasSuffix(s, " ") {
		b.Reset()
		b.WriteString(s[:len(s)-1])
	}
}

// textOf returns the concatenated text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// firstOf returns the first of vals that is not blank.
func firstOf(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
