package bot

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/retrieval"
)

// isAdmin reports whether the caller may run /reindex: the Administrator
// permission in the guild, a configured admin role, or a configured admin
// user. Discord's default_member_permissions can be overridden per server,
// so the bot checks on every call.
func (b *Bot) isAdmin(i *discordgo.Interaction) bool {
	if slices.Contains(b.opts.AdminUserIDs, userID(i)) {
		return true
	}
	if i.Member == nil {
		return false
	}
	if i.Member.Permissions&discordgo.PermissionAdministrator != 0 {
		return true
	}
	for _, r := range i.Member.Roles {
		if slices.Contains(b.opts.AdminRoleIDs, r) {
			return true
		}
	}
	return false
}

// handleReindex rebuilds the index for an admin in a server the bot is
// configured for (never in a DM), editing a private reply
// with progress at most once per progressEvery and then a summary.
// Questions keep being answered from the old index meanwhile.
func (b *Bot) handleReindex(c *call) error {
	if why := b.adminRefusal(c, "/reindex"); why != "" {
		return c.respond(reply{Content: why}, true)
	}
	if !b.reindexing.CompareAndSwap(false, true) {
		return c.respond(reply{Content: "A reindex is already running; its summary will appear where it was started. Please try again after it finishes."}, true)
	}
	if err := c.deferReply(true); err != nil {
		b.reindexing.Store(false)
		return err
	}
	return b.background(c, func() error {
		defer b.reindexing.Store(false)
		return b.reindex(c)
	})
}

// reindex is the slow part of /reindex, run on a goroutine of its own.
func (b *Bot) reindex(c *call) error {
	c.log.Info("reindex started")

	start := time.Now()
	var latest atomic.Pointer[retrieval.Progress]
	var changed atomic.Bool
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(b.progressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if changed.Swap(false) {
					if err := c.edit(reply{Content: renderProgress(*latest.Load(), time.Since(start))}); err != nil {
						c.log.Warn("reindex progress edit failed", "err", err)
					}
				}
			}
		}
	}()
	if b.opts.Feeds != nil {
		polled := b.pollAllFeeds(c)
		if b.opts.Refresh != nil {
			close(done)
			<-stopped
			return b.refresh(c, polled, start, boolOption(c, "full"))
		}
	}
	sum, err := b.engine.Reindex(c.ctx, func(p retrieval.Progress) {
		latest.Store(&p)
		changed.Store(true)
		if b.progressHook != nil {
			b.progressHook(p)
		}
	})
	close(done)
	<-stopped

	switch {
	case errors.Is(err, retrieval.ErrReindexRunning):
		return c.edit(reply{Content: "A reindex is already running; please try again after it finishes."})
	case err != nil:
		c.log.Error("reindex failed; keeping the old index", "err", err)
		return c.edit(reply{Content: renderReindexFailed(err)})
	}
	c.log.Info("reindex done", "articles", sum.Articles, "passages", sum.Passages, "skipped", len(sum.Skipped), "took", sum.Took)
	go b.warmTopics()
	return c.edit(reply{Content: renderSummary(sum)})
}

// pollAllFeeds polls every feed at once for /reindex and says so in the
// reply; it returns how many articles were stored.
func (b *Bot) pollAllFeeds(c *call) int {
	if err := c.edit(reply{Content: "Polling the feeds…"}); err != nil {
		c.log.Warn("reindex progress edit failed", "err", err)
	}
	res, err := b.opts.Feeds.Poll(c.ctx, true)
	if err != nil {
		c.log.Warn("feed poll failed", "err", err)
	}
	stored := 0
	for _, r := range res {
		stored += r.New
	}
	c.log.Info("feeds polled for reindex", "feeds", len(res), "new", stored)
	return stored
}

// refresh brings the index up to date after the feeds were polled,
// incrementally or in full, and reports the index's size.
func (b *Bot) refresh(c *call, stored int, start time.Time, full bool) error {
	if err := b.opts.Refresh(c.ctx, full); err != nil {
		if errors.Is(err, retrieval.ErrReindexRunning) {
			return c.edit(reply{Content: "A reindex is already running; please try again after it finishes."})
		}
		c.log.Error("index update failed; keeping the old index", "err", err)
		return c.edit(reply{Content: renderReindexFailed(err)})
	}
	go b.warmTopics()
	m := b.engine.Stats()
	how := "updated"
	if full {
		how = "rebuilt"
	}
	text := fmt.Sprintf("Feeds polled (%d new articles) and index %s in %s: %d articles, %d passages.",
		stored, how, time.Since(start).Round(10*time.Millisecond), m.Articles, m.Passages)
	if !full {
		text += " Use `full:true` to rebuild it from scratch."
	}
	return c.edit(reply{Content: text})
}
