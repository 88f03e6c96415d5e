package config

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// env returns a getenv over a map.
func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if err := c.Validate(false); err != nil {
		t.Fatalf("Validate(false) on defaults: %v", err)
	}
	if c.APIURL != "https://discord.com" || c.RatePerMinute != 6 || c.RateBurst != 3 ||
		c.LLMTimeout != 20*time.Second || c.LLMMaxTokens != 400 || c.LLMTemperature != 0.2 {
		t.Errorf("defaults wrong: %v", c)
	}
	if c.IndexPath != DefaultIndexPath() || !strings.HasSuffix(c.IndexPath, filepath.Join("dossier", "index.snap")) {
		t.Errorf("IndexPath = %q, want the user cache dir default", c.IndexPath)
	}
	if c.LLMEnabled() {
		t.Error("LLM enabled without LLM_BASE_URL")
	}
}

func TestLoadValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"DISCORD_TOKEN":           "Bot abc.def",
		"DISCORD_GUILD_IDS":       " 111111111111111111 , 222222222222222222,",
		"DISCORD_ADMIN_USER_IDS":  "333333333333333333",
		"DISCORD_API_URL":         "http://127.0.0.1:8080/",
		"DOSSIER_RATE_PER_MINUTE": "0.5",
		"LLM_BASE_URL":            "http://localhost:11434/v1",
		"LLM_MODEL":               "llama3.2",
		"LLM_TIMEOUT":             "45",
		"LOG_LEVEL":               "DEBUG",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(true); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if c.Token != "abc.def" {
		t.Errorf("Token: the \"Bot \" prefix should be stripped, got %d chars", len(c.Token))
	}
	if fmt.Sprint(c.GuildIDs) != "[111111111111111111 222222222222222222]" {
		t.Errorf("GuildIDs = %v", c.GuildIDs)
	}
	if c.APIURL != "http://127.0.0.1:8080" || c.RatePerMinute != 0.5 || c.LLMTimeout != 45*time.Second {
		t.Errorf("got %v", c)
	}
	if c.SlogLevel() != slog.LevelDebug || !c.LLMEnabled() {
		t.Errorf("level %v, llm %v", c.SlogLevel(), c.LLMEnabled())
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		forServe bool
		want     []string // each must appear in the error
	}{
		{"token required for serve", nil, true, []string{"DISCORD_TOKEN: required"}},
		{"token not required otherwise", nil, false, nil},
		{"bad snowflakes", map[string]string{
			"DISCORD_GUILD_IDS": "abc,123456789012345678", "DISCORD_ADMIN_ROLE_IDS": "-5", "DISCORD_APP_ID": "x1",
		}, false, []string{
			`DISCORD_GUILD_IDS: "abc" is not a snowflake ID`,
			`DISCORD_ADMIN_ROLE_IDS: "-5" is not a snowflake ID`,
			`DISCORD_APP_ID: "x1" is not a snowflake ID`,
		}},
		{"urls", map[string]string{
			"DISCORD_API_URL": "ftp://x", "EMBED_BASE_URL": "localhost:11434", "EMBED_MODEL": "m",
			"LLM_BASE_URL": "http://", "LLM_MODEL": "m",
		}, false, []string{
			`DISCORD_API_URL: "ftp://x" must start with http:// or https://`,
			"EMBED_BASE_URL:",
			`LLM_BASE_URL: "http://" has no host`,
		}},
		{"api url with a path", map[string]string{"DISCORD_API_URL": "http://proxy:8080/api/v9"}, false,
			[]string{"DISCORD_API_URL: \"http://proxy:8080/api/v9\" must be a scheme and host only"}},
		{"llm model required", map[string]string{"LLM_BASE_URL": "http://localhost:11434/v1"}, false,
			[]string{"LLM_MODEL: required when LLM_BASE_URL is set"}},
		{"numbers", map[string]string{
			"DOSSIER_RATE_PER_MINUTE": "lots", "DOSSIER_RATE_BURST": "0", "LLM_TIMEOUT": "forever",
			"LLM_MAX_TOKENS": "1e9", "LLM_TEMPERATURE": "3", "LOG_LEVEL": "loud",
		}, false, []string{
			`DOSSIER_RATE_PER_MINUTE: "lots" is not a number`,
			"DOSSIER_RATE_BURST: 0 is out of range",
			`LLM_TIMEOUT: "forever" is not a duration`,
			`LLM_MAX_TOKENS: "1e9" is not a whole number`,
			"LLM_TEMPERATURE: 3 is out of range",
			`LOG_LEVEL: "loud" is not one of`,
		}},
		{"feedback file in a missing directory", map[string]string{"DOSSIER_FEEDBACK": "/nonexistent-dir/votes.jsonl"}, false,
			[]string{`DOSSIER_FEEDBACK: the directory of "/nonexistent-dir/votes.jsonl" does not exist`}},
		{"feedback file that is a directory", map[string]string{"DOSSIER_FEEDBACK": "/tmp"}, false,
			[]string{`DOSSIER_FEEDBACK: "/tmp" is not a regular file`}},
		{"missing and bad together", map[string]string{"DISCORD_GUILD_IDS": "abc", "LLM_TIMEOUT": "0s"}, true,
			[]string{"DISCORD_TOKEN: required", `DISCORD_GUILD_IDS: "abc"`, "LLM_TIMEOUT: 0s is out of range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := Load(env(tt.env))
			err := c.Validate(tt.forServe)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if got := strings.Count(err.Error(), "\n") + 1; got != len(tt.want) {
				t.Errorf("%d problems reported, want %d:\n%v", got, len(tt.want), err)
			}
		})
	}
}

