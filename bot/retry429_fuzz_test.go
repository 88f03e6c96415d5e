package bot

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"
)

// FuzzRetryAfter feeds retryAfter arbitrary 429 bodies and headers: it
// must never panic, only ever ask for a wait between 0 and an hour, and
// leave the whole body readable.
func FuzzRetryAfter(f *testing.F) {
	f.Add([]byte(`{"message": "You are being rate limited.", "retry_after": 0.25, "global": false}`), "0.250", "1")
	f.Add([]byte(`{"retry_after": -1}`), "", "")
	f.Add([]byte(`{"retry_after": 1e400}`), "", "")
	f.Add([]byte(`{"retry_after": "3"}`), "NaN", "Inf")
	f.Add([]byte(`not json`), "", "NaN")
	f.Add([]byte(``), "1e9", "-0")
	f.Fuzz(func(t *testing.T, body []byte, resetAfter, retry string) {
		resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		resp.Header.Set("X-RateLimit-Reset-After", resetAfter)
		resp.Header.Set("Retry-After", retry)
		wait, ok := retryAfter(resp)
		if ok && (wait < 0 || wait > time.Hour) {
			t.Errorf("retryAfter(%q, %q, %q) = %v", body, resetAfter, retry, wait)
		}
		if !ok && wait != 0 {
			t.Errorf("not ok but wait %v", wait)
		}
		rest, err := io.ReadAll(resp.Body)
		if err != nil || !bytes.Equal(rest, body) {
			t.Errorf("body after retryAfter: %d bytes (err %v), want the %d sent", len(rest), err, len(body))
		}
	})
}

// A 429 body longer than the 64 KiB retryAfter reads stays readable whole.
func TestRetryAfterKeepsALongBody(t *testing.T) {
	body := append([]byte(`{"retry_after": 0.5, "pad": "`), bytes.Repeat([]byte("x"), 70_000)...)
	body = append(body, `"}`...)
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
	if _, ok := retryAfter(resp); ok {
		t.Error("a retry_after past the 64 KiB read was trusted") // the JSON is cut, so the body tells nothing
	}
	if rest, err := io.ReadAll(resp.Body); err != nil || !bytes.Equal(rest, body) {
		t.Errorf("body after retryAfter: %d bytes (err %v), want the %d sent", len(rest), err, len(body))
	}
}
