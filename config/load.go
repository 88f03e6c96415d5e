package config

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// EnvConfigFile names the environment variable holding the config file path.
const EnvConfigFile = "DOSSIER_CONFIG"

// Variables lists every setting's environment variable. A config file uses
// the same names as keys, in any case (discord_token or DISCORD_TOKEN).
var Variables = []string{
	"DISCORD_TOKEN", "DISCORD_APP_ID", "DISCORD_GUILD_IDS", "DISCORD_ADMIN_ROLE_IDS",
	"DISCORD_ADMIN_USER_IDS", "DISCORD_API_URL", "DISCORD_PUBLIC_KEY", "DISCORD_SHARD_ID", "DISCORD_SHARD_COUNT",
	"DOSSIER_CORPUS", "DOSSIER_DATA", "DOSSIER_FEEDS_ALLOW_PRIVATE", "DOSSIER_INDEX", "DOSSIER_DATABASE_URL", "DOSSIER_FEEDBACK", "DOSSIER_RATE_PER_MINUTE", "DOSSIER_RATE_BURST",
	"EMBED_BASE_URL", "EMBED_API_KEY", "EMBED_MODEL",
	"LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "LLM_TIMEOUT", "LLM_MAX_TOKENS", "LLM_TEMPERATURE",
	"LOG_LEVEL",
}

// secret reports whether a variable holds a credential whose value must
// never be printed.
func secret(name string) bool {
	return name == "DISCORD_TOKEN" || strings.HasSuffix(name, "_API_KEY") || name == "DOSSIER_DATABASE_URL"
}

// Load reads the configuration from getenv (os.Getenv in production) and
// from the YAML file named by DOSSIER_CONFIG, if set. Environment values
// override the file. The returned Config is always usable with defaults in
// place of bad values; the error lists every value that could not be read,
// and Validate reports the same problems plus the semantic ones.
func Load(getenv func(string) string) (Config, error) {
	return LoadFile(getenv(EnvConfigFile), getenv)
}

// LoadFile is Load with an explicit config file path; "" means no file.
func LoadFile(path string, getenv func(string) string) (Config, error) {
	file := map[string]string{}
	var problems []error
	if path != "" {
		// A bad key is reported beside every other problem; the file's
		// good keys still count, so they are not reported missing.
		values, err := readFile(path)
		if err != nil {
			problems = append(problems, err)
		}
		if values != nil {
			file = values
		}
	}
	get := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return file[name]
	}
	c, parseProblems := parse(get)
	c.problems = append(problems, parseProblems...)
	return c, errors.Join(c.problems...)
}

// readFile reads a YAML mapping of variable names to scalars or lists. It
// returns the values it could read even when some keys are bad.
func readFile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	return parseFile(path, data)
}

// parseFile is readFile on the file's contents; path only names it in
// errors.
func parseFile(path string, data []byte) (map[string]string, error) {
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	known := map[string]bool{}
	for _, v := range Variables {
		known[v] = true
	}
	out := map[string]string{}
	var problems []error
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := strings.ToUpper(k)
		if !known[name] {
			problems = append(problems, fmt.Errorf("config file %s: unknown key %q", path, k))
			continue
		}
		s, ok := scalar(raw[k])
		if !ok {
			problems = append(problems, fmt.Errorf("config file %s: %s must be a value or a list of values", path, k))
			continue
		}
		out[name] = s
	}
	return out, errors.Join(problems...)
}

// scalar turns a YAML value into the string an environment variable would
// hold; lists become comma-separated.
func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return strings.TrimSpace(v), true
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(v), true
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := scalar(e)
			if !ok {
				return "", false
			}
			if _, isList := e.([]any); isList {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), true
	}
	return "", false
}

// parse fills a Config from get, with defaults for empty values.
func parse(get func(string) string) (Config, []error) {
	var problems []error
	bad := func(name, raw, why string) {
		if secret(name) {
			problems = append(problems, fmt.Errorf("%s: %s", name, why))
			return
		}
		problems = append(problems, fmt.Errorf("%s: %q %s", name, raw, why))
	}
	str := func(name, def string) string {
		if v := get(name); v != "" {
			return v
		}
		return def
	}
	list := func(name string) []string {
		var out []string
		for _, p := range strings.Split(get(name), ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	num := func(name string, def float64) float64 {
		v := get(name)
		if v == "" {
			return def
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			bad(name, v, "is not a number")
			return def
		}
		return f
	}
	integer := func(name string, def int) int {
		v := get(name)
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			bad(name, v, "is not a whole number")
			return def
		}
		return n
	}
	boolean := func(name string) bool {
		v := get(name)
		if v == "" {
			return false
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad(name, v, "is not true or false")
		}
		return b
	}
	duration := func(name string, def time.Duration) time.Duration {
		v := get(name)
		if v == "" {
			return def
		}
		if secs, err := strconv.ParseFloat(v, 64); err == nil {
			return time.Duration(secs * float64(time.Second))
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			bad(name, v, "is not a duration (e.g. 20s or 1m)")
			return def
		}
		return d
	}

	c := Config{
		Token:          strings.TrimPrefix(get("DISCORD_TOKEN"), "Bot "),
		AppID:          get("DISCORD_APP_ID"),
		GuildIDs:       list("DISCORD_GUILD_IDS"),
		AdminRoleIDs:   list("DISCORD_ADMIN_ROLE_IDS"),
		AdminUserIDs:   list("DISCORD_ADMIN_USER_IDS"),
		APIURL:         strings.TrimSuffix(str("DISCORD_API_URL", DefaultAPIURL), "/"),
		PublicKey:      strings.ToLower(get("DISCORD_PUBLIC_KEY")),
		Corpus:         get("DOSSIER_CORPUS"),
		DataDir:        str("DOSSIER_DATA", DefaultDataDir()),
		FeedsPrivate:   boolean("DOSSIER_FEEDS_ALLOW_PRIVATE"),
		IndexPath:      str("DOSSIER_INDEX", DefaultIndexPath()),
		DatabaseURL:    get("DOSSIER_DATABASE_URL"),
		FeedbackPath:   get("DOSSIER_FEEDBACK"),
		RatePerMinute:  num("DOSSIER_RATE_PER_MINUTE", DefaultRatePerMinute),
		RateBurst:      integer("DOSSIER_RATE_BURST", DefaultRateBurst),
		EmbedBaseURL:   get("EMBED_BASE_URL"),
		EmbedAPIKey:    get("EMBED_API_KEY"),
		EmbedModel:     get("EMBED_MODEL"),
		LLMBaseURL:     get("LLM_BASE_URL"),
		LLMAPIKey:      get("LLM_API_KEY"),
		LLMModel:       get("LLM_MODEL"),
		LLMTimeout:     duration("LLM_TIMEOUT", DefaultLLMTimeout),
		LLMMaxTokens:   integer("LLM_MAX_TOKENS", DefaultLLMMaxTokens),
		LLMTemperature: num("LLM_TEMPERATURE", DefaultLLMTemperature),
		LogLevel:       strings.ToLower(str("LOG_LEVEL", DefaultLogLevel)),
	}
	c.ShardID, c.ShardCount = integer("DISCORD_SHARD_ID", 0), integer("DISCORD_SHARD_COUNT", 0)
	problems = append(problems, shardPresence(get("DISCORD_SHARD_ID"), get("DISCORD_SHARD_COUNT"))...)
	return c, problems
}
