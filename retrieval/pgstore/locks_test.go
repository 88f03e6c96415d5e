package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// Holding identify buckets must not take the connections that searches
// and the shared state need: a bot whose max_concurrency is at least
// the pool's size holds one bucket per shard of a batch before any is
// released, and would wait for ever for a connection.
func TestIdentifyHoldsDoNotStarveThePool(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, pgtest.Fresh(t, pgtest.Full(t)), pgstore.Options{})
	var releases []func()
	defer func() {
		for _, r := range releases {
			r()
		}
	}()
	for bucket := range 16 { // a large bot's max_concurrency
		hctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		r, err := st.HoldIdentify(hctx, bucket)
		cancel()
		if err != nil {
			t.Fatalf("holding bucket %d of 16 distinct buckets: %v", bucket, err)
		}
		releases = append(releases, r)
	}
	gctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := st.Generation(gctx); err != nil {
		t.Fatalf("a query while identifies are held: %v", err)
	}
}

// The leader's lock must not take a connection from the pool: with a
// pool of one (as on PGlite) every other query would wait for ever.
func TestLeadershipDoesNotStarveThePool(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Fresh(t, pgtest.Full(t)) + "&pool_max_conns=1"
	st := openStore(t, url, pgstore.Options{})
	l, err := st.TryLead(ctx)
	if err != nil || l == nil {
		t.Fatalf("could not lead: %v", err)
	}
	defer l.Release()
	gctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := st.Generation(gctx); err != nil {
		t.Fatalf("a query while leading: %v", err)
	}
}

// A shard waiting its turn to identify behind other processes' shards
// waits as long as its context lets it, not a statement timeout.
func TestIdentifyWaitsBeyondTheStatementTimeout(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Fresh(t, pgtest.Full(t))
	a := openStore(t, url, pgstore.Options{})
	b := openStore(t, url, pgstore.Options{StatementTimeout: time.Second})
	release, err := a.HoldIdentify(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(2500*time.Millisecond, release)
	rb, err := b.HoldIdentify(ctx, 0)
	if err != nil {
		t.Fatalf("waiting for another process's identify: %v", err)
	}
	rb()
}
