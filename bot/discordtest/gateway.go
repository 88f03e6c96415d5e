package discordtest

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// gatewayConn is one client connected to the fake gateway.
type gatewayConn struct {
	ws    *websocket.Conn
	wmu   sync.Mutex // gorilla allows one writer at a time
	shard *[2]int    // the IDENTIFY's shard field; nil if it had none
}

func (c *gatewayConn) send(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(DefaultWait))
	return c.ws.WriteJSON(v)
}

func (c *gatewayConn) close() {
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	c.wmu.Unlock()
	_ = c.ws.Close()
}

// payload is a gateway frame.
type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d,omitempty"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway runs one gateway session: HELLO, IDENTIFY, READY, then
// heartbeat acks until the client goes away.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gatewayConn{ws: ws}
	defer ws.Close()
	if c.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}}) != nil {
		return
	}
	_ = ws.SetReadDeadline(time.Now().Add(DefaultWait))
	var p payload
	if err := ws.ReadJSON(&p); err != nil || p.Op != 2 {
		s.t.Logf("discordtest: want IDENTIFY (op 2), got op %d, err %v", p.Op, err)
		return
	}
	var id struct {
		Shard *[2]int `json:"shard"`
	}
	_ = json.Unmarshal(p.D, &id)
	c.shard = id.Shard
	s.identified(c.shard)
	_ = ws.SetReadDeadline(time.Time{})
	ready := map[string]any{
		"v":          9,
		"session_id": "fake-session",
		"user":       map[string]any{"id": BotUserID, "username": "dossier", "discriminator": "0", "bot": true},
		"application": map[string]any{
			"id": AppID, "flags": 0,
		},
		"guilds": []any{},
	}
	if s.dispatchTo(c, "READY", ready) != nil {
		return
	}
	s.mu.Lock()
	s.gateways = append(s.gateways, c)
	select {
	case <-s.ready:
	default:
		close(s.ready)
	}
	s.mu.Unlock()
	s.readied() // the client can be dispatched to
	defer s.dropGateway(c)

	for {
		var p payload
		if err := ws.ReadJSON(&p); err != nil {
			return
		}
		if p.Op == 1 {
			if c.send(map[string]any{"op": 11}) != nil {
				return
			}
		}
	}
}

func (s *Server) dropGateway(c *gatewayConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, g := range s.gateways {
		if g == c {
			s.gateways = append(s.gateways[:i], s.gateways[i+1:]...)
			return
		}
	}
}

// dispatchTo sends one dispatch (op 0) event to c.
func (s *Server) dispatchTo(c *gatewayConn, event string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	return c.send(payload{Op: 0, T: event, S: seq, D: raw})
}

// WaitReady waits until a client has identified and received READY.
func (s *Server) WaitReady() {
	s.t.Helper()
	select {
	case <-s.ready:
	case <-time.After(DefaultWait):
		s.t.Fatalf("discordtest: no client identified within %s", DefaultWait)
	}
}

// Dispatch sends a gateway event (e.g. INTERACTION_CREATE) to every
// connected client, or to the shard chosen with ToShard; it waits for one
// to be ready first.
func (s *Server) Dispatch(event string, data any) {
	s.t.Helper()
	s.WaitReady()
	s.mu.Lock()
	conns := s.routedLocked()
	s.mu.Unlock()
	if len(conns) == 0 {
		s.t.Fatalf("discordtest: dispatch %s: no gateway client connected", event)
	}
	for _, c := range conns {
		if err := s.dispatchTo(c, event, data); err != nil {
			s.t.Fatalf("discordtest: dispatch %s: %v", event, err)
		}
	}
}
