package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
)

// trackingParams are query parameters that say who sent the reader, not
// which page it is; prefixes end in "_".
var trackingParams = []string{"utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ocid", "cmpid", "_ga", "ref_src", "smid", "sr_share"}

// Canonical returns the canonical form of an article URL: scheme and host
// lower-cased, default port, fragment and tracking parameters removed,
// the remaining query sorted. ok is false for anything but an absolute
// http or https URL.
func Canonical(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "http" && u.Port() == "80") || (u.Scheme == "https" && u.Port() == "443") {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment, u.User = "", "", nil
	q := u.Query()
	for k := range q {
		if isTracking(k) {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode() // sorted by key
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), true
}

func isTracking(param string) bool {
	p := strings.ToLower(param)
	for _, t := range trackingParams {
		if p == t || (strings.HasSuffix(t, "_") && strings.HasPrefix(p, t)) {
			return true
		}
	}
	return false
}

// key is a short stable hash of s, used as an item and article identity.
func key(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}
