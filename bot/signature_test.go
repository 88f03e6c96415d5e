package bot

import (
	"testing"
	"time"
)

// The replay guard forgets a signature once its timestamp is stale, and
// keeps at most max, forgetting the oldest first.
func TestReplayGuardIsBoundedAndForgetsStaleSignatures(t *testing.T) {
	g := newReplayGuard(3)
	now := time.Unix(1_700_000_000, 0)
	exp := now.Add(maxClockSkew)
	for _, sig := range []string{"a", "b", "c"} {
		if !g.fresh(sig, exp, now) {
			t.Fatalf("%s: not fresh the first time", sig)
		}
	}
	if g.fresh("b", exp, now) {
		t.Error("b replayed was fresh")
	}
	if !g.fresh("d", exp, now) { // evicts a
		t.Fatal("d: not fresh")
	}
	if len(g.seen) != 3 || len(g.order) != 3 {
		t.Errorf("holds %d signatures (%d ordered), want 3", len(g.seen), len(g.order))
	}
	if g.fresh("c", exp, now) {
		t.Error("c replayed was fresh after an eviction")
	}
	later := exp.Add(time.Second)
	if !g.fresh("e", later.Add(maxClockSkew), later) {
		t.Fatal("e: not fresh")
	}
	if len(g.seen) != 1 {
		t.Errorf("holds %d signatures once the others are stale, want 1", len(g.seen))
	}
}
