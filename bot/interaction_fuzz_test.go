package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// FuzzInteractionOptions decodes arbitrary INTERACTION_CREATE payloads as
// discordgo does and reads them as the handlers do: nothing may panic, and
// every string read is trimmed and valid as Discord could have sent it.
func FuzzInteractionOptions(f *testing.F) {
	f.Add(`{"type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":"Who is Huawei's chairman?"},{"name":"since","type":3,"value":"2019-06"}]}}`)
	f.Add(`{"type":2,"data":{"name":"timeline","options":[{"name":"topic","type":3,"value":"huawei"},{"name":"summarize","type":5,"value":true},{"name":"order","type":3,"value":"newest"}]}}`)
	f.Add(`{"type":4,"data":{"name":"timeline","options":[{"name":"topic","type":3,"value":"hua","focused":true}]}}`)
	f.Add(`{"type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":5},{"name":"summarize","type":5,"value":"yes"}]}}`)
	f.Add(`{"type":2,"data":{"name":"ask","options":[null,{"name":"until","type":3,"value":"1999-13-40"}]}}`)
	f.Add(`{"type":4,"data":{"options":[{"name":"topic","focused":true,"value":{"x":1}}]}}`)
	f.Add(`{"type":3,"data":{"custom_id":"tl:00ff:3","component_type":2}}`)
	f.Add(`{"type":2,"data":null}`)
	f.Fuzz(func(t *testing.T, raw string) {
		var ic discordgo.InteractionCreate
		if json.Unmarshal([]byte(raw), &ic) != nil || ic.Interaction == nil {
			return
		}
		c := &call{i: ic.Interaction}
		for _, name := range []string{"question", "topic", "since", "until", "order"} {
			if s := option(c, name); s != strings.TrimSpace(s) {
				t.Errorf("option %s = %q, not trimmed", name, s)
			}
		}
		boolOption(c, "summarize")
		if _, _, problem := dateWindow(c); strings.Contains(problem, "\n") {
			t.Errorf("date problem on several lines: %q", problem)
		}
		focusedText(ic.Interaction, "topic")
		_ = commandData(ic.Interaction).Name
		if ic.Type == discordgo.InteractionMessageComponent {
			parseCustomID(ic.MessageComponentData().CustomID)
		}
	})
}

// FuzzCustomID decodes arbitrary custom IDs: nothing may panic, and an ID
// that decodes encodes back to itself, within Discord's 100 characters,
// with a page the paging buttons could carry.
func FuzzCustomID(f *testing.F) {
	for _, s := range []string{
		"fb:up:0123456789abcdef", "fb:down:deadbeef", "fb:sideways:00", "fb:up:", "fb:up:XYZ",
		"src:0", "src:-1", "src:12", "src:007", "src:+1", "src:99999999999999999999", "src:",
		"tl:0123456789abcdef:0", "tl:deadbeef:1", "tl::1", "tl:ab:1:2", "tl:ab:-2", "nope", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseCustomID(s)
		if err != nil {
			return
		}
		if got := id.String(); got != s {
			t.Errorf("parseCustomID(%q).String() = %q", s, got)
		}
		if len(s) > maxCustomID || id.page < -1 || id.page > maxPage {
			t.Errorf("parseCustomID(%q) accepted %+v", s, id)
		}
		if (id.kind == feedbackPrefix || id.kind == timelinePrefix) && !validKey(id.key) {
			t.Errorf("parseCustomID(%q) accepted key %q", s, id.key)
		}
	})
}

func TestCustomIDsTheBotMakesDecode(t *testing.T) {
	key := newKey()
	for _, r := range [][]discordgo.MessageComponent{
		feedbackButtons(key),
		pagingRow(customID{kind: sourcesPrefix}, 0, 3),
		pagingRow(customID{kind: timelinePrefix, key: key}, 2, 3),
	} {
		for _, c := range r[0].(discordgo.ActionsRow).Components {
			id := c.(discordgo.Button).CustomID
			if _, err := parseCustomID(id); err != nil {
				t.Errorf("%s: %v", id, err)
			}
		}
	}
}
