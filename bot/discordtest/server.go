// Package discordtest is a fake Discord on loopback for tests: one
// httptest server that answers the REST API the bot uses, records every
// call, can script 429 and 500 replies, and runs a websocket gateway that
// says HELLO, reads IDENTIFY, sends READY and then dispatches the events a
// test scripts. The real discordgo client talks to it unchanged.
package discordtest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fixed identities of the fake: the application and its bot user.
const (
	AppID     = "900000000000000001"
	BotUserID = "900000000000000002"
	GuildID   = "900000000000000003"
)

// Call is one REST request the fake received.
type Call struct {
	Method string
	Path   string         // e.g. /api/v9/channels/1/messages
	Query  string         // raw query
	Auth   string         // the Authorization header, e.g. "Bot <token>"
	Body   map[string]any // the decoded JSON object body (payload_json of a multipart body), nil if none
	Files  []File         // the files of a multipart/form-data body
	Raw    []byte         // the body as sent
	Status int            // the status the fake answered with
	Reply  map[string]any // the JSON object the fake answered with, if any
	At     time.Time
}

// Server is the fake Discord. Create it with New.
type Server struct {
	// URL is the REST base, http://127.0.0.1:port, for DISCORD_API_URL.
	URL string

	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	calls    []Call
	changed  chan struct{} // closed and replaced when calls change
	scripts  []*script
	channels map[string]channel
	// interactions are the types of the dispatched interactions by ID.
	interactions map[string]int
	nextID       int64
	gateways     []*gatewayConn
	ready        chan struct{} // closed on the first READY sent
	seq          int64
	shards       shardState
}

// channel is what the fake knows about a channel.
type channel struct {
	ID, GuildID, ParentID string
	Type                  int
}

// script is a canned error reply for the next n calls whose path contains
// match.
type script struct {
	match  string
	n      int
	status int
	retry  time.Duration
}

// New starts a fake Discord that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		t:        t,
		changed:  make(chan struct{}),
		channels: map[string]channel{},
		nextID:   910000000000000000,

		interactions: map[string]int{},
		ready:        make(chan struct{}),
		shards:       shardState{recommended: 1, maxConcurrency: 1, route: -1},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/gateway-ws/", s.serveGateway)
	mux.HandleFunc("/", s.serveREST)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

// Close stops the gateway connections and the server.
func (s *Server) Close() {
	s.mu.Lock()
	conns := s.gateways
	s.gateways = nil
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.srv.Close()
}

// NewID returns a fresh snowflake-shaped ID.
func (s *Server) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIDLocked()
}

func (s *Server) newIDLocked() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

// AddChannel tells the fake about a channel so GET /channels/{id} answers
// with its type (0 guild text, 1 DM, 11 public thread).
func (s *Server) AddChannel(id string, typ int, parentID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = channel{ID: id, GuildID: GuildID, ParentID: parentID, Type: typ}
}

// RateLimitNext answers the next n calls whose path contains match with a
// 429, Retry-After headers and a JSON body asking to retry after retry.
func (s *Server) RateLimitNext(match string, n int, retry time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts = append(s.scripts, &script{match: match, n: n, status: http.StatusTooManyRequests, retry: retry})
}

// FailNext answers the next n calls whose path contains match with status
// (e.g. 500) and a JSON error body.
func (s *Server) FailNext(match string, n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts = append(s.scripts, &script{match: match, n: n, status: status})
}

// takeScript returns the scripted reply for path, if any, using it up.
func (s *Server) takeScript(path string) *script {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sc := range s.scripts {
		if sc.n > 0 && strings.Contains(path, sc.match) {
			sc.n--
			return sc
		}
	}
	return nil
}

// record stores a call and wakes the waiters.
func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
}

// Calls returns a copy of every REST call so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}
