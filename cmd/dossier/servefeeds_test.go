package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

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
	p := &feeds.Poller{Dir: data, Logger: logger, Now: func() time.Time { clock.Lock(); defer clock.Unlock(); return now }}
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
