// Package config is dossier's configuration: one Config struct loaded from
// environment variables and an optional YAML file, validated in one pass so
// that every bad or missing value is reported at once. Secrets (the Discord
// token and API keys) never appear in errors, String or logs.
package config

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config holds every setting dossier reads. The field comments name the
// environment variable (and YAML key, in lower case) that sets it.
type Config struct {
	// Discord.
	Token        string   // DISCORD_TOKEN, secret; required for serve
	AppID        string   // DISCORD_APP_ID; empty = taken from the gateway READY
	GuildIDs     []string // DISCORD_GUILD_IDS; commands are registered there, empty = global
	AdminRoleIDs []string // DISCORD_ADMIN_ROLE_IDS; may run /reindex
	AdminUserIDs []string // DISCORD_ADMIN_USER_IDS; may run /reindex
	APIURL       string   // DISCORD_API_URL; scheme and host every REST call goes to
	// PublicKey is the application's public key, 64 hex characters,
	// which signs the interactions Discord POSTs to serve --http.
	PublicKey string // DISCORD_PUBLIC_KEY; required with serve --http
	// ShardID and ShardCount make the process run one gateway shard of
	// ShardCount (both set or neither); ShardCount 0 means the process
	// runs every shard Discord recommends itself.
	ShardID    int // DISCORD_SHARD_ID; 0 <= ShardID < ShardCount
	ShardCount int // DISCORD_SHARD_COUNT; 0 = automatic

	// Corpus and index.
	Corpus string // DOSSIER_CORPUS; directory or .jsonl file, empty = the data directory's articles, or the embedded seeds while it has none
	// DataDir holds the articles fetched from feeds and the feed state.
	DataDir string // DOSSIER_DATA
	// FeedsPrivate lets feeds and their pages be fetched from loopback and
	// private addresses (an intranet feed); off, only public addresses are.
	FeedsPrivate bool   // DOSSIER_FEEDS_ALLOW_PRIVATE
	IndexPath    string // DOSSIER_INDEX; snapshot file
	// DatabaseURL keeps the index in PostgreSQL, shared by every replica
	// (postgres://user:password@host:5432/db); empty = in this process.
	DatabaseURL string // DOSSIER_DATABASE_URL
	// FeedbackPath is a JSON Lines file the 👍/👎 votes are appended to.
	FeedbackPath string // DOSSIER_FEEDBACK; empty = votes are only logged

	// Per-user rate limit for questions.
	RatePerMinute float64 // DOSSIER_RATE_PER_MINUTE; 0 = unlimited
	RateBurst     int     // DOSSIER_RATE_BURST

	// Embeddings server; empty base URL = built-in GloVe.
	EmbedBaseURL string // EMBED_BASE_URL
	EmbedAPIKey  string // EMBED_API_KEY, secret
	EmbedModel   string // EMBED_MODEL

	// Optional LLM summarizer; empty base URL = extractive answers only.
	LLMBaseURL     string        // LLM_BASE_URL
	LLMAPIKey      string        // LLM_API_KEY, secret
	LLMModel       string        // LLM_MODEL; required with LLM_BASE_URL
	LLMTimeout     time.Duration // LLM_TIMEOUT
	LLMMaxTokens   int           // LLM_MAX_TOKENS
	LLMTemperature float64       // LLM_TEMPERATURE

	LogLevel string // LOG_LEVEL: debug, info, warn or error

	// problems are the values Load could not parse; Validate reports them.
	problems []error
}

// Defaults for the optional settings.
const (
	DefaultAPIURL         = "https://discord.com"
	DefaultRatePerMinute  = 6
	DefaultRateBurst      = 3
	DefaultLLMTimeout     = 20 * time.Second
	DefaultLLMMaxTokens   = 400
	DefaultLLMTemperature = 0.2
	DefaultLogLevel       = "info"
)

// DefaultDataDir is dossier's directory in the user's data directory
// ($XDG_DATA_HOME, else ~/.local/share), or "" when there is no home.
func DefaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "dossier")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".local", "share", "dossier")
}

