package config

import (
	"net/url"
	"regexp"
	"strings"
)

// redacted stands in for a secret part of a URL.
const redacted = "REDACTED"

// RedactURL is raw as it may appear in a log or an error: its user
// information, its query values and its fragment are replaced by REDACTED
// (query keys are kept), since any of them may carry a key. Scheme, host
// and path are kept. A string that does not parse as a URL is cut before
// its first '?' or '#', and anything before an '@' is masked.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactLoose(raw)
	}
	changed := false
	if u.User != nil {
		u.User, changed = url.User(redacted), true
	}
	if u.RawQuery != "" {
		u.RawQuery, changed = redactQuery(u.RawQuery), true
	}
	if u.Fragment != "" {
		u.Fragment, u.RawFragment, changed = redacted, "", true
	}
	if i := strings.LastIndex(u.Opaque, "@"); i >= 0 {
		u.Opaque, changed = redacted+u.Opaque[i:], true
	}
	if !changed {
		return raw // u.String() would not always give raw back ("http://" is "http:")
	}
	return u.String()
}

// redactQuery keeps a query's keys and replaces every value.
func redactQuery(q string) string {
	parts := strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' })
	for i, p := range parts {
		if k, _, ok := strings.Cut(p, "="); ok {
			parts[i] = k + "=" + redacted
		} else {
			parts[i] = redacted // a bare value may be a key too
		}
	}
	return strings.Join(parts, "&")
}

// redactLoose masks what looks like user information, a query or a
// fragment in a string that is not a well-formed URL.
func redactLoose(raw string) string {
	s, cut := raw, false
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s, cut = s[:i], true
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		start := 0
		if j := strings.Index(s, "://"); j >= 0 && j < i {
			start = j + 3
		}
		s = s[:start] + redacted + s[i:]
	}
	if cut {
		s += "?" + redacted
	}
	return s
}

// urlInText matches an http(s) URL inside a message, as Go's HTTP client
// quotes the URL it failed to reach.
var urlInText = regexp.MustCompile(`(?i)https?://[^\s"'<>` + "`" + `]+`)

// RedactURLs applies RedactURL to every http(s) URL in text, for error
// messages that quote a request's URL.
func RedactURLs(text string) string {
	return urlInText.ReplaceAllStringFunc(text, RedactURL)
}