func TestSecretsNeverShown(t *testing.T) {
	const tok, ekey, lkey = "TOKEN-SECRET-1", "EMBED-SECRET-2", "LLM-SECRET-3"
	c, _ := Load(env(map[string]string{
		"DISCORD_TOKEN": tok + " x", "EMBED_API_KEY": ekey, "LLM_API_KEY": lkey,
		"LLM_BASE_URL": "http://user:" + lkey + "@host/v1", "LLM_MODEL": "m",
		"EMBED_BASE_URL": "http://e", "EMBED_MODEL": "m",
	}))
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "config", c)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "config", c)
	out := c.String() + fmt.Sprintf("%v %+v %#v %s", c, c, c, c) + logs.String()
	if err := c.Validate(true); err != nil {
		out += err.Error()
	} else {
		t.Error("Validate accepted a token with a space and a URL with credentials")
	}
	for _, s := range []string{tok, ekey, lkey} {
		if strings.Contains(out, s) {
			t.Errorf("secret %q leaked in:\n%s", s, out)
		}
	}
	if !strings.Contains(logs.String(), "REDACTED") {
		t.Errorf("log does not show that the token is set: %s", logs.String())
	}
}

func TestConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dossier.yaml")
	yaml := "discord_token: from-file\n" +
		"DISCORD_GUILD_IDS: [111111111111111111, \"222222222222222222\"]\n" +
		"dossier_rate_burst: 5\n" +
		"llm_temperature: 0.7\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"DOSSIER_CONFIG": path, "DOSSIER_RATE_BURST": "9"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(true); err != nil {
		t.Fatal(err)
	}
	if c.Token != "from-file" || len(c.GuildIDs) != 2 || c.GuildIDs[1] != "222222222222222222" || c.LLMTemperature != 0.7 {
		t.Errorf("file values not read: %v", c)
	}
	if c.RateBurst != 9 {
		t.Errorf("RateBurst = %d, want the environment's 9 over the file's 5", c.RateBurst)
	}
}

