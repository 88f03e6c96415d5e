package discordtest

import (
	"cmp"
	"encoding/json"
	"sort"
	"strconv"
	"time"
)

// Member is the user behind a scripted event.
type Member struct {
	UserID      string
	Name        string
	Roles       []string
	Permissions int64 // guild permission bits, e.g. 8 for Administrator
}

func (m Member) user() map[string]any {
	return map[string]any{"id": m.UserID, "username": m.Name, "discriminator": "0"}
}

func (m Member) member() map[string]any {
	roles := m.Roles
	if roles == nil {
		roles = []string{}
	}
	return map[string]any{
		"user": m.user(), "roles": roles,
		"permissions": strconv.FormatInt(m.Permissions, 10),
		"joined_at":   "2024-01-01T00:00:00Z",
	}
}

// Interaction identifies a dispatched interaction; Token appears in the
// paths of its callback (/interactions/{ID}/{Token}/callback) and of its
// edits and follow-ups (/webhooks/{app}/{Token}/...).
type Interaction struct {
	ID, Token string
}

// SlashCommand dispatches /name in a guild channel with string options.
func (s *Server) SlashCommand(name string, options map[string]string, from Member) Interaction {
	s.t.Helper()
	opts := make(map[string]any, len(options))
	for k, v := range options {
		opts[k] = v
	}
	return s.SlashCommandOptions(name, opts, from)
}

// SlashCommandOptions dispatches /name in a guild channel with options of
// any type Discord has: string, bool or int values.
func (s *Server) SlashCommandOptions(name string, options map[string]any, from Member) Interaction {
	s.t.Helper()
	return s.SlashCommandIn(GuildID, name, options, from)
}

// SlashCommandIn dispatches /name with options from a channel of the
// guild guildID, or from a direct message when guildID is "".
func (s *Server) SlashCommandIn(guildID, name string, options map[string]any, from Member) Interaction {
	s.t.Helper()
	return s.interactIn(guildID, interactionCommand, map[string]any{"id": s.NewID(), "name": name, "type": 1, "options": commandOptions(options, "")}, from, nil)
}

// SlashSubcommand dispatches /name sub in a guild channel, the options
// being the subcommand's, as Discord nests them.
func (s *Server) SlashSubcommand(name, sub string, options map[string]any, from Member) Interaction {
	s.t.Helper()
	nested := []map[string]any{{"name": sub, "type": 1, "options": commandOptions(options, "")}}
	return s.interactIn(GuildID, interactionCommand, map[string]any{"id": s.NewID(), "name": name, "type": 1, "options": nested}, from, nil)
}

// Autocomplete dispatches what Discord sends while a user types /name's
// options: an APPLICATION_COMMAND_AUTOCOMPLETE interaction with the
// options filled in so far, focused (the one being typed, its partial
// text as its value) marked so. Its callback must be an autocomplete
// result (type 8) with at most 25 choices, each named and valued in at
// most 100 characters, as Discord requires; else the fake answers 400.
func (s *Server) Autocomplete(name string, options map[string]any, focused string, from Member) Interaction {
	s.t.Helper()
	return s.interact(interactionAutocomplete, map[string]any{"id": s.NewID(), "name": name, "type": 1, "options": commandOptions(options, focused)}, from, nil)
}

// commandOptions lists options by name as Discord sends them, typed by
// their Go values (string, bool, int), focused marked.
func commandOptions(options map[string]any, focused string) []map[string]any {
	keys := make([]string, 0, len(options))
	for k := range options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	opts := []map[string]any{}
	for _, k := range keys {
		typ := 3 // string
		switch options[k].(type) {
		case bool:
			typ = 5
		case int:
			typ = 4
		}
		o := map[string]any{"name": k, "type": typ, "value": options[k]}
		if k == focused {
			o["focused"] = true
		}
		opts = append(opts, o)
	}
	return opts
}

