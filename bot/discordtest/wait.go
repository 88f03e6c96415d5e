package discordtest

import (
	"fmt"
	"strings"
	"time"
)

// DefaultWait bounds every wait helper and the fake gateway's reads and
// writes. The waits are event-driven (they return as soon as the awaited
// call or event arrives), so this bound only decides when a test that is
// genuinely stuck fails: generous, so that a loaded machine never trips it.
const DefaultWait = 60 * time.Second

// WaitCall waits until a REST call after the first `after` calls matches
// ok, and returns it with its index; it fails the test after DefaultWait.
func (s *Server) WaitCall(after int, what string, ok func(Call) bool) (Call, int) {
	s.t.Helper()
	deadline := time.NewTimer(DefaultWait)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		for i := after; i < len(s.calls); i++ {
			if ok(s.calls[i]) {
				c := s.calls[i]
				s.mu.Unlock()
				return c, i
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			s.t.Fatalf("discordtest: no %s within %s; calls:\n%s", what, DefaultWait, s.dump())
			return Call{}, -1
		}
	}
}

// Count returns how many calls so far match ok.
func (s *Server) Count(ok func(Call) bool) int {
	n := 0
	for _, c := range s.Calls() {
		if ok(c) {
			n++
		}
	}
	return n
}

// dump lists the calls for a failure message.
func (s *Server) dump() string {
	var b strings.Builder
	for i, c := range s.Calls() {
		raw := string(c.Raw)
		if len(raw) > 300 {
			raw = raw[:300] + "…"
		}
		fmt.Fprintf(&b, "  %d %s %s -> %d %s\n", i, c.Method, c.Path, c.Status, raw)
	}
	return b.String()
}

// Is returns a predicate for calls with method whose path contains all of
// the parts.
func Is(method string, parts ...string) func(Call) bool {
	return func(c Call) bool {
		if c.Method != method {
			return false
		}
		for _, p := range parts {
			if !strings.Contains(c.Path, p) {
				return false
			}
		}
		return true
	}
}

// Succeeded wraps a predicate so it only matches calls answered with 2xx.
func Succeeded(ok func(Call) bool) func(Call) bool {
	return func(c Call) bool { return c.Status < 300 && ok(c) }
}

// Ends returns a predicate for calls with method whose path ends with
// suffix, e.g. "/channels/1/messages" (not its /threads sub-path).
func Ends(method, suffix string) func(Call) bool {
	return func(c Call) bool { return c.Method == method && strings.HasSuffix(c.Path, suffix) }
}