func TestConfigFileProblems(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, content, want string }{
		{"unknown key", "discord_tokn: x\n", `unknown key "discord_tokn"`},
		{"not yaml", "a: [\n", "config file"},
		{"nested", "discord_guild_ids: {a: 1}\n", "must be a value or a list"},
		{"missing file", "", "config file:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".yaml")
			if tt.content != "" {
				os.WriteFile(path, []byte(tt.content), 0o600)
			}
			c, err := LoadFile(path, env(nil))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadFile error = %v, want %q", err, tt.want)
			}
			if verr := c.Validate(false); verr == nil || !strings.Contains(verr.Error(), tt.want) {
				t.Errorf("Validate does not repeat the file problem: %v", verr)
			}
		})
	}
}

// A key in a URL's query string or user information never reaches a log
// or an error: the URL is shown with those parts masked.
func TestURLSecretsAreRedacted(t *testing.T) {
	const q, user, pass, frag = "QUERY-SECRET-1", "USER-SECRET-2", "PASS-SECRET-3", "FRAG-SECRET-4"
	c, _ := Load(env(map[string]string{
		"LLM_BASE_URL": "http://127.0.0.1:11434/v1?api_key=" + q + "&x=" + q, "LLM_MODEL": "m",
		"EMBED_BASE_URL": "https://" + user + "@embed.example/v1#" + frag, "EMBED_MODEL": "m",
		"DISCORD_API_URL": "http://" + user + ":" + pass + "@127.0.0.1:8080?token=" + q,
	}))
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	logger.Info("starting", "config", c)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("starting", "config", c)
	err := c.Validate(false)
	if err == nil {
		t.Fatal("Validate accepted credentials in URLs")
	}
	out := logs.String() + c.String() + err.Error()
	for _, s := range []string{q, user, pass, frag} {
		if strings.Contains(out, s) {
			t.Errorf("secret %q leaked in:\n%s", s, out)
		}
	}
	for _, want := range []string{"127.0.0.1:11434/v1?api_key=REDACTED", "embed.example/v1", "DISCORD_API_URL:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://discord.com":         "https://discord.com",
		"http://localhost:11434/v1":   "http://localhost:11434/v1",
		"http://h/v1?key=abc&model=m": "http://h/v1?key=REDACTED&model=REDACTED",
		"http://h/v1?sk-abc":          "http://h/v1?REDACTED",
		"http://u:p@h:1/v1":           "http://REDACTED@h:1/v1",
		"http://h/#tok":               "http://h/#REDACTED",
		"http://u:p@h/%zz?key=abc":    "http://REDACTED@h/%zz?REDACTED",
		"":                            "",
		"http://":                     "http://",
	} {
		if got := RedactURL(raw); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", raw, got, want)
		}
	}
	msg := `Post "http://h/v1?key=abc/chat/completions": dial tcp: refused; see https://u:p@x/y`
	if got, want := RedactURLs(msg), `Post "http://h/v1?key=REDACTED": dial tcp: refused; see https://REDACTED@x/y`; got != want {
		t.Errorf("RedactURLs = %q, want %q", got, want)
	}
}

// One bad key in the file is reported beside the other problems and hides
// none of the file's good values: a token set in the file is not reported
// missing.
func TestConfigFileUnknownKeyHidesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dossier.yaml")
	yaml := "discord_token: from-file\n" +
		"discord_tokn: typo\n" +
		"llm_max_tokens: [1, [2]]\n" +
		"dossier_rate_burst: 500\n" +
		"llm_model: m\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _ := LoadFile(path, env(nil))
	err := c.Validate(true)
	if err == nil {
		t.Fatal("Validate accepted an unknown key")
	}
	msg := err.Error()
	for _, want := range []string{`unknown key "discord_tokn"`, "llm_max_tokens must be a value or a list", "DOSSIER_RATE_BURST: 500 is out of range"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "DISCORD_TOKEN") {
		t.Errorf("the file sets DISCORD_TOKEN, yet:\n%s", msg)
	}
	if c.Token != "from-file" || c.LLMModel != "m" {
		t.Errorf("good keys not read beside a bad one: %v", c)
	}
}
