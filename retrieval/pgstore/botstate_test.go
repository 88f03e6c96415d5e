package pgstore_test

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// Values are replaced by PutState, kept by AddState until they expire,
// never read once expired, bounded in size, and deleted by a sweep.
func TestSharedStateExpires(t *testing.T) {
	for _, srv := range pgtest.Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			ctx := context.Background()
			url := pgtest.Fresh(t, srv)
			st := openStore(t, url, pgstore.Options{})
			get := func(kind, key string) (string, bool) {
				t.Helper()
				v, ok, err := st.GetState(ctx, kind, key)
				if err != nil {
					t.Fatal(err)
				}
				return string(v), ok
			}
			if _, ok := get("conv", "c1"); ok {
				t.Error("a value never stored was found")
			}
			if err := st.PutState(ctx, "conv", "c1", []byte("first"), time.Hour); err != nil {
				t.Fatal(err)
			}
			if err := st.PutState(ctx, "conv", "c1", []byte("second"), time.Hour); err != nil {
				t.Fatal(err)
			}
			if v, ok := get("conv", "c1"); !ok || v != "second" {
				t.Errorf("GetState = %q, %v; want the second value", v, ok)
			}
			if _, ok := get("feedback", "c1"); ok {
				t.Error("a key was found under another kind")
			}

			if added, err := st.AddState(ctx, "voter", "v1", nil, 300*time.Millisecond); err != nil || !added {
				t.Fatalf("first AddState = %v, %v; want added", added, err)
			}
			if added, err := st.AddState(ctx, "voter", "v1", nil, time.Hour); err != nil || added {
				t.Errorf("second AddState = %v, %v; want refused while the first is kept", added, err)
			}
			if err := st.PutState(ctx, "conv", "short", []byte("x"), 300*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Second)
			if _, ok := get("conv", "short"); ok {
				t.Error("an expired value was read")
			}
			if _, ok := get("voter", "v1"); ok {
				t.Error("an expired vote was read")
			}
			if added, err := st.AddState(ctx, "voter", "v1", []byte("again"), time.Hour); err != nil || !added {
				t.Errorf("AddState over an expired value = %v, %v; want added", added, err)
			}
			if v, ok := get("voter", "v1"); !ok || v != "again" {
				t.Errorf("after adding over the expired value, GetState = %q, %v", v, ok)
			}

			if err := st.PutState(ctx, "timeline", "big", bytes.Repeat([]byte("x"), pgstore.MaxState+1), time.Hour); err == nil {
				t.Error("a value beyond MaxState was stored")
			}
			if err := st.PutState(ctx, "conv", "c2", []byte("x"), 0); err == nil {
				t.Error("a value without a time to live was stored")
			}

			if err := st.PutState(ctx, "conv", "gone", []byte("x"), 100*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			time.Sleep(500 * time.Millisecond)
			if err := st.SweepState(ctx); err != nil {
				t.Fatal(err)
			}
			if n := pgtest.Int(t, url, `SELECT count(*) FROM bot_state WHERE key = 'gone'`); n != 0 {
				t.Errorf("the sweep left %d expired rows", n)
			}
			if n := pgtest.Int(t, url, `SELECT count(*) FROM bot_state`); n != 2 {
				t.Errorf("%d values after the sweep, want the 2 live ones (c1, v1)", n)
			}
		})
	}
}

// Goroutines on two stores sharing one database take from one bucket at
// once: exactly burst of them get a token, the others are told to wait,
// and a bucket refills at its rate.
func TestTokenBucketUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Fresh(t, pgtest.Full(t))
	stores := []*pgstore.Store{openStore(t, url, pgstore.Options{}), openStore(t, url, pgstore.Options{})}

	const burst, takers = 5, 80
	const perSecond = 1.0 / 3600 // nothing refills during the test
	var ok, refused atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range takers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			wait, got, err := stores[i%2].TakeToken(ctx, "ask:u1", perSecond, burst)
			switch {
			case err != nil:
				t.Error(err)
			case got:
				ok.Add(1)
			case wait <= 0 || wait > time.Hour:
				t.Errorf("refused with a wait of %v, want within an hour", wait)
				fallthrough
			default:
				refused.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	if ok.Load() != burst || refused.Load() != takers-burst {
		t.Errorf("%d tokens taken and %d refused, want exactly %d and %d", ok.Load(), refused.Load(), burst, takers-burst)
	}
	// Another user's bucket is their own.
	if _, got, err := stores[0].TakeToken(ctx, "ask:u2", perSecond, burst); err != nil || !got {
		t.Errorf("another user was refused: %v, %v", got, err)
	}

	// A fast bucket refills: empty, then a token again after the wait.
	if _, got, err := stores[0].TakeToken(ctx, "ask:fast", 4, 1); err != nil || !got {
		t.Fatalf("first take from a new bucket: %v, %v", got, err)
	}
	wait, got, err := stores[1].TakeToken(ctx, "ask:fast", 4, 1)
	if err != nil || got || wait <= 0 || wait > 250*time.Millisecond {
		t.Fatalf("second take = %v, %v, %v; want refused for at most 250ms", wait, got, err)
	}
	time.Sleep(wait + 50*time.Millisecond)
	if _, got, err := stores[1].TakeToken(ctx, "ask:fast", 4, 1); err != nil || !got {
		t.Errorf("after the wait the bucket is still empty: %v, %v", got, err)
	}
	if _, _, err := stores[0].TakeToken(ctx, "ask:none", 0, 1); err == nil {
		t.Error("a bucket that never refills was accepted")
	}
}

// Of many replicas adding one key at once, exactly one does: a vote
// counts once.
func TestAddStateOnceUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Fresh(t, pgtest.Full(t))
	stores := []*pgstore.Store{openStore(t, url, pgstore.Options{}), openStore(t, url, pgstore.Options{})}
	var added atomic.Int32
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := stores[i%2].AddState(ctx, "voter", "same", nil, time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				added.Add(1)
			}
		}()
	}
	wg.Wait()
	if added.Load() != 1 {
		t.Errorf("%d adds succeeded, want 1", added.Load())
	}
}
