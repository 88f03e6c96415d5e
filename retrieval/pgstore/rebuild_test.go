package pgstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// While a Sync runs, replicas answer from the index before, as Sync
// promises ("readers see the old index or the new one"): the Sync is
// stalled part way, as embedding or inserting a large corpus stalls it
// for minutes, and the index loaded before it is searched with a
// deadline of 2 s.
func TestSyncDoesNotBlockSearches(t *testing.T) {
	ctx := context.Background()
	emb := glove(t)
	arts := testArticles(t)
	changed := slices.Clone(arts)
	changed[0].Text += "\n\nThe company later denied the report."
	for _, c := range []struct {
		name string
		opts pgstore.SyncOptions
	}{
		{"incremental", pgstore.SyncOptions{}},
		{"rebuild", pgstore.SyncOptions{Rebuild: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := pgtest.Fresh(t, pgtest.Full(t))
			st := openStore(t, url, pgstore.Options{})
			if _, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			ix, err := st.Load(ctx, emb)
			if err != nil {
				t.Fatal(err)
			}
			release, err := st.LockMetaRow(ctx, "passages") // the Sync's last write waits
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := st.Sync(ctx, changed, emb, c.opts)
				done <- err
			}()
			waitForALockWait(t, url) // the Sync has written all but its last row
			sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			hits, err := ix.Search(sctx, questions[0], index.SearchOptions{K: 3, Mode: index.BM25})
			release()
			if err := <-done; err != nil {
				t.Errorf("sync: %v", err)
			}
			if sctx.Err() != nil {
				t.Fatalf("a search during the Sync waited past its deadline: %v", err)
			}
			if err != nil || len(hits) == 0 {
				t.Fatalf("a search during the Sync: %v hits, err %v", len(hits), err)
			}
		})
	}
}

// waitForALockWait waits until some session of the database at url waits
// for a lock, failing after a minute.
func waitForALockWait(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for pgtest.Int(t, url, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the Sync never reached the locked row")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
