package bot

import (
	"testing"
	"time"
)

func TestParseDateBound(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		end  bool
		want time.Time
		bad  bool
	}{
		{"", false, time.Time{}, false},
		{"2019-06-04", false, day(2019, 6, 4), false},
		{"2019-06-04", true, day(2019, 6, 5).Add(-time.Nanosecond), false},
		{"2019-06", true, day(2019, 7, 1).Add(-time.Nanosecond), false},
		{"2019", false, day(2019, 1, 1), false},
		{"2019", true, day(2020, 1, 1).Add(-time.Nanosecond), false},
		{"June 2019", false, time.Time{}, true},
		{"2019-13-01", false, time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := parseDateBound("since", tt.in, tt.end)
		if (err != nil) != tt.bad || !got.Equal(tt.want) {
			t.Errorf("parseDateBound(%q, end=%v) = %v, %v; want %v (error %v)", tt.in, tt.end, got, err, tt.want, tt.bad)
		}
	}
}

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