// DefaultIndexPath is the index snapshot in the user's cache directory, or
// "" (an in-memory index) when the system has no cache directory.
func DefaultIndexPath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "dossier", "index.snap")
}

// LLMEnabled reports whether an LLM summarizer is configured.
func (c Config) LLMEnabled() bool { return c.LLMBaseURL != "" }

// SlogLevel is LogLevel as a slog.Level; unknown values mean Info.
func (c Config) SlogLevel() slog.Level {
	switch strings.ToLower(c.LogLevel) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// redact shows whether a secret is set without showing it.
func redact(s string) string {
	if s == "" {
		return ""
	}
	return "[REDACTED]"
}

// String describes the configuration with secrets redacted.
func (c Config) String() string {
	return fmt.Sprintf("Config{Token:%q AppID:%q GuildIDs:%v AdminRoleIDs:%v AdminUserIDs:%v APIURL:%q PublicKey:%q ShardID:%d ShardCount:%d "+
		"Corpus:%q DataDir:%q IndexPath:%q DatabaseURL:%q FeedbackPath:%q RatePerMinute:%g RateBurst:%d EmbedBaseURL:%q EmbedAPIKey:%q EmbedModel:%q "+
		"LLMBaseURL:%q LLMAPIKey:%q LLMModel:%q LLMTimeout:%s LLMMaxTokens:%d LLMTemperature:%g LogLevel:%q}",
		redact(c.Token), c.AppID, c.GuildIDs, c.AdminRoleIDs, c.AdminUserIDs, RedactURL(c.APIURL), c.PublicKey, c.ShardID, c.ShardCount,
		c.Corpus, c.DataDir, c.IndexPath, RedactURL(c.DatabaseURL), c.FeedbackPath, c.RatePerMinute, c.RateBurst, RedactURL(c.EmbedBaseURL), redact(c.EmbedAPIKey), c.EmbedModel,
		RedactURL(c.LLMBaseURL), redact(c.LLMAPIKey), c.LLMModel, c.LLMTimeout, c.LLMMaxTokens, c.LLMTemperature, c.LogLevel)
}

// GoString keeps %#v from printing secrets too.
func (c Config) GoString() string { return c.String() }

// LogValue makes slog print the configuration with secrets redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("discord_token", redact(c.Token)),
		slog.String("discord_app_id", c.AppID),
		slog.Any("discord_guild_ids", c.GuildIDs),
		slog.Any("discord_admin_role_ids", c.AdminRoleIDs),
		slog.Any("discord_admin_user_ids", c.AdminUserIDs),
		slog.String("discord_api_url", RedactURL(c.APIURL)),
		slog.String("discord_public_key", c.PublicKey),
		slog.Int("discord_shard_id", c.ShardID),
		slog.Int("discord_shard_count", c.ShardCount),
		slog.String("corpus", c.Corpus),
		slog.String("data", c.DataDir),
		slog.String("index", c.IndexPath),
		slog.String("database_url", RedactURL(c.DatabaseURL)),
		slog.String("feedback", c.FeedbackPath),
		slog.Float64("rate_per_minute", c.RatePerMinute),
		slog.Int("rate_burst", c.RateBurst),
		slog.String("embed_base_url", RedactURL(c.EmbedBaseURL)),
		slog.String("embed_api_key", redact(c.EmbedAPIKey)),
		slog.String("embed_model", c.EmbedModel),
		slog.String("llm_base_url", RedactURL(c.LLMBaseURL)),
		slog.String("llm_api_key", redact(c.LLMAPIKey)),
		slog.String("llm_model", c.LLMModel),
		slog.Duration("llm_timeout", c.LLMTimeout),
		slog.Int("llm_max_tokens", c.LLMMaxTokens),
		slog.Float64("llm_temperature", c.LLMTemperature),
		slog.String("log_level", c.LogLevel),
	)
}
