package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
)

// choicesOf returns the autocomplete choices of a callback, failing the
// test unless it is an accepted autocomplete result (type 8) whose every
// choice is named and valued alike within Discord's limits.
func choicesOf(t *testing.T, cb discordtest.Call) []string {
	t.Helper()
	if callbackType(cb) != 8 || cb.Status != 204 {
		t.Fatalf("autocomplete answered %d with %s, want an accepted type 8 result", cb.Status, cb.Raw)
	}
	data, _ := cb.Body["data"].(map[string]any)
	list, _ := data["choices"].([]any)
	if len(list) > maxChoices {
		t.Errorf("%d choices, at most %d", len(list), maxChoices)
	}
	var names []string
	for _, c := range list {
		cm := c.(map[string]any)
		name, _ := cm["name"].(string)
		value, _ := cm["value"].(string)
		if name == "" || name != value || length(name) > maxChoiceLen {
			t.Errorf("choice %v: want a name of 1 to %d characters, the value the same", cm, maxChoiceLen)
		}
		names = append(names, name)
	}
	return names
}

// matchesTyped reports whether name starts with typed, or has a word that
// does, ignoring case and dots.
func matchesTyped(name, typed string) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.ReplaceAll(strings.Join(strings.Fields(s), " "), ".", ""))
	}
	n, p := norm(name), norm(typed)
	return strings.HasPrefix(n, p) || strings.Contains(n, " "+p) || strings.Contains(n, "-"+p)
}

func TestTimelineTopicAutocomplete(t *testing.T) {
	t.Parallel()
	// One question a minute: autocompletes must not use it up.
	h := start(t, nil, func(o *Options) { o.RatePerMinute, o.RateBurst = 1, 1 }, nil)
	n := len(h.fake.Calls())
	var tokens []string // of the autocomplete interactions
	ask := func(typed string, focused string, more map[string]any) []string {
		t.Helper()
		opts := map[string]any{"topic": typed}
		for k, v := range more {
			opts[k] = v
		}
		sent := time.Now()
		in := h.fake.Autocomplete("timeline", opts, focused, alice)
		cb, _ := h.callback(n, in)
		if d := cb.At.Sub(sent); d > 3*time.Second {
			t.Errorf("%q: answered after %s, want well within 3s", typed, d)
		}
		tokens = append(tokens, in.Token)
		return choicesOf(t, cb)
	}

	got := ask("hua", "topic", nil)
	if len(got) == 0 || got[0] != "Huawei" {
		t.Errorf("hua: %q, want Huawei first", got)
	}
	for _, name := range got {
		if !matchesTyped(name, "hua") {
			t.Errorf("hua: %q does not match", name)
		}
	}
	if got := ask("  MENG wa", "topic", nil); !slices.Equal(got, []string{"Meng Wanzhou"}) {
		t.Errorf("MENG wa: %q", got)
	}
	if got := ask("wanz", "topic", nil); !slices.Contains(got, "Meng Wanzhou") {
		t.Errorf("wanz (a later word): %q", got)
	}
	empty := ask("", "topic", nil)
	if want := h.engine.Topics("", maxChoices); len(empty) != maxChoices || !slices.Equal(empty, want) {
		t.Errorf("nothing typed: %q, want the %d most frequent %q", empty, maxChoices, want)
	}
	if got := ask("zeppelin", "topic", nil); len(got) != 0 {
		t.Errorf("zeppelin: %q, want no choices", got)
	}
	if got := ask(strings.Repeat("h", maxTypedLen+1), "topic", nil); len(got) != 0 {
		t.Errorf("over-long input: %d choices, want none", len(got))
	}
	if got := ask("hua", "since", map[string]any{"since": "20"}); len(got) != 0 {
		t.Errorf("since being typed: %q, want no choices", got)
	}

	other := h.fake.Autocomplete("ask", map[string]any{"question": "hua"}, "question", alice)
	tokens = append(tokens, other.Token)
	if cb, _ := h.callback(n, other); len(choicesOf(t, cb)) != 0 {
		t.Errorf("an option without autocomplete got choices: %s", cb.Raw)
	}

	// The one question of the minute is still there, and then used up.
	first := h.fake.SlashCommand("timeline", map[string]string{"topic": "huawei"}, alice)
	if cb, _ := h.callback(n, first); callbackType(cb) != 5 {
		t.Errorf("/timeline after autocompletes answered %s, want deferred (not rate limited)", cb.Raw)
	}
	h.original(n, first)
	second := h.fake.SlashCommand("timeline", map[string]string{"topic": "huawei"}, alice)
	cb, _ := h.callback(n, second)
	if data, _ := cb.Body["data"].(map[string]any); !strings.Contains(content(data), "try again in") {
		t.Errorf("second /timeline within the minute answered %s, want rate limited", cb.Raw)
	}
	// Each autocomplete got its one callback and nothing else: no
	// deferring, no edits, no follow-ups.
	for _, token := range tokens {
		if c := h.fake.Count(func(c discordtest.Call) bool { return strings.Contains(c.Path, token) }); c != 1 {
			t.Errorf("%d calls for autocomplete %s, want its one callback", c, token)
		}
	}
	if strings.Contains(h.logs.String(), "interaction failed") {
		t.Errorf("an interaction failed:\n%s", h.logs.String())
	}
}

