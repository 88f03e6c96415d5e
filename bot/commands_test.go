package bot

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/config"
)

func TestCommandsRegisteredWithReindexForAdminsOnly(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	put, _ := h.fake.WaitCall(0, "registration", discordtest.Is("PUT", "/commands"))
	var cmds []map[string]any
	if err := json.Unmarshal(put.Raw, &cmds); err != nil {
		t.Fatal(err)
	}
	names := map[string]map[string]any{}
	for _, c := range cmds {
		names[c["name"].(string)] = c
	}
	for _, want := range []string{"ask", "timeline", "sources", "reindex"} {
		if names[want] == nil {
			t.Errorf("/%s not registered", want)
		}
	}
	if p := names["reindex"]["default_member_permissions"]; p != "8" {
		t.Errorf("/reindex default_member_permissions = %v, want \"8\" (Administrator)", p)
	}
	var order, topic map[string]any
	for _, o := range names["timeline"]["options"].([]any) {
		switch om := o.(map[string]any); om["name"] {
		case "order":
			order = om
		case "topic":
			topic = om
		}
	}
	if topic == nil || topic["autocomplete"] != true || topic["choices"] != nil {
		t.Errorf("/timeline topic option = %v, want autocomplete without fixed choices", topic)
	}
	if order == nil || order["required"] == true || fmtJSON(order["choices"]) != `[{"name":"oldest first","value":"oldest"},{"name":"newest first","value":"newest"}]` {
		t.Errorf("/timeline order option = %v, want an optional choice of oldest first and newest first", order)
	}
	if !strings.Contains(put.Path, "/guilds/") {
		t.Errorf("commands registered at %s, want the configured guild", put.Path)
	}
}

func fmtJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestAskSinceUntilFiltersByDate(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("ask", map[string]string{"question": "What did Huawei say?", "since": "2020"}, alice)
	edit, _ := h.original(n, in)
	if len(embedsOf(edit.Body)) == 0 {
		t.Fatalf("no citations since 2020: %s", edit.Raw)
	}
	for _, e := range embedsOf(edit.Body) {
		if title, _ := e["title"].(string); !strings.HasSuffix(title, "2021") {
			t.Errorf("since 2020 cited %q", title)
		}
	}
	in = h.fake.SlashCommand("ask", map[string]string{"question": "What did Huawei say?", "until": "June 2019"}, alice)
	cb, _ := h.callback(n, in)
	data, _ := cb.Body["data"].(map[string]any)
	if flags(data) != 64 || !strings.Contains(content(data), "use a date like 2019-06-04") {
		t.Errorf("a bad date should get an ephemeral hint, got %s", cb.Raw)
	}
}

func TestPerUserRateLimit(t *testing.T) {
	t.Parallel()
	h := start(t, nil, func(o *Options) { o.RatePerMinute, o.RateBurst = 1, 1 }, nil)
	n := len(h.fake.Calls())
	first := h.fake.SlashCommand("ask", map[string]string{"question": "Who is the chairman of Huawei?"}, alice)
	h.original(n, first)
	second := h.fake.SlashCommand("ask", map[string]string{"question": "Where is Huawei's headquarters?"}, alice)
	cb, _ := h.callback(n, second)
	data, _ := cb.Body["data"].(map[string]any)
	if callbackType(cb) != 4 || flags(data) != 64 || !strings.Contains(content(data), "try again in") {
		t.Errorf("second question within the minute got %s, want a friendly ephemeral message", cb.Raw)
	}
	// Someone else is not limited by alice's bucket.
	other := h.fake.SlashCommand("ask", map[string]string{"question": "Where is Huawei's headquarters?"}, admin)
	if cb, _ := h.callback(n, other); callbackType(cb) != 5 {
		t.Errorf("another user was limited: %s", cb.Raw)
	}
}

func TestFeedbackButtonsLogQuestionAndArticles(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	q := "Who is the chairman of Huawei?"
	in := h.fake.SlashCommand("ask", map[string]string{"question": q}, alice)
	edit, _ := h.original(n, in)
	var down string
	for _, row := range edit.Body["components"].([]any) {
		for _, b := range row.(map[string]any)["components"].([]any) {
			if id := b.(map[string]any)["custom_id"].(string); strings.HasPrefix(id, "fb:down:") {
				down = id
			}
		}
	}
	if down == "" || len(down) > 100 {
		t.Fatalf("no 👎 button with a valid custom ID in %s", edit.Raw)
	}
	click := h.fake.ClickButton(down, alice, edit.Reply)
	cb, _ := h.callback(n, click)
	data, _ := cb.Body["data"].(map[string]any)
	if flags(data) != 64 || !strings.Contains(content(data), "Thanks") {
		t.Errorf("click acknowledged with %s, want an ephemeral thanks", cb.Raw)
	}
	waitFor(t, "the feedback log line", func() bool { return strings.Contains(h.logs.String(), "answer feedback") })
	logs := h.logs.String()
	if !strings.Contains(logs, "vote=down") || !strings.Contains(logs, q) || !strings.Contains(logs, "npr-2019-06-04-huawei-no-spy") {
		t.Errorf("feedback log lacks the vote, question or article: %s", logs)
	}
}

