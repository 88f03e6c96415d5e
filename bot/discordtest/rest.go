package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// apiPrefix matches the versioned API prefix, /api/v9.
var apiPrefix = regexp.MustCompile(`^/api/v\d+`)

// serveREST records the call, plays any scripted error, else answers like
// Discord does for the endpoints the bot uses.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	call := Call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Raw: raw, At: time.Now()}
	ctype := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ctype, "application/json") && len(raw) > 0:
		_ = json.Unmarshal(raw, &call.Body)
	case strings.HasPrefix(ctype, "multipart/form-data"):
		if err := readMultipart(ctype, raw, &call); err != nil {
			s.t.Errorf("discordtest: %s %s: bad multipart body: %v", r.Method, r.URL.Path, err)
		}
	}
	status, reply := s.answer(call)
	call.Status = status
	if m, ok := reply.(map[string]any); ok {
		call.Reply = m
	}
	// Record before replying so a client that saw the reply also sees the call.
	s.record(call)
	if reply == nil {
		w.WriteHeader(status)
		return
	}
	if rl, ok := reply.(rateLimitBody); ok {
		retryHeaders(w.Header(), rl.RetryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(reply)
}

// answer decides the status and JSON reply of one call.
func (s *Server) answer(c Call) (int, any) {
	if sc := s.takeScript(c.Path); sc != nil {
		if sc.status == http.StatusTooManyRequests {
			return s.rateLimited(sc.retry.Seconds())
		}
		return sc.status, map[string]any{"message": http.StatusText(sc.status), "code": 0}
	}
	path := apiPrefix.ReplaceAllString(c.Path, "")
	parts := strings.Split(strings.Trim(path, "/"), "/")
	route := func(method, pattern string) bool {
		if method != c.Method {
			return false
		}
		want := strings.Split(pattern, "/")
		if len(want) != len(parts) {
			return false
		}
		for i, w := range want {
			if w != "*" && w != parts[i] {
				return false
			}
		}
		return true
	}
	switch {
	case route("GET", "gateway"), route("GET", "gateway/bot"):
		ws := "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway-ws/"
		shards, conc := s.gatewayBot()
		return 200, map[string]any{"url": ws, "shards": shards,
			"session_start_limit": map[string]any{"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": conc}}
	case route("PUT", "applications/*/commands"), route("PUT", "applications/*/guilds/*/commands"):
		var cmds []map[string]any
		_ = json.Unmarshal(c.Raw, &cmds)
		for _, cmd := range cmds {
			cmd["id"] = s.NewID()
			cmd["application_id"] = parts[1]
		}
		return 200, cmds
	case route("POST", "interactions/*/*/callback"):
		if problem := s.callbackProblem(parts[1], c.Body); problem != "" {
			return http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: " + problem, "code": 50035}
		}
		return http.StatusNoContent, nil
	case route("PATCH", "webhooks/*/*/messages/*"):
		id := parts[4]
		if id == "@original" {
			id = "original-" + parts[1]
		}
		return 200, s.message(id, "", c.Body)
	case route("POST", "webhooks/*/*"):
		return 200, s.message(s.NewID(), "", c.Body)
	case route("GET", "channels/*"):
		s.mu.Lock()
		ch, ok := s.channels[parts[1]]
		s.mu.Unlock()
		if !ok {
			ch = channel{ID: parts[1], GuildID: GuildID, Type: 0}
		}
		return 200, map[string]any{"id": ch.ID, "guild_id": ch.GuildID, "parent_id": ch.ParentID, "type": ch.Type}
	case route("POST", "channels/*/typing"):
		return http.StatusNoContent, nil
	case route("POST", "channels/*/messages"):
		return 200, s.message(s.NewID(), parts[1], c.Body)
	case route("PATCH", "channels/*/messages/*"):
		return 200, s.message(parts[3], parts[1], c.Body)
	case route("POST", "channels/*/messages/*/threads"):
		id := s.NewID()
		s.AddChannel(id, 11, parts[1])
		name, _ := c.Body["name"].(string)
		return 201, map[string]any{"id": id, "guild_id": GuildID, "parent_id": parts[1], "type": 11, "name": name}
	}
	return http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0}
}

// callbackProblem checks an interaction callback as Discord does for
// autocomplete: an autocomplete interaction takes an autocomplete result
// (type 8) and nothing else, which no other interaction takes, and the
// result has at most 25 choices (none when it has no choices field), each
// with a name of 1 to 100 characters and a value of at most 100. It
// returns "" for a good callback.
func (s *Server) callbackProblem(id string, body map[string]any) string {
	s.mu.Lock()
	typ := s.interactions[id]
	s.mu.Unlock()
	rtype, _ := body["type"].(float64)
	switch {
	case typ == interactionAutocomplete && rtype != 8:
		return fmt.Sprintf("type %v answers no autocomplete interaction", rtype)
	case typ != interactionAutocomplete && rtype == 8:
		return "an autocomplete result answers an interaction that is no autocomplete"
	case rtype != 8:
		return ""
	}
	data, _ := body["data"].(map[string]any)
	choices, _ := data["choices"].([]any) // none: "No options match your search"
	if len(choices) > 25 {
		return fmt.Sprintf("data.choices: %d choices, at most 25", len(choices))
	}
	for i, c := range choices {
		cm, _ := c.(map[string]any)
		name, _ := cm["name"].(string)
		if n := utf16Len(name); n < 1 || n > 100 {
			return fmt.Sprintf("data.choices[%d].name: %d characters, want 1 to 100", i, n)
		}
		switch v := cm["value"].(type) {
		case string:
			if n := utf16Len(v); n > 100 {
				return fmt.Sprintf("data.choices[%d].value: %d characters, at most 100", i, n)
			}
		case float64:
		default:
			return fmt.Sprintf("data.choices[%d].value: %T", i, v)
		}
	}
	return ""
}

// utf16Len is s's length as Discord counts characters.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// rateLimited is Discord's 429 reply asking to retry after secs seconds.
func (s *Server) rateLimited(secs float64) (int, any) {
	return http.StatusTooManyRequests, rateLimitBody{
		Message: "You are being rate limited.", RetryAfter: secs, Global: false,
	}
}

// rateLimitBody is the JSON of a 429; serveREST adds retryHeaders.
type rateLimitBody struct {
	Message    string  `json:"message"`
	RetryAfter float64 `json:"retry_after"`
	Global     bool    `json:"global"`
}

// message is the JSON message object Discord returns for a sent or edited
// message, echoing the content and embeds.
func (s *Server) message(id, channelID string, body map[string]any) map[string]any {
	m := map[string]any{
		"id":         id,
		"channel_id": channelID,
		"type":       0,
		"timestamp":  time.Now().UTC().Format(time.RFC3339),
		"author":     map[string]any{"id": BotUserID, "username": "dossier", "bot": true},
	}
	for _, k := range []string{"content", "embeds", "flags"} {
		if v, ok := body[k]; ok {
			m[k] = v
		}
	}
	return m
}

// retryHeaders are the rate-limit headers of a 429 asking to wait secs.
func retryHeaders(h http.Header, secs float64) {
	h.Set("Retry-After", strconv.Itoa(int(secs+0.999)))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", secs))
	h.Set("X-RateLimit-Bucket", "fake-bucket")
	h.Set("X-RateLimit-Scope", "user")
}
