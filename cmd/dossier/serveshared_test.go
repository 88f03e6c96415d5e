package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// replica is one serve process's shared-index half, in this test.
type replica struct {
	eng    *retrieval.Engine
	poller *feeds.Poller
	logs   *syncBuffer
	stop   context.CancelFunc
}

func startReplica(t *testing.T, url string, now func() time.Time) *replica {
	t.Helper()
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, cancel := context.WithCancel(context.Background())
	store, err := pgstore.Open(ctx, url, pgstore.Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	eng, _, err := retrieval.Open(ctx, retrieval.Options{Store: store, Corpus: feeds.ArticlesDir(data), Logger: logger}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &feeds.Poller{Dir: data, Logger: logger, AllowPrivate: true, Now: now, State: sharedFeedState{store}, Stored: store.Article}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); followShared(ctx, eng, 10*time.Millisecond, logger) }()
	go func() {
		defer wg.Done()
		leadFeeds(ctx, store, p, 10*time.Millisecond, sharedRefresher(eng, logger), logger)
	}()
	r := &replica{eng: eng, poller: p, logs: logs}
	r.stop = func() { cancel(); wg.Wait(); store.Close() }
	t.Cleanup(r.stop)
	return r
}

// waitLog waits until the replica has logged want, failing after a minute.
func (r *replica) waitLog(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(r.logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the replica never logged %q:\n%s", want, r.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Two replicas on one database, each with a data directory of its own:
// a feed added through the second is polled by the leader, the first;
// its item is answerable through both. When the leader's database
// session dies with it, the second takes the lead, and the next item is
// answerable through it.
func TestReplicasShareTheIndexAndHandOverTheFeeds(t *testing.T) {
	url := pgtest.Fresh(t, pgtest.Full(t))
	feed := &growingFeed{}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	var clock sync.Mutex
	now := time.Date(2019, 6, 4, 12, 0, 0, 0, time.UTC)
	tick := func() time.Time { clock.Lock(); defer clock.Unlock(); return now }

	a := startReplica(t, url, tick)
	a.waitLog(t, "now polls the feeds")
	b := startReplica(t, url, tick)
	if _, _, err := b.poller.Add(srv.URL + "/rss"); err != nil {
		t.Fatal(err)
	}
	feed.add("Lenz harbour wall to be rebuilt", srv.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT",
		strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry. ", 20))
	waitAnswer(t, a.eng, "What will the Lenz harbour wall be rebuilt with?", "Orla quarry", a.logs)
	waitAnswer(t, b.eng, "What will the Lenz harbour wall be rebuilt with?", "Orla quarry", b.logs)
	if strings.Contains(b.logs.String(), "now polls the feeds") {
		t.Fatalf("both replicas led at once:\n%s", b.logs.String())
	}

	// The leader dies: its session ends, as the server sees a crash.
	killLeaderSession(t, url)
	a.stop()
	b.waitLog(t, "now polls the feeds")
	feed.add("Lenz ferry returns", srv.URL+"/a/2", "Wed, 05 Jun 2019 09:00:00 GMT",
		strings.Repeat("The ferry between Lenz and the island of Varn sails again from the rebuilt north pier. ", 20))
	clock.Lock()
	now = now.Add(feeds.MaxInterval) // the feed is due again
	clock.Unlock()
	waitAnswer(t, b.eng, "Where does the Lenz ferry sail from?", "north pier", b.logs)

	// A copy of the first story, from another feed, merges into the one
	// the dead leader stored, which the survivor's disk never held.
	wire := &growingFeed{}
	wireSrv := httptest.NewServer(wire)
	defer wireSrv.Close()
	wire.add("Lenz harbour wall to be rebuilt", wireSrv.URL+"/wire/1", "Tue, 04 Jun 2019 14:00:00 GMT",
		strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry. ", 20))
	if _, _, err := b.poller.Add(wireSrv.URL + "/rss"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		var copies, merged int
		for _, a := range b.eng.Sources() {
			if a.Title == "Lenz harbour wall to be rebuilt" {
				copies++
				merged += len(a.AlsoIn)
			}
		}
		if copies == 1 && merged > 0 {
			break
		}
		if copies > 1 || time.Now().After(deadline) {
			t.Fatalf("after a copy came in on the new leader: %d articles of the story, %d other sources\n%s", copies, merged, b.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// killLeaderSession ends the database session holding the leader lock.
func killLeaderSession(t *testing.T, url string) {
	t.Helper()
	n := pgtest.Int(t, url, `SELECT count(pg_terminate_backend(pid)) FROM pg_locks
		WHERE locktype = 'advisory' AND classid = $1 AND objsubid = 2 AND granted`, uint32(pgstore.LeaderLockKey))
	if n != 1 {
		t.Fatalf("ended %d leader sessions, want 1", n)
	}
}
