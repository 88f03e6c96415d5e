package bot

import (
	"net/url"
	"strings"
)

// Discord renders message content and embed descriptions as Markdown, in
// which [text](target) is a masked link: text shown, target opened. Text
// from articles, from the language model, from file names or typed by a
// user could so show "https://city.gov/flood" and open another site. Every
// such text the bot posts goes through escapeLinks, and every link the bot
// posts itself is built by linkURL from a parsed, checked URL, with link
// text that is a number or an escaped title.
//
// Other Markdown that links (a bare https://… or <https://…>) shows its
// own target, so it is left as written.

// escapeLinks makes text unable to form a masked link when posted as
// Markdown: a "](" becomes "]\(", which Discord shows as "](" as written.
// Citation markers such as [1] are unchanged.
func escapeLinks(text string) string {
	return strings.ReplaceAll(text, "](", `]\(`)
}

// linkText makes s fit to show as the text of a masked link: square
// brackets become round ones and Markdown escapes are dropped, so that the
// link cannot end early or take in more than s.
func linkText(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", `\`, "").Replace(s)
}

// looksLikeURL reports whether s could be read as a web address, which a
// masked link's text must not be: the reader would take it for the target.
func looksLikeURL(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "://") || strings.HasPrefix(s, "www.") || strings.Contains(s, " www.")
}

// maxLinkURL bounds the URL of a link the bot posts.
const maxLinkURL = 2048

// linkURL returns raw as the target of a link the bot may post: an
// absolute http or https URL with a host name of letters, digits, hyphens
// and dots (or an IPv4 address), an optional port, no user name or
// password, at most maxLinkURL long, re-encoded so that no character of
// it can end a Markdown link or start another. Anything else is not
// linked, and ok is false.
func linkURL(raw string) (string, bool) {
	if len(raw) > maxLinkURL {
		return "", false
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.User != nil || !validHost(u.Hostname()) {
		return "", false
	}
	href := encodeLinkURL(u.String())
	if len(href) > maxLinkURL {
		return "", false
	}
	return href, true
}

// validHost reports whether host is a DNS name or an IPv4 address: labels
// of ASCII letters, digits and hyphens, not starting or ending with one.
func validHost(host string) bool {
	if host == "" || len(host) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// encodeLinkURL percent-encodes every byte of an encoded URL but the
// letters, digits and -._~:/?#@!$&+,;=% that need no escaping in a
// Markdown link target: no space, bracket, parenthesis, quote, backslash
// or asterisk is left.
func encodeLinkURL(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~:/?#@!$&+,;=%", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
