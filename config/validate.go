package config

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Validate reports every bad or missing value at once, one line each,
// naming the variable: the values Load could not parse, then the checks
// below. forServe adds what the Discord bot needs (DISCORD_TOKEN).
func (c Config) Validate(forServe bool) error {
	problems := append([]error(nil), c.problems...)
	add := func(format string, args ...any) {
		problems = append(problems, fmt.Errorf(format, args...))
	}

	if forServe && c.Token == "" {
		add("DISCORD_TOKEN: required to run the bot (the bot token from the Discord developer portal)")
	}
	if strings.ContainsAny(c.Token, " \t\r\n") {
		add("DISCORD_TOKEN: contains whitespace")
	}
	if c.AppID != "" && !isSnowflake(c.AppID) {
		add("DISCORD_APP_ID: %q is not a snowflake ID", c.AppID)
	}
	for name, ids := range map[string][]string{
		"DISCORD_GUILD_IDS":      c.GuildIDs,
		"DISCORD_ADMIN_ROLE_IDS": c.AdminRoleIDs,
		"DISCORD_ADMIN_USER_IDS": c.AdminUserIDs,
	} {
		for _, id := range ids {
			if !isSnowflake(id) {
				add("%s: %q is not a snowflake ID", name, id)
			}
		}
	}
	if c.PublicKey != "" {
		if err := checkPublicKey(c.PublicKey); err != nil {
			add("%v", err)
		}
	}
	if err := checkURL(c.APIURL); err != nil {
		add("DISCORD_API_URL: %q %v", RedactURL(c.APIURL), err)
	} else if u, _ := url.Parse(c.APIURL); (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		add("DISCORD_API_URL: %q must be a scheme and host only, e.g. http://127.0.0.1:8080 (request paths are kept)", RedactURL(c.APIURL))
	}
	if c.ShardCount < 0 {
		add("DISCORD_SHARD_COUNT: %d is out of range (at least 1)", c.ShardCount)
	} else if c.ShardID < 0 || (c.ShardCount > 0 && c.ShardID >= c.ShardCount) {
		add("DISCORD_SHARD_ID: %d is out of range (0 to DISCORD_SHARD_COUNT-1 = %d)", c.ShardID, c.ShardCount-1)
	}
	if c.RatePerMinute < 0 || c.RatePerMinute > 1000 || math.IsNaN(c.RatePerMinute) {
		add("DOSSIER_RATE_PER_MINUTE: %g is out of range (0 to 1000; 0 = unlimited)", c.RatePerMinute)
	}
	if c.RateBurst < 1 || c.RateBurst > 100 {
		add("DOSSIER_RATE_BURST: %d is out of range (1 to 100)", c.RateBurst)
	}
	if c.FeedbackPath != "" {
		if st, err := os.Stat(filepath.Dir(c.FeedbackPath)); err != nil || !st.IsDir() {
			add("DOSSIER_FEEDBACK: the directory of %q does not exist", c.FeedbackPath)
		} else if st, err := os.Stat(c.FeedbackPath); err == nil && !st.Mode().IsRegular() {
			add("DOSSIER_FEEDBACK: %q is not a regular file", c.FeedbackPath)
		}
	}
	if c.EmbedBaseURL != "" {
		if err := checkURL(c.EmbedBaseURL); err != nil {
			add("EMBED_BASE_URL: %q %v", RedactURL(c.EmbedBaseURL), err)
		}
		if c.EmbedModel == "" {
			add("EMBED_MODEL: required when EMBED_BASE_URL is set")
		}
	}
	if c.LLMBaseURL != "" {
		if err := checkURL(c.LLMBaseURL); err != nil {
			add("LLM_BASE_URL: %q %v", RedactURL(c.LLMBaseURL), err)
		}
		if c.LLMModel == "" {
			add("LLM_MODEL: required when LLM_BASE_URL is set")
		}
	}
	if c.LLMTimeout < time.Second || c.LLMTimeout > 10*time.Minute {
		add("LLM_TIMEOUT: %s is out of range (1s to 10m)", c.LLMTimeout)
	}
	if c.LLMMaxTokens < 1 || c.LLMMaxTokens > 32768 {
		add("LLM_MAX_TOKENS: %d is out of range (1 to 32768)", c.LLMMaxTokens)
	}
	if c.LLMTemperature < 0 || c.LLMTemperature > 2 || math.IsNaN(c.LLMTemperature) {
		add("LLM_TEMPERATURE: %g is out of range (0 to 2)", c.LLMTemperature)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "warning", "error":
	default:
		add("LOG_LEVEL: %q is not one of debug, info, warn, error", c.LogLevel)
	}
	sortErrors(problems)
	return errors.Join(problems...)
}

// isSnowflake reports whether id is a Discord snowflake: a positive
// decimal 64-bit integer.
func isSnowflake(id string) bool {
	if id == "" || id[0] == '0' {
		return false
	}
	_, err := strconv.ParseUint(id, 10, 64)
	return err == nil
}

// checkURL accepts absolute http and https URLs with a host.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("is not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("must start with http:// or https://")
	}
	if u.Host == "" {
		return errors.New("has no host")
	}
	if u.User != nil {
		return errors.New("must not carry credentials; use the API key variable")
	}
	return nil
}

// sortErrors orders the problems by message so the report is stable.
func sortErrors(errs []error) {
	slices.SortStableFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
}
