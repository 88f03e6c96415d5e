package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval"
)

// syncBuffer is a log sink the poll loop and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A feed that grows while serve runs: the new item is answerable after
// the next poll, from the seeds through the first article to the second,
// and the second is indexed incrementally, not by a full rebuild.
func TestServePollsFeedsIntoTheLiveIndex(t *testing.T) {
	data := t.TempDir()
	feed := &growingFeed{}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// A fresh data directory: the engine starts on the seeds.
	eng, _, err := retrieval.Open(ctx, retrieval.Options{Logger: logger}, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2019, 6, 4, 12, 0, 0, 0, time.UTC)
	var clock sync.Mutex
	p := &feeds.Poller{Dir: data, Logger: logger, AllowPrivate: true, Now: func() time.Time { clock.Lock(); defer clock.Unlock(); return now }}
	if _, _, err := p.Add(srv.URL + "/rss"); err != nil {
		t.Fatal(err)
	}
	feed.add("Lenz harbour wall to be rebuilt", srv.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT",
		strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry. ", 20))
	go pollFeeds(ctx, p, 10*time.Millisecond, feedRefresher(eng, feeds.ArticlesDir(data), true, logger), logger)

	waitAnswer(t, eng, "What will the Lenz harbour wall be rebuilt with?", "Orla quarry", &logs)

	feed.add("Lenz ferry returns", srv.URL+"/a/2", "Wed, 05 Jun 2019 09:00:00 GMT",
		strings.Repeat("The ferry between Lenz and the island of Varn sails again from the rebuilt north pier. ", 20))
	clock.Lock()
	now = now.Add(feeds.MaxInterval) // the feed is due again
	clock.Unlock()
	waitAnswer(t, eng, "Where does the Lenz ferry sail from?", "north pier", &logs)
	if out := logs.String(); !strings.Contains(out, "index updated incrementally") || strings.Count(out, "rebuilding the index in full") > 0 {
		t.Errorf("the second article was not indexed incrementally:\n%s", out)
	}
}

// waitAnswer asks until the answer holds want, failing after a minute.
func waitAnswer(t *testing.T, eng *retrieval.Engine, question, want string, logs *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		ans, err := eng.Ask(context.Background(), question, retrieval.AskOptions{})
		if err == nil && strings.Contains(ans.Text+citationText(ans), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q never answered with %q; last %+v, %v\n%s", question, want, ans, err, logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func citationText(a retrieval.Answer) string {
	var b strings.Builder
	for _, c := range a.Citations {
		b.WriteString(c.Excerpt)
	}
	return b.String()
}

// Through dossier serve itself, against the loopback fake Discord: an
// item a feed publishes while the bot runs is answerable after /reindex
// polls the feeds, and the index is updated incrementally, not rebuilt.
func TestServeAnswersAFeedItemPublishedWhileItRuns(t *testing.T) {
	fake := discordtest.New(t)
	feed := &growingFeed{}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	data := t.TempDir()
	t.Setenv("DOSSIER_DATA", data)
	t.Setenv("DOSSIER_CONFIG", "")
	t.Setenv("DISCORD_TOKEN", "test-token")
	t.Setenv("DISCORD_API_URL", fake.URL)
	t.Setenv("DISCORD_GUILD_IDS", discordtest.GuildID)
	t.Setenv("DOSSIER_INDEX", filepath.Join(t.TempDir(), "index.snap"))
	t.Setenv("LOG_LEVEL", "info")
	feed.add("Lenz harbour wall to be rebuilt", srv.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT",
		strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry. ", 20))
	if code, out, errOut := runCLI(t, "", "feeds", "add", srv.URL+"/rss"); code != 0 {
		t.Fatalf("feeds add: %s %s", out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "feeds", "poll", "--once"); code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("feeds poll: %s %s", out, errOut)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var logs syncBuffer
	served := make(chan int, 1)
	go func() { served <- run(ctx, []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}, &logs) }()
	defer func() {
		cancel()
		<-served
	}()
	waitLog(t, &logs, "discord bot ready")

	// The feed grows while the bot runs.
	feed.add("Lenz ferry returns", srv.URL+"/a/2", "Wed, 05 Jun 2019 09:00:00 GMT",
		strings.Repeat("The ferry between Lenz and the island of Varn sails again from the rebuilt north pier. ", 20))
	root := discordtest.Member{UserID: "700000000000000002", Name: "root", Permissions: 8}
	n := len(fake.Calls())
	in := fake.SlashCommand("reindex", nil, root)
	fake.WaitCall(n, "the reindex summary", func(c discordtest.Call) bool {
		return c.Status < 300 && c.Method == "PATCH" && strings.HasSuffix(c.Path, in.Token+"/messages/@original") &&
			strings.HasPrefix(fmt.Sprint(c.Body["content"]), "Feeds polled (1 new articles)")
	})
	n = len(fake.Calls())
	in = fake.SlashCommand("ask", map[string]string{"question": "Where does the Lenz ferry sail from?"}, root)
	edit, _ := fake.WaitCall(n, "the answer", func(c discordtest.Call) bool {
		return c.Status < 300 && c.Method == "PATCH" && strings.HasSuffix(c.Path, in.Token+"/messages/@original")
	})
	if !strings.Contains(string(edit.Raw), "north pier") {
		t.Errorf("the new item does not answer: %s", edit.Raw)
	}
	out := logs.String()
	if !strings.Contains(out, "index updated incrementally") || strings.Contains(out, "rebuilding the index in full") {
		t.Errorf("the new item was not indexed incrementally:\n%s", out)
	}
}

// waitLog waits until the log holds want, failing after a minute.
func waitLog(t *testing.T, logs *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", want, logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Articles another process stores in the data directory (a `dossier feeds
// poll` beside the server) are indexed too, not only the loop's own.
func TestServeIndexesArticlesAnotherProcessStored(t *testing.T) {
	data := t.TempDir()
	feed := &growingFeed{}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	eng, _, err := retrieval.Open(ctx, retrieval.Options{Logger: logger}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The loop's own polls of the loopback feed are refused (it dials
	// public addresses only), so only the other process stores it.
	loop := &feeds.Poller{Dir: data, Logger: logger}
	go pollFeeds(ctx, loop, 10*time.Millisecond, feedRefresher(eng, feeds.ArticlesDir(data), true, logger), logger)

	other := &feeds.Poller{Dir: data, Logger: logger, AllowPrivate: true}
	if _, _, err := other.Add(srv.URL + "/rss"); err != nil {
		t.Fatal(err)
	}
	feed.add("Lenz harbour wall to be rebuilt", srv.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT",
		strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry. ", 20))
	if _, err := other.Poll(ctx, true); err != nil {
		t.Fatal(err)
	}
	waitAnswer(t, eng, "What will the Lenz harbour wall be rebuilt with?", "Orla quarry", &logs)
}
