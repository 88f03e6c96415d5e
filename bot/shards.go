package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// identifyInterval is how long Discord wants between two buckets of
// max_concurrency identifies.
const identifyInterval = 5 * time.Second

// shardPlan is which gateway shards this process runs.
type shardPlan struct {
	ids         []int // the shards run here, in identify order
	count       int   // shards in all
	concurrency int   // identifies allowed per identifyInterval
}

// registers reports whether this process registers the slash commands:
// the one running shard 0, so they are registered once.
func (p shardPlan) registers() bool { return p.ids[0] == 0 }

// planShards is the shard Options name, else every shard GET /gateway/bot
// recommends, identified max_concurrency at a time.
func (b *Bot) planShards() (shardPlan, error) {
	if b.opts.ShardCount > 0 {
		if b.opts.ShardID < 0 || b.opts.ShardID >= b.opts.ShardCount {
			return shardPlan{}, fmt.Errorf("bot: shard %d out of range for %d shards", b.opts.ShardID, b.opts.ShardCount)
		}
		return shardPlan{ids: []int{b.opts.ShardID}, count: b.opts.ShardCount, concurrency: 1}, nil
	}
	gb, err := b.session.GatewayBot()
	if err != nil {
		return shardPlan{}, fmt.Errorf("bot: ask Discord for the recommended gateway shards: %w", err)
	}
	p := shardPlan{count: max(gb.Shards, 1), concurrency: max(gb.SessionStartLimit.MaxConcurrency, 1)}
	for id := range p.count {
		p.ids = append(p.ids, id)
	}
	b.log.Info("gateway shards", "shards", p.count, "max_concurrency", p.concurrency)
	return p, nil
}

// openShards gives every shard of p a session with the bot's handlers and
// connects them, a bucket of p.concurrency at once, waiting
// identifyInterval between buckets. b.session is the first shard's.
func (b *Bot) openShards(ctx context.Context, p shardPlan) error {
	sessions := make([]*discordgo.Session, len(p.ids))
	for i, id := range p.ids {
		s := b.session
		if i > 0 {
			var err error
			if s, err = newSession(b.opts.Token, b.session.Client); err != nil {
				return err
			}
		}
		s.ShardID, s.ShardCount = id, p.count
		s.AddHandler(b.onInteraction)
		s.AddHandler(b.onMessage)
		sessions[i] = s
	}
	for start := 0; start < len(sessions); start += p.concurrency {
		if start > 0 {
			if err := b.wait(ctx, identifyInterval); err != nil {
				return err
			}
		}
		batch := sessions[start:min(start+p.concurrency, len(sessions))]
		release := b.holdIdentify(ctx, batch, p.concurrency)
		err := b.openBucket(batch)
		if release != nil {
			go func() {
				// Another process identifies in these buckets no
				// sooner than identifyInterval after these did.
				_ = b.wait(ctx, identifyInterval)
				release()
			}()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// IdentifyGate spaces gateway identifies across processes: Discord allows
// each rate-limit bucket of an application (shard ID modulo
// max_concurrency) one identify per identifyInterval, whichever process
// makes it. The PostgreSQL store (retrieval/pgstore) is one.
type IdentifyGate interface {
	// HoldIdentify waits until no other process holds bucket, and holds
	// it until release is called.
	HoldIdentify(ctx context.Context, bucket int) (release func(), err error)
}

// holdIdentify holds the gate's buckets of sessions and returns what
// releases them, or nil without a gate. A gate that fails is logged and
// passed: the identify goes ahead, as it would without one.
func (b *Bot) holdIdentify(ctx context.Context, sessions []*discordgo.Session, concurrency int) (release func()) {
	if b.opts.IdentifyGate == nil {
		return nil
	}
	var releases []func()
	release = func() {
		for _, r := range releases {
			r()
		}
	}
	for _, s := range sessions {
		r, err := b.opts.IdentifyGate.HoldIdentify(ctx, s.ShardID%concurrency)
		if err != nil {
			b.log.Warn("could not space this identify with the other processes'", "shard", s.ShardID, "err", err)
			continue
		}
		releases = append(releases, r)
	}
	return release
}

// openBucket connects sessions at once and keeps the connected ones for
// shutdown to close.
func (b *Bot) openBucket(sessions []*discordgo.Session) error {
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	for i, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Open(); err != nil {
				errs[i] = fmt.Errorf("bot: connect shard %d of %d to the Discord gateway: %w", s.ShardID, s.ShardCount, err)
				return
			}
			b.mu.Lock()
			b.sessions = append(b.sessions, s)
			b.mu.Unlock()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// newSession is a gateway session for the bot token over client, the
// bot's REST client.
func newSession(token string, client *http.Client) (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("bot: new session: %w", err)
	}
	s.Client = client
	// Guild and direct messages; message content arrives for messages
	// that mention the bot and for DMs without the privileged intent.
	s.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.ShouldRetryOnRateLimit = false // the client's transport retries, boundedly
	s.MaxRestRetries = 3
	return s, nil
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
