package summarize

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"

	"github.com/dossier-bot/dossier/config"
)

// The errors Summarize and SummarizeEvents wrap when they fall back to the
// extractive answer. Test for them with errors.Is. The wrapped message never
// contains the API key.
var (
	ErrTimeout      = errors.New("the summarizer timed out")
	ErrCanceled     = errors.New("the summary was canceled")
	ErrUnreachable  = errors.New("the summarizer could not be reached")
	ErrUnauthorized = errors.New("the summarizer rejected the API key")
	ErrRateLimited  = errors.New("the summarizer is rate limited")
	ErrServer       = errors.New("the summarizer failed")
	ErrStreamCut    = errors.New("the summarizer's reply was cut off")
	ErrNotCovered   = errors.New("the summarizer found no answer in the sources")
	ErrUnverified   = errors.New("the summary did not cite its sources correctly")
)

// notes are the short user-facing reasons shown beside a fallback.
var notes = map[error]string{
	ErrTimeout:      "The summarizer timed out",
	ErrCanceled:     "The summary was canceled",
	ErrUnreachable:  "The summarizer could not be reached",
	ErrUnauthorized: "The summarizer rejected its API key",
	ErrRateLimited:  "The summarizer is busy (rate limited)",
	ErrServer:       "The summarizer failed",
	ErrStreamCut:    "The summarizer's reply was cut off",
	ErrNotCovered:   "The summarizer could not answer from the sources",
	ErrUnverified:   "The summary did not cite its sources reliably",
}

// noteFor returns the user-facing note for an error from this package;
// fallback says what is shown instead, e.g. "showing the extractive answer".
func noteFor(err error, fallback string) string {
	note := notes[ErrServer]
	for kind, n := range notes {
		if errors.Is(err, kind) {
			note = n
			break
		}
	}
	return note + "; " + fallback + "."
}

// maxDetail bounds how much of a server's error message is kept.
const maxDetail = 200

// classify turns an error from the client or the stream into one of this
// package's errors, with a redacted detail. parent is the caller's context,
// run the one bounded by Options.Timeout.
func (s *Summarizer) classify(parent, run context.Context, err error) error {
	kind, detail := ErrServer, err.Error()
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	status := 0
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(run.Err(), context.DeadlineExceeded):
		kind, detail = ErrTimeout, fmt.Sprintf("no complete reply in time (limit %s)", s.opts.Timeout)
	case parent.Err() != nil:
		kind, detail = ErrCanceled, parent.Err().Error()
	case isOwn(err):
		// Our own errors carry no server text.
		return fmt.Errorf("summarize with model %q at %s: %w", s.opts.Model, s.host, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		kind = ErrStreamCut
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
		detail = fmt.Sprintf("HTTP %d: %s", status, apiErr.Message)
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
		detail = fmt.Sprintf("HTTP %d: %s", status, reqErr.Body)
	case errors.Is(err, syscall.ECONNREFUSED) || isDialError(err):
		kind = ErrUnreachable
	}
	switch {
	case status == 401 || status == 403:
		// The server's message may quote the key; keep only the status.
		kind, detail = ErrUnauthorized, fmt.Sprintf("HTTP %d", status)
	case status == 429:
		kind = ErrRateLimited
	case status == 404:
		detail += " (check that the base URL ends in /v1 and that the model exists)"
	}
	return fmt.Errorf("summarize with model %q at %s: %w: %s", s.opts.Model, s.host, kind, s.redact(detail))
}

// isDialError reports whether err happened before any byte reached the
// server: a failed DNS look-up or connection.
func isDialError(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	return errors.As(err, &dnsErr) || (errors.As(err, &opErr) && opErr.Op == "dial")
}

// redact removes the API key, and the user information and query values
// of any URL, from text and bounds its length.
func (s *Summarizer) redact(text string) string {
	text = config.RedactURLs(text)
	if len(s.opts.APIKey) >= 4 {
		text = strings.ReplaceAll(text, s.opts.APIKey, "[redacted]")
	}
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > maxDetail {
		cut := maxDetail
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

// isOwn reports whether err already wraps one of this package's errors.
func isOwn(err error) bool {
	for kind := range notes {
		if errors.Is(err, kind) {
			return true
		}
	}
	return false
}

// displayHost is the scheme and host of a base URL, without any user
// information or query, for logs and errors.
func displayHost(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return "the configured server"
	}
	return u.Scheme + "://" + u.Host
}
