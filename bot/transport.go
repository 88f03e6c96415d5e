package bot

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/config"
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
		return nil, fmt.Errorf("discord API URL %q: want http(s)://host[:port]", config.RedactURL(apiURL))
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

// DialledError makes the URL a failed request's error names the one the
// client sent it to: the Discord library names the URL it meant
// (https://discord.com/api/...), not the scheme and host apiURL rewrote it
// to. The URL is shown redacted (config.RedactURL); errors.Is and
// errors.As see err's chain as before.
func DialledError(err error, apiURL string) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	dialled := ue.URL
	if to, perr := url.Parse(apiURL); perr == nil && to.Host != "" {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			u.Scheme, u.Host = to.Scheme, to.Host
			dialled = u.String()
		}
	}
	dialled = config.RedactURL(dialled)
	msg := strings.ReplaceAll(err.Error(), strconv.Quote(ue.URL), strconv.Quote(dialled))
	ue.URL = dialled
	return &renamedError{msg: msg, err: err}
}

// renamedError is err with another message.
type renamedError struct {
	msg string
	err error
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }
