package bot

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Discord answers 429 when a request exceeds a rate limit. discordgo alone
// would wait and retry for as long as the 429s come; behind a misbehaving
// REST proxy that is forever. rateLimitTransport retries at most
// maxRetries times, each after the wait Discord asks for if it is at most
// maxWait, then hands the 429 to discordgo, which (with
// ShouldRetryOnRateLimit off) returns a RateLimitError the handlers report.
type rateLimitTransport struct {
	next       http.RoundTripper
	maxRetries int
	maxWait    time.Duration
}

// Bounds on retrying 429s: an interaction token lives 15 minutes, but a
// user waits seconds.
const (
	rateLimitRetries = 3
	rateLimitMaxWait = 10 * time.Second
)

// RoundTrip sends req, retrying on 429 within the transport's bounds.
func (t *rateLimitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := t.next.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests || attempt == t.maxRetries {
			return resp, err
		}
		wait, ok := retryAfter(resp)
		if !ok || wait > t.maxWait || (req.Body != nil && req.GetBody == nil) {
			return resp, nil
		}
		resp.Body.Close() // retrying: this 429 is done with
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
	}
}

// retryAfter reads how long a 429 asks to wait: the JSON body's
// retry_after (seconds, to the millisecond), else the X-RateLimit-Reset-After
// or Retry-After header (whole seconds). It reads at most 64 KiB of the
// body, and the whole body stays readable.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	resp.Body = readCloser{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
	var v struct {
		RetryAfter *float64 `json:"retry_after"`
	}
	if err == nil && json.Unmarshal(body, &v) == nil && v.RetryAfter != nil {
		return seconds(*v.RetryAfter)
	}
	for _, h := range []string{"X-RateLimit-Reset-After", "Retry-After"} {
		if secs, err := strconv.ParseFloat(resp.Header.Get(h), 64); err == nil {
			return seconds(secs)
		}
	}
	return 0, false
}

// seconds converts a wait of s seconds; NaN, negative and over an hour
// are no wait at all.
func seconds(s float64) (time.Duration, bool) {
	if !(s >= 0 && s <= 3600) {
		return 0, false
	}
	return time.Duration(s * float64(time.Second)), true
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}
