package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strconv"
	"strings"
)

// slug turns a file path into an ID: the file name without its extension,
// lower-cased, with every run of characters other than ASCII letters and
// digits replaced by one hyphen.
func slug(p string) string {
	name := path.Base(p)
	name = strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	if b.Len() == 0 {
		return "article"
	}
	return b.String()
}

// shortHash returns the first 12 hex digits of the SHA-256 of s, an ID for
// articles that carry neither an id nor a file of their own.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// idSet hands out IDs that are unique within one load.
type idSet map[string]struct{}

// claim returns id, or id with the smallest "-N" suffix (N >= 2) that is
// still free, and marks the result as taken.
func (s idSet) claim(id string) string {
	out := id
	for n := 2; ; n++ {
		if _, taken := s[out]; !taken {
			break
		}
		out = id + "-" + strconv.Itoa(n)
	}
	s[out] = struct{}{}
	return out
}
