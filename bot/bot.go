// Package bot is dossier's Discord bot: it answers mentions, direct
// messages and the /ask, /timeline, /sources and /reindex slash commands
// with the retrieval engine's cited answers, rendered within Discord's
// limits and never pinging anyone.
package bot

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/config"
	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/summarize"
)

// SummarizeFunc rewrites an extractive answer with an LLM, calling onDelta
// with the cumulative text so far as it streams. It returns the answer to
// show and an optional short note for the user (e.g. why the extractive
// answer is shown). On error the bot shows the extractive answer with the
// note, or a default one.
type SummarizeFunc func(ctx context.Context, a retrieval.Answer, onDelta func(string)) (retrieval.Answer, string, error)

// SummarizeEventsFunc writes a short paragraph about topic from a
// timeline's events, citing them as [n] by their N, calling onDelta with
// the cumulative text so far as it streams. On failure it returns an empty
// Text, a short Note for the user and the error.
type SummarizeEventsFunc func(ctx context.Context, topic string, events []summarize.Event, onDelta func(string)) (summarize.EventsResult, error)

// Options configures a Bot.
type Options struct {
	Token        string   // bot token, without the "Bot " prefix; required
	AppID        string   // application ID; empty = taken from READY
	GuildIDs     []string // register commands in these guilds; empty = globally
	AdminRoleIDs []string // roles allowed to /reindex besides Administrators
	AdminUserIDs []string // users allowed to /reindex besides Administrators
	APIURL       string   // scheme and host of every REST call; empty = https://discord.com
	// ShardID and ShardCount make Run connect as the one gateway shard
	// ShardID of ShardCount; ShardCount 0 runs every shard Discord
	// recommends (GET /gateway/bot) in this process.
	ShardID, ShardCount int
	// IdentifyGate, when set, spaces the gateway identifies of every
	// process sharing it as Discord requires; nil spaces this process's
	// own only.
	IdentifyGate IdentifyGate
	// PublicKey is the application's public key, which signs the
	// interactions POSTed to RunHTTP; required there only.
	PublicKey     ed25519.PublicKey
	RatePerMinute float64 // questions per user per minute; 0 = unlimited
	RateBurst     int     // questions a user may ask at once; < 1 means 1
	FeedbackPath  string  // JSON Lines file 👍/👎 votes are appended to; empty = logged only
	Workers       int     // questions answered at once; 0 = 2 × GOMAXPROCS
	QueueSize     int     // questions waiting for a worker, beyond which users are told the bot is busy; 0 = 256 per worker
	// Shared keeps conversations, feedback, votes, timeline pages and
	// rate limits where every replica sees them (see SharedState); nil
	// keeps them in this process's memory.
	Shared SharedState

	Engine    *retrieval.Engine // answers the questions; required
	Logger    *slog.Logger      // nil = slog.Default()
	Summarize SummarizeFunc     // nil = extractive answers only

	SummarizeEvents SummarizeEventsFunc // nil = /timeline summarize:true shows the timeline only

	// Feeds polls the data directory's feeds; nil when the bot reads a
	// fixed corpus (no /feeds, and /reindex polls nothing).
	Feeds *feeds.Poller
	// Refresh brings the index up to date with the corpus after /reindex
	// polled the feeds: incrementally, or rebuilt when full is set (and
	// moved from the seeds to the data directory once it has articles).
	// nil means /reindex rebuilds the engine's corpus.
	Refresh func(ctx context.Context, full bool) error
}

// OptionsFromConfig fills Options from the configuration.
func OptionsFromConfig(c config.Config, engine *retrieval.Engine, logger *slog.Logger) Options {
	return Options{
		Token: c.Token, AppID: c.AppID, GuildIDs: c.GuildIDs,
		AdminRoleIDs: c.AdminRoleIDs, AdminUserIDs: c.AdminUserIDs, APIURL: c.APIURL,
		ShardID: c.ShardID, ShardCount: c.ShardCount,
		PublicKey:     c.PublicKeyBytes(),
		RatePerMinute: c.RatePerMinute, RateBurst: c.RateBurst, FeedbackPath: c.FeedbackPath,
		Engine: engine, Logger: logger,
	}
}

// Bot is a running or ready-to-run Discord bot. Create it with New.
type Bot struct {
	opts     Options
	log      *slog.Logger
	engine   *retrieval.Engine
	session  *discordgo.Session // shard 0's, or the first shard's; also the REST client
	commands map[string]commandHandler

	// sessions are the gateway shards Run connected, for shutdown.
	sessions []*discordgo.Session
	// wait sleeps between buckets of identifies; tests replace it.
	wait func(ctx context.Context, d time.Duration) error

	pool      *workPool     // answers the questions
	acking    chan struct{} // one token per interaction being acknowledged
	shared    *sharedState  // Options.Shared, falling back to memory
	limiter   *userLimiter
	feedback  *sharedStore[feedbackRecord]
	voters    *sharedStore[struct{}] // voterKey -> voted
	votes     voteFile               // appends to Options.FeedbackPath
	convs     *sharedStore[string]   // channel ID -> the previous question asked there
	timelines *sharedStore[timelineView]

	reindexing    atomic.Bool
	progressEvery time.Duration            // at most one progress edit per interval
	progressHook  func(retrieval.Progress) // tests: called inside the engine's progress callback

	ctx      context.Context
	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup
}

