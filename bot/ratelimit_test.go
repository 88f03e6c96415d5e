package bot

import (
	"strconv"
	"testing"
)

// The limiter keeps the most recently seen users' buckets, boundedly: a
// user who keeps asking stays limited however many others come and go.
func TestUserLimiterForgetsTheLeastRecentlySeen(t *testing.T) {
	l := newUserLimiter(1, 1)
	if _, ok := l.allow("busy"); !ok {
		t.Fatal("first question refused")
	}
	for i := range 3 * maxLimitedUsers {
		if i%1000 == 0 {
			if _, ok := l.allow("busy"); ok {
				t.Fatalf("after %d other users, busy was let through: its bucket was forgotten", i)
			}
		}
		l.allow("user" + strconv.Itoa(i))
	}
	if n := len(l.buckets); n > maxLimitedUsers || l.recent.Len() != n {
		t.Errorf("%d buckets (%d in the list), want at most %d", n, l.recent.Len(), maxLimitedUsers)
	}
	// The oldest of the others was forgotten and starts afresh.
	if _, ok := l.allow("user0"); !ok {
		t.Error("a forgotten user is still limited")
	}
	if _, ok := l.allow("user" + strconv.Itoa(3*maxLimitedUsers-1)); ok {
		t.Error("the most recent user was forgotten")
	}
}

// BenchmarkUserLimiterNewUser measures what a question from a user never
// seen before costs a limiter full of users, each taking the bucket of the
// least recently seen; x-cost-of-1k is the cost relative to 1,000 users.
func BenchmarkUserLimiterNewUser(b *testing.B) {
	var base float64
	for _, users := range []int{1_000, 10_000, 100_000} {
		b.Run("users="+strconv.Itoa(users), func(b *testing.B) {
			l := newUserLimiter(1, 1)
			l.max = users
			for i := range users {
				l.allow("old" + strconv.Itoa(i))
			}
			names := make([]string, b.N)
			for i := range names {
				names[i] = "new" + strconv.Itoa(i)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				l.allow(names[i])
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if users == 1_000 {
				base = ns
			} else if base > 0 {
				b.ReportMetric(ns/base, "x-cost-of-1k")
			}
		})
	}
}
