package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// UserAgent is what dossier calls itself to the servers it polls.
const UserAgent = "dossier/1 (news question-answering bot; +https://github.com/dossier-bot/dossier)"

// Fetch limits.
const (
	// MaxFeedBytes is the largest feed document read.
	MaxFeedBytes = 10 << 20
	// MaxPageBytes is the largest article page read.
	MaxPageBytes = 5 << 20
	// fetchTimeout bounds one request, headers to last byte.
	fetchTimeout = 30 * time.Second
)

// ErrTooLarge reports a response body over the size cap.
var ErrTooLarge = errors.New("response is larger than the limit")

// Validators are what a server said about the last copy fetched, sent back
// so that an unchanged feed costs a 304 and nothing else.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Response is the outcome of one GET.
type Response struct {
	Status      int
	Body        []byte // nil on 304
	NotModified bool
	Validators  Validators
	ContentType string
	// MaxAge is the server's Cache-Control max-age; 0 when absent.
	MaxAge time.Duration
	// RetryAfter is how long a 429 or 503 asks to wait; 0 when absent.
	RetryAfter time.Duration
	// FinalURL is the URL after redirects.
	FinalURL string
}

// Fetcher GETs feeds and pages politely: a real User-Agent, conditional
// requests, a timeout and a size cap. gzip is negotiated and decoded by
// net/http.
type Fetcher struct {
	Client *http.Client // nil means a client with fetchTimeout that dials public addresses only
	// AllowPrivate lets the default client dial loopback and private
	// addresses too (an intranet feed; tests on loopback).
	AllowPrivate bool
	Now          func() time.Time

	once sync.Once
	def  *http.Client
}

func (f *Fetcher) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	f.once.Do(func() { f.def = newClient(f.AllowPrivate) })
	return f.def
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// Get fetches url with the validators of the last copy, reading at most
// limit bytes of body. A 304 is a Response with NotModified set; any other
// status but 200 is returned as a Response too (with its Retry-After), so
// the caller can back off; only transport failures and oversized bodies
// are errors.
func (f *Fetcher) Get(ctx context.Context, url string, v Validators, limit int64, accept string) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Response{}, fmt.Errorf("fetch %s: %w", url, err)
	}
	req.Header.Set("User-Agent", UserAgent)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	out := Response{
		Status:      resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		MaxAge:      maxAge(resp.Header.Get("Cache-Control")),
		RetryAfter:  retryAfter(resp.Header.Get("Retry-After"), f.now()),
		FinalURL:    resp.Request.URL.String(),
		Validators:  Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")},
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.Validators = v
		return out, nil
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return out, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return out, fmt.Errorf("fetch %s: read body: %w", url, err)
	}
	if int64(len(body)) > limit {
		return out, fmt.Errorf("fetch %s: %w of %d bytes", url, ErrTooLarge, limit)
	}
	out.Body = body
	return out, nil
}

// maxAge parses Cache-Control's max-age; 0 when absent or invalid.
func maxAge(cc string) time.Duration {
	for _, part := range strings.Split(cc, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !strings.EqualFold(k, "max-age") {
			continue
		}
		if n, err := strconv.Atoi(strings.Trim(v, `"`)); err == nil && n > 0 {
			return time.Duration(n) * time.Second
		}
	}
	return 0
}

// retryAfter parses a Retry-After header, seconds or an HTTP date; 0 when
// absent or invalid.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
