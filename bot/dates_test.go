package bot

import (
	"testing"
	"time"
)

func TestUserLimiter(t *testing.T) {
	l := newUserLimiter(6, 2) // one every 10 s, bursts of 2
	for i := range 2 {
		if _, ok := l.allow("u"); !ok {
			t.Fatalf("question %d refused within the burst", i+1)
		}
	}
	wait, ok := l.allow("u")
	if ok || wait < 9*time.Second || wait > 10*time.Second {
		t.Errorf("third question: ok=%v wait=%s, want refused with about 10s to wait", ok, wait)
	}
	if _, ok := l.allow("v"); !ok {
		t.Error("another user shares the bucket")
	}
	if _, ok := newUserLimiter(0, 1).allow("u"); !ok {
		t.Error("0 per minute should mean unlimited")
	}
}