// Interaction types the fake dispatches.
const (
	interactionCommand      = 2
	interactionComponent    = 3
	interactionAutocomplete = 4
)

// ClickButton dispatches a click on the button customID under message
// (a message object as the bot sent it; may be nil).
func (s *Server) ClickButton(customID string, from Member, message map[string]any) Interaction {
	s.t.Helper()
	if message == nil {
		message = map[string]any{"id": s.NewID(), "channel_id": "1", "content": ""}
	}
	return s.interact(interactionComponent, map[string]any{"custom_id": customID, "component_type": 2}, from, message)
}

func (s *Server) interact(typ int, data map[string]any, from Member, message map[string]any) Interaction {
	s.t.Helper()
	return s.interactIn(GuildID, typ, data, from, message)
}

func (s *Server) interactIn(guildID string, typ int, data map[string]any, from Member, message map[string]any) Interaction {
	s.t.Helper()
	in, ev := s.interaction(guildID, typ, data, from, message)
	s.Dispatch("INTERACTION_CREATE", ev)
	return in
}

// SlashCommandPayload is the JSON of /name with options in a guild
// channel, as Discord POSTs it to an Interactions Endpoint URL, without
// dispatching it.
func (s *Server) SlashCommandPayload(name string, options map[string]any, from Member) (Interaction, []byte) {
	s.t.Helper()
	in, ev := s.interaction(GuildID, interactionCommand, map[string]any{"id": s.NewID(), "name": name, "type": 1, "options": commandOptions(options, "")}, from, nil)
	raw, err := json.Marshal(ev)
	if err != nil {
		s.t.Fatalf("discordtest: encode interaction: %v", err)
	}
	return in, raw
}

// interaction builds an interaction event, remembering its type.
func (s *Server) interaction(guildID string, typ int, data map[string]any, from Member, message map[string]any) (Interaction, map[string]any) {
	id := s.NewID()
	in := Interaction{ID: id, Token: "token-" + id}
	s.mu.Lock()
	s.interactions[id] = typ
	s.mu.Unlock()
	ev := map[string]any{
		"id": id, "application_id": AppID, "type": typ, "token": in.Token, "version": 1,
		"guild_id": guildID, "channel_id": "800000000000000001",
		"member": from.member(), "data": data,
		"app_permissions": "8", "locale": "en-US", "guild_locale": "en-US",
	}
	if guildID == "" { // a DM: the user, no member, no guild
		delete(ev, "guild_id")
		delete(ev, "member")
		delete(ev, "guild_locale")
		ev["user"] = from.user()
		ev["channel_id"] = "800000000000000099"
	}
	if message != nil {
		ev["message"] = message
	}
	return in, ev
}

// Message is a scripted MESSAGE_CREATE.
type Message struct {
	ChannelID  string
	DM         bool   // a direct message: no guild, no member
	GuildID    string // the guild of a guild message; "" = GuildID
	Author     Member
	Content    string
	MentionBot bool // the message mentions the bot (write <@BotUserID> in Content too)
}

// SendMessage dispatches a MESSAGE_CREATE and returns the message ID.
func (s *Server) SendMessage(m Message) string {
	s.t.Helper()
	id := s.NewID()
	mentions := []any{}
	if m.MentionBot {
		mentions = append(mentions, map[string]any{"id": BotUserID, "username": "dossier", "bot": true})
	}
	ev := map[string]any{
		"id": id, "channel_id": m.ChannelID, "type": 0, "content": m.Content,
		"timestamp": time.Now().UTC().Format(time.RFC3339),
		"author":    m.Author.user(), "mentions": mentions, "mention_roles": []any{},
	}
	if !m.DM {
		ev["guild_id"] = cmp.Or(m.GuildID, GuildID)
		ev["member"] = map[string]any{"roles": []string{}, "joined_at": "2024-01-01T00:00:00Z"}
	}
	s.Dispatch("MESSAGE_CREATE", ev)
	return id
}
