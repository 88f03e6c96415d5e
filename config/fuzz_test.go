package config

import (
	"strings"
	"testing"
)

// FuzzConfigFile feeds arbitrary bytes to the YAML config loader: it must
// return values or errors, never panic; it keeps only known keys; and a
// token the file sets never shows in the configuration's text or in the
// problems Validate reports.
func FuzzConfigFile(f *testing.F) {
	for _, s := range []string{
		"discord_token: from-file\nDISCORD_GUILD_IDS: [111111111111111111, \"222222222222222222\"]\ndossier_rate_burst: 5\nllm_temperature: 0.7\n",
		"discord_tokn: x\n",
		"a: [\n",
		"discord_guild_ids: {a: 1}\n",
		"llm_max_tokens: [1, [2]]\nllm_timeout: 1e400\n",
		"discord_token: &a SECRETSECRET\nllm_model: *a\n",
		"- a\n- b\n",
		"~\n",
		"",
		"discord_token: \"Bot abc def\"\nllm_base_url: http://u:p@h/v1?key=k\nembed_base_url: '%zz'\n",
		"log_level: !!binary aGVsbG8=\ndossier_rate_per_minute: .nan\n",
	} {
		f.Add([]byte(s))
	}
	known := map[string]bool{}
	for _, v := range Variables {
		known[v] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		values, _ := parseFile("fuzz.yaml", data)
		for k := range values {
			if !known[k] {
				t.Fatalf("unknown key %q kept", k)
			}
		}
		c, _ := parse(func(name string) string { return values[name] })
		out := c.String()
		if err := c.Validate(true); err != nil {
			out += err.Error()
		}
		tok := strings.TrimPrefix(values["DISCORD_TOKEN"], "Bot ")
		if len(tok) < 8 || strings.Contains(redacted, tok) || strings.Contains(c.IndexPath, tok) {
			return
		}
		for k, v := range values {
			if k != "DISCORD_TOKEN" && strings.Contains(v, tok) {
				return // the file repeats the token in a value that is shown
			}
		}
		if strings.Contains(out, tok) {
			t.Fatalf("token %q shown in:\n%s", tok, out)
		}
	})
}