func TestSources(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("sources", nil, alice)
	cb, _ := h.callback(n, in)
	data, _ := cb.Body["data"].(map[string]any)
	embeds := embedsOf(data)
	if flags(data) != 64 || len(embeds) != 1 || embeds[0]["title"] != "Indexed articles (2)" ||
		!strings.Contains(embeds[0]["description"].(string), "Huawei Chairman Willing To Sign") {
		t.Errorf("/sources = %s", cb.Raw)
	}
	// A page button turns the /sources message.
	click := h.fake.ClickButton(sourcesPrefix+"0", alice, nil)
	cb, _ = h.callback(n, click)
	if callbackType(cb) != 7 {
		t.Errorf("page button answered %s, want an update (type 7)", cb.Raw)
	}
}

func TestConfigDrivesTheBot(t *testing.T) {
	t.Parallel()
	eng, _ := dirEngine(t, seedCorpus(t))
	h := start(t, eng, func(o *Options) {
		env := map[string]string{
			"DISCORD_TOKEN":          "Bot secret-token-xyz",
			"DISCORD_API_URL":        o.APIURL, // the fake
			"DISCORD_GUILD_IDS":      discordtest.GuildID,
			"DISCORD_ADMIN_USER_IDS": alice.UserID,
		}
		cfg, err := config.Load(func(k string) string { return env[k] })
		if err == nil {
			err = cfg.Validate(true)
		}
		if err != nil {
			t.Fatal(err)
		}
		*o = OptionsFromConfig(cfg, o.Engine, o.Logger)
	}, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashCommand("reindex", nil, alice) // an admin by configuration only
	if sum, _ := h.original(n, in); !strings.HasPrefix(content(sum.Body), "Reindex done") {
		t.Errorf("configured admin user got %s", sum.Raw)
	}
	for _, c := range h.fake.Calls() {
		if c.Auth != "Bot secret-token-xyz" {
			t.Errorf("%s %s sent Authorization %q", c.Method, c.Path, c.Auth)
		}
	}
	if strings.Contains(h.logs.String(), "secret-token-xyz") {
		t.Error("the token appears in the logs")
	}
}

// With DOSSIER_FEEDBACK set, each vote appends one JSON line with the
// vote, the question and the cited articles, and no user ID.
func TestFeedbackVotesAreAppendedToTheFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "votes.jsonl")
	h := start(t, nil, func(o *Options) { o.FeedbackPath = path }, nil)
	n := len(h.fake.Calls())
	q := "Who is the chairman of Huawei?"
	in := h.fake.SlashCommand("ask", map[string]string{"question": q}, alice)
	edit, _ := h.original(n, in)
	var ids []string
	for _, row := range edit.Body["components"].([]any) {
		for _, b := range row.(map[string]any)["components"].([]any) {
			ids = append(ids, b.(map[string]any)["custom_id"].(string))
		}
	}
	for i, id := range ids { // alice votes 👍, root 👎
		h.callback(n, h.fake.ClickButton(id, []discordtest.Member{alice, admin}[i], edit.Reply))
	}
	var lines []string
	waitFor(t, "two votes in the file", func() bool {
		data, _ := os.ReadFile(path)
		lines = strings.Split(strings.TrimSpace(string(data)), "\n")
		return len(lines) == 2
	})
	votes := map[string]bool{}
	for _, l := range lines {
		var v struct {
			Vote, Question string
			Articles       []string
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		votes[v.Vote] = true
		if v.Question != q || len(v.Articles) == 0 || v.Articles[0] != "npr-2019-06-04-huawei-no-spy" {
			t.Errorf("vote line %s lacks the question or the cited article", l)
		}
		if strings.Contains(l, alice.UserID) || strings.Contains(l, admin.UserID) {
			t.Errorf("vote line names the user: %s", l)
		}
	}
	if !votes["up"] || !votes["down"] {
		t.Errorf("votes %v, want one up and one down", votes)
	}
}
