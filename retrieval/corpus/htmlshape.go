package corpus

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on the HTML handed to the parser and go-readability, whose work
// grows faster than the page: readability cleans a page in time quadratic
// in its nesting depth, and a page of a million small elements takes
// seconds. maxHTMLDepth stays below the 512 open elements at which
// html.Parse gives up, leaving room for the elements it implies (html,
// body, tbody, reopened formatting elements) so that a page over the limit
// is refused here, with its depth named.
const (
	maxHTMLDepth    = 500
	maxHTMLElements = 200_000
)

// impliedEndWindow is how far down the stack of open elements a start tag
// looks for an element it implicitly closes, such as an open <p> closed by
// a <div>. Real pages close such elements near the top; a bound keeps the
// pass linear.
const impliedEndWindow = 8

// checkHTMLShape walks src with the tokenizer, cheaply and before any
// parsing, and returns an error when the page is nested deeper than
// maxHTMLDepth or has more than maxHTMLElements elements.
func checkHTMLShape(src string) error {
	depth, elements := measureHTML(src)
	switch {
	case depth > maxHTMLDepth:
		return fmt.Errorf("nested %d levels deep, over the limit of %d", depth, maxHTMLDepth)
	case elements > maxHTMLElements:
		return fmt.Errorf("has %d elements, over the limit of %d", elements, maxHTMLElements)
	}
	return nil
}

// measureHTML returns the deepest nesting of elements inside <body> and
// the number of elements in src, as the tokenizer sees them with the
// common implied end tags applied (<p> closed by a block, <li> by the next
// <li>, table cells and rows by the next, and so on). It is an estimate of
// the parse tree's depth, not the tree builder: the rarer rules of HTML
// are left out.
func measureHTML(src string) (depth, elements int) {
	z := html.NewTokenizer(strings.NewReader(src))
	s := openStack{counts: map[string]int{}}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return depth, elements
		case html.StartTagToken, html.SelfClosingTagToken:
			elements++
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case voidElements[a] || a == atom.Html || a == atom.Head || a == atom.Body:
				// Never on the stack, or always exactly once at its foot.
				continue
			case tt == html.SelfClosingTagToken && (s.inForeign() || a == atom.Svg || a == atom.Math):
				// <path/> in SVG or MathML is closed already.
				continue
			}
			s.closeImplied(a)
			s.push(tagKey(a, name))
			depth = max(depth, s.len())
		case html.EndTagToken:
			name, _ := z.TagName()
			s.popTo(tagKey(atom.Lookup(name), name))
		}
	}
}

// voidElements have no end tag and no content.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
	atom.Keygen: true, atom.Basefont: true, atom.Bgsound: true, atom.Frame: true,
}

// closesP are the start tags that close an open <p>.
var closesP = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Center: true, atom.Details: true, atom.Dialog: true, atom.Dir: true,
	atom.Div: true, atom.Dl: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hgroup: true, atom.Main: true, atom.Menu: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Summary: true, atom.Table: true, atom.Ul: true, atom.Li: true,
	atom.Dd: true, atom.Dt: true, atom.Listing: true, atom.Xmp: true,
}

// tagKey names an element on the stack: its atom's string, which costs no
// allocation, or its own name for an element HTML does not know.
func tagKey(a atom.Atom, name []byte) string {
	if a != 0 {
		return a.String()
	}
	return string(name)
}

// openStack is the stack of open elements, with a count of each name on
// it so that an end tag for an element that is not open costs nothing.
type openStack struct {
	names  []string
	counts map[string]int
}

func (s *openStack) len() int { return len(s.names) }

func (s *openStack) push(name string) {
	s.names = append(s.names, name)
	s.counts[name]++
}

func (s *openStack) top() string {
	if len(s.names) == 0 {
		return ""
	}
	return s.names[len(s.names)-1]
}

// popTo pops the nearest open element called name and everything above
// it; it does nothing when none is open. Each element is popped once, so
// the pass stays linear.
func (s *openStack) popTo(name string) {
	if s.counts[name] == 0 {
		return
	}
	for len(s.names) > 0 {
		n := s.names[len(s.names)-1]
		s.names = s.names[:len(s.names)-1]
		s.counts[n]--
		if n == name {
			return
		}
	}
}

// inForeign reports whether an <svg> or <math> element is open.
func (s *openStack) inForeign() bool {
	return s.counts["svg"] > 0 || s.counts["math"] > 0
}

// closeImplied pops the elements that a start tag a closes without an end
// tag: the nearest open element of the targets with everything above it,
// looking at most impliedEndWindow elements down and never past one of
// stop.
func (s *openStack) closeImplied(a atom.Atom) {
	closeNear := func(targets []string, stop ...string) {
		for i := len(s.names) - 1; i >= max(0, len(s.names)-impliedEndWindow); i-- {
			n := s.names[i]
			for _, t := range targets {
				if n == t {
					s.popTo(n)
					return
				}
			}
			for _, b := range stop {
				if n == b {
					return
				}
			}
		}
	}
	if closesP[a] {
		closeNear([]string{"p"}, "button", "table", "td", "th", "caption", "object", "template", "marquee", "applet")
	}
	switch a {
	case atom.Li:
		closeNear([]string{"li"}, "ul", "ol")
	case atom.Dd, atom.Dt:
		closeNear([]string{"dd", "dt"}, "dl")
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		switch s.top() {
		case "h1", "h2", "h3", "h4", "h5", "h6":
			s.popTo(s.top())
		}
	case atom.Option:
		closeNear([]string{"option"}, "select", "datalist")
	case atom.Optgroup:
		closeNear([]string{"option", "optgroup"}, "select")
	case atom.A:
		closeNear([]string{"a"})
	case atom.Button:
		closeNear([]string{"button"})
	case atom.Tbody, atom.Thead, atom.Tfoot:
		closeNear([]string{"tbody", "thead", "tfoot"}, "table")
	case atom.Tr:
		closeNear([]string{"tr"}, "table", "tbody", "thead", "tfoot")
		if s.top() == "table" {
			s.push("tbody")
		}
	case atom.Td, atom.Th:
		closeNear([]string{"td", "th"}, "tr", "table")
		switch s.top() {
		case "table":
			s.push("tbody")
			s.push("tr")
		case "tbody", "thead", "tfoot":
			s.push("tr")
		}
	}
}