// namesCorpus is 30 articles naming 30 Zorblax outposts, each in two
// articles, and one name of almost 100 characters in all of them.
func namesCorpus() (map[string]string, []string) {
	const long = "Zorblaxian Extraordinarily Magnificent Interplanetary Observational Headquarters"
	outposts := make([]string, 30)
	for i := range outposts {
		outposts[i] = fmt.Sprintf("Zorblax Outpost X%c%c", 'a'+i/26, 'a'+i%26)
	}
	files := map[string]string{}
	for i := range outposts {
		files[fmt.Sprintf("o%02d.txt", i)] = fmt.Sprintf("Outpost news %d\n\nOn that day the %s and the %s reported to the %s in orbit.\n",
			i, outposts[i], outposts[(i+1)%len(outposts)], long)
	}
	return files, append(outposts, long)
}

func TestTimelineTopicAutocompleteKeepsToDiscordLimits(t *testing.T) {
	t.Parallel()
	files, names := namesCorpus()
	eng, _ := dirEngine(t, files)
	h := start(t, eng, nil, nil)
	n := len(h.fake.Calls())
	for _, typed := range []string{"zorbl", "ZORBLAX OUTPOST", "outpost xa", "extraordinarily", ""} {
		in := h.fake.Autocomplete("timeline", map[string]any{"topic": typed}, "topic", alice)
		cb, _ := h.callback(n, in)
		got := choicesOf(t, cb)
		want := 0
		for _, name := range names {
			if matchesTyped(name, typed) {
				want++
			}
		}
		if typed == "" {
			want = len(eng.Topics("", 0))
		}
		if len(got) != min(want, maxChoices) {
			t.Errorf("%q: %d choices, want %d", typed, len(got), min(want, maxChoices))
		}
		for _, name := range got {
			if typed != "" && !matchesTyped(name, typed) {
				t.Errorf("%q: %q does not match", typed, name)
			}
		}
	}
	in := h.fake.Autocomplete("timeline", map[string]any{"topic": "extra"}, "topic", alice)
	cb, _ := h.callback(n, in)
	if got := choicesOf(t, cb); len(got) != 1 || got[0] != names[len(names)-1] {
		t.Errorf("extra: %q, want the long name", got)
	}
}

// TestFakeDiscordChecksAutocompleteResults makes sure the fake turns down
// what Discord turns down, so the tests above would catch it.
func TestFakeDiscordChecksAutocompleteResults(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	in := h.fake.Autocomplete("timeline", map[string]any{"topic": "hua"}, "topic", alice)
	cmd := h.fake.SlashCommand("sources", nil, alice)
	h.callback(0, in)
	h.callback(0, cmd)
	choice := func(name string) map[string]any { return map[string]any{"name": name, "value": name} }
	var many []any
	for i := range 26 {
		many = append(many, choice(fmt.Sprint("topic ", i)))
	}
	for _, c := range []struct {
		in   discordtest.Interaction
		body map[string]any
		want int
	}{
		{in, map[string]any{"type": 8, "data": map[string]any{"choices": []any{choice("Huawei")}}}, 204},
		{in, map[string]any{"type": 8, "data": map[string]any{}}, 204},
		{in, map[string]any{"type": 8, "data": map[string]any{"choices": many}}, 400},
		{in, map[string]any{"type": 8, "data": map[string]any{"choices": []any{choice(strings.Repeat("é", 101))}}}, 400},
		{in, map[string]any{"type": 8, "data": map[string]any{"choices": []any{choice("")}}}, 400},
		{in, map[string]any{"type": 8, "data": map[string]any{"choices": []any{map[string]any{"name": "Huawei", "value": strings.Repeat("h", 101)}}}}, 400},
		{in, map[string]any{"type": 5}, 400}, // autocomplete cannot be deferred
		{in, map[string]any{"type": 4, "data": map[string]any{"content": "hi", "allowed_mentions": map[string]any{"parse": []any{}}}}, 400},
		{cmd, map[string]any{"type": 8, "data": map[string]any{}}, 400},
	} {
		raw, _ := json.Marshal(c.body)
		url := h.fake.URL + "/api/v10/interactions/" + c.in.ID + "/" + c.in.Token + "/callback"
		resp, err := http.Post(url, "application/json", bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", raw[:min(len(raw), 120)], resp.StatusCode, c.want)
		}
	}
}
