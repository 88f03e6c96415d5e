package bot

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// rewriteTransport sends every request to one scheme and host, keeping the
// path and query: the way DISCORD_API_URL points the Discord client at a
// REST proxy or, in tests, at a fake Discord on loopback.
type rewriteTransport struct {
	scheme, host string
	next         http.RoundTripper
}

// RoundTrip rewrites the request's scheme and host and passes it on.
func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme = t.scheme
	r.URL.Host = t.host
	r.Host = t.host
	return t.next.RoundTrip(r)
}

// NewAPIClient returns the HTTP client for Discord's REST API whose
// requests all go to apiURL's scheme and host (e.g. https://discord.com or
// http://127.0.0.1:8080), paths unchanged. It retries a 429 a bounded
// number of times (see rateLimitTransport); the session using it should
// set ShouldRetryOnRateLimit to false.
func NewAPIClient(apiURL string) (*http.Client, error) {
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord API URL %q: want http(s)://host[:port]", apiURL)
	}
	// Keep a connection for each acknowledgement and answer in flight
	// rather than opening and closing one per request under load.
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConns, base.MaxIdleConnsPerHost = 2*maxAcking, 2*maxAcking
	return &http.Client{
		Timeout: 20 * time.Second,
		Transport: &rateLimitTransport{
			next:       &rewriteTransport{scheme: u.Scheme, host: u.Host, next: base},
			maxRetries: rateLimitRetries,
			maxWait:    rateLimitMaxWait,
		},
	}, nil
}