// New checks opts and prepares the Discord session; Run connects it.
func New(opts Options) (*Bot, error) {
	if opts.Token == "" {
		return nil, errors.New("bot: no Discord token")
	}
	if opts.Engine == nil {
		return nil, errors.New("bot: no retrieval engine")
	}
	if opts.APIURL == "" {
		opts.APIURL = config.DefaultAPIURL
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	client, err := NewAPIClient(opts.APIURL)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	s, err := newSession(opts.Token, client)
	if err != nil {
		return nil, err
	}

	if opts.Workers <= 0 {
		opts.Workers = defaultWorkers()
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 256 * opts.Workers
	}
	shared := &sharedState{st: opts.Shared, log: opts.Logger}
	b := &Bot{
		pool:          newWorkPool(opts.Workers, opts.QueueSize),
		acking:        make(chan struct{}, maxAcking),
		opts:          opts,
		log:           opts.Logger,
		engine:        opts.Engine,
		session:       s,
		shared:        shared,
		limiter:       newUserLimiter(opts.RatePerMinute, opts.RateBurst),
		feedback:      newSharedStore[feedbackRecord](shared, kindFeedback, feedbackTTL, 5000),
		voters:        newSharedStore[struct{}](shared, kindVoter, feedbackTTL, maxVoters),
		convs:         newSharedStore[string](shared, kindConversation, conversationTTL, 10000),
		timelines:     newSharedStore[timelineView](shared, kindTimeline, timelineTTL, 500),
		progressEvery: time.Second,
		wait:          sleep,
	}
	b.commands = map[string]commandHandler{
		"ask":      b.handleAsk,
		"timeline": b.handleTimeline,
		"sources":  b.handleSources,
		"reindex":  b.handleReindex,
		"feeds":    b.handleFeeds,
		"latest":   b.handleLatest,
	}
	return b, nil
}

// Run connects to the gateway as the configured shard, or as every shard
// Discord recommends (see shards.go), registers the slash commands with a
// bulk overwrite (in each configured guild, else globally) unless it runs
// a shard other than 0, and serves until ctx is done; then it disconnects
// and waits for running handlers.
func (b *Bot) Run(ctx context.Context) error {
	b.begin(ctx)
	defer b.shutdown()
	plan, err := b.planShards()
	if err != nil {
		return err
	}
	if err := b.openShards(ctx, plan); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}

	appID := b.opts.AppID
	if appID == "" && b.session.State.Application != nil {
		appID = b.session.State.Application.ID
	}
	if plan.registers() {
		if appID == "" {
			return errors.New("bot: no application ID (set DISCORD_APP_ID)")
		}
		if err := b.register(appID); err != nil {
			return err
		}
	} else {
		b.log.Info("slash commands left to shard 0", "shard", plan.ids[0])
	}
	user := ""
	if b.session.State.User != nil {
		user = b.session.State.User.Username
	}
	b.log.Info("discord bot ready", "user", user, "app_id", appID, "guilds", len(b.opts.GuildIDs),
		"shards", plan.ids, "shard_count", plan.count, "workers", b.opts.Workers, "queue", b.opts.QueueSize)
	<-ctx.Done()
	return nil
}

// begin starts the answer workers and the topic warm-up, with ctx the
// context of every handler.
func (b *Bot) begin(ctx context.Context) {
	b.ctx = ctx
	b.pool.start()
	go b.warmTopics()
}

// register registers the slash commands of the application appID with a
// bulk overwrite, in each configured guild, else globally.
func (b *Bot) register(appID string) error {
	guilds := b.opts.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	for _, g := range guilds {
		if _, err := b.session.ApplicationCommandBulkOverwrite(appID, g, commandDefinitions()); err != nil {
			where := "globally"
			if g != "" {
				where = "in guild " + g
			}
			return fmt.Errorf("bot: register commands %s: %w", where, err)
		}
	}
	return nil
}

// warmTopics works out the live index's topic suggestions ahead of the
// first /timeline autocomplete, which would otherwise wait for them.
func (b *Bot) warmTopics() {
	start := time.Now()
	n := len(b.engine.Topics("", 0))
	b.log.Debug("topic suggestions ready", "topics", n, "took", time.Since(start))
}

// shutdown stops accepting events, closes the opened sessions, waits for the
// handlers still running and the questions still queued, and stops the
// workers.
func (b *Bot) shutdown() {
	b.mu.Lock()
	b.closing = true
	sessions := b.sessions
	b.mu.Unlock()
	for _, s := range sessions {
		if err := s.Close(); err != nil {
			b.log.Warn("close discord session", "shard", s.ShardID, "err", err)
		}
	}
	b.inflight.Wait()
	b.pool.stop()
	b.log.Info("discord bot stopped")
}

// track registers a running handler; it reports false once shutting down.
func (b *Bot) track() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closing {
		return false
	}
	b.inflight.Add(1)
	return true
}

// selfID is the bot user's ID.
func (b *Bot) selfID() string {
	if u := b.session.State.User; u != nil {
		return u.ID
	}
	return ""
}
