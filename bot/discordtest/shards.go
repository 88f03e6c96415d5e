package discordtest

import "time"

// shardState is what the fake knows about gateway shards.
type shardState struct {
	recommended, maxConcurrency int       // GET /gateway/bot answers these
	identifies                  []*[2]int // each IDENTIFY's shard field, in order
	readies                     int       // clients sent READY and connected
	route                       int       // dispatch to this shard only; -1 = every client
}

// SetGatewayBot makes GET /gateway/bot recommend shards shards and a
// session_start_limit.max_concurrency of maxConcurrency (1 and 1 unless
// set).
func (s *Server) SetGatewayBot(shards, maxConcurrency int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shards.recommended, s.shards.maxConcurrency = shards, maxConcurrency
}

func (s *Server) gatewayBot() (shards, maxConcurrency int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shards.recommended, s.shards.maxConcurrency
}

// identified records the shard field of an IDENTIFY.
func (s *Server) identified(shard *[2]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shards.identifies = append(s.shards.identifies, shard)
}

// readied counts a client sent READY, which dispatches now reach.
func (s *Server) readied() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shards.readies++
	close(s.changed)
	s.changed = make(chan struct{})
}

// Identifies returns the shard field of every IDENTIFY so far, in order;
// nil for one without it (a client running no shards).
func (s *Server) Identifies() []*[2]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*[2]int(nil), s.shards.identifies...)
}

// WaitIdentifies waits until n clients have identified and been sent
// READY, and returns their shard fields.
func (s *Server) WaitIdentifies(n int) []*[2]int {
	s.t.Helper()
	deadline := time.After(DefaultWait)
	for {
		s.mu.Lock()
		got, changed := s.shards.readies, s.changed
		s.mu.Unlock()
		if got >= n {
			return s.Identifies()
		}
		select {
		case <-changed:
		case <-deadline:
			s.t.Fatalf("discordtest: %d of %d clients identified within %s", got, n, DefaultWait)
		}
	}
}

// ToShard sends the dispatches that follow only to the client that
// identified as shard id (as Discord sends a guild's events to its
// shard); -1 sends them to every client again.
func (s *Server) ToShard(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shards.route = id
}

// routedLocked returns the connected clients the next dispatch goes to.
func (s *Server) routedLocked() []*gatewayConn {
	var out []*gatewayConn
	for _, c := range s.gateways {
		if s.shards.route < 0 || (c.shard != nil && c.shard[0] == s.shards.route) {
			out = append(out, c)
		}
	}
	return out
}
