package bot

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// userLimiter is a token bucket per user for questions.
type userLimiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	buckets map[string]*rate.Limiter
}

// newUserLimiter allows perMinute questions a minute per user with bursts
// of burst; perMinute 0 means unlimited.
func newUserLimiter(perMinute float64, burst int) *userLimiter {
	l := &userLimiter{every: rate.Inf, burst: max(burst, 1), buckets: map[string]*rate.Limiter{}}
	if perMinute > 0 {
		l.every = rate.Limit(perMinute / 60)
	}
	return l
}

// allow takes a token for user, or says how long until one is free.
func (l *userLimiter) allow(user string) (time.Duration, bool) {
	if l.every == rate.Inf {
		return 0, true
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[user]
	if !ok {
		if len(l.buckets) >= 10000 {
			l.forgetFull(now)
		}
		b = rate.NewLimiter(l.every, l.burst)
		l.buckets[user] = b
	}
	r := b.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// forgetFull drops the buckets that have refilled: their users are back
// to a fresh state anyway.
func (l *userLimiter) forgetFull(now time.Time) {
	for u, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, u)
		}
	}
}

// rateLimitText is the friendly message for a user who asks too fast.
func rateLimitText(wait time.Duration) string {
	secs := int(math.Ceil(wait.Seconds()))
	return fmt.Sprintf("You're asking faster than I can keep up with. Please try again in %d second%s.", secs, plural(secs))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
