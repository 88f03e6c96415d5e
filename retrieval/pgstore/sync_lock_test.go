package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// Two replicas syncing at once (both starting on an empty database, or
// the leader's poll and a /reindex): the second waits for the first,
// however long the first takes, instead of failing on the statement
// timeout.
func TestConcurrentSyncWaitsBeyondTheStatementTimeout(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Fresh(t, pgtest.Full(t))
	a := openStore(t, url, pgstore.Options{})
	b := openStore(t, url, pgstore.Options{StatementTimeout: time.Second})
	release, err := a.HoldSyncLock(ctx) // a's Sync, embedding a large poll
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(2500*time.Millisecond, release)
	if _, err := b.Sync(ctx, testArticles(t), glove(t), pgstore.SyncOptions{}); err != nil {
		t.Fatalf("the second replica's Sync, waiting for the first: %v", err)
	}
}
