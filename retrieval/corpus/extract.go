package corpus

import (
	"strings"

	"golang.org/x/net/html"
)

// ParseHTML reads an HTML page as an article, as the HTML corpus format
// does: title, publication date, canonical URL, site name and main text.
func ParseHTML(src string) (Article, error) { return parseHTML(src) }

// HTMLText returns the text of an HTML fragment, such as a feed item's
// content, with blank lines between blocks; "" when it holds no text.
func HTMLText(fragment string) string {
	doc, err := html.Parse(strings.NewReader(fragment))
	if err != nil {
		return ""
	}
	return normalizeString(blockText(doc))
}
