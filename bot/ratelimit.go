package bot

import (
	"container/list"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxLimitedUsers is how many users' buckets the limiter keeps, about
// 200 bytes each.
const maxLimitedUsers = 50_000

// userLimiter is a token bucket per user for questions. It keeps the
// buckets of the max users seen most recently: a new user beyond that
// takes the bucket of the least recently seen one, in constant time. That
// user starts afresh if they come back, which matters only when max other
// users asked since, far more than the bot answers in a bucket's refill
// time.
type userLimiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	max     int
	buckets map[string]*list.Element // of *bucket, in recent
	recent  list.List                // most recently seen first
}

type bucket struct {
	user string
	lim  *rate.Limiter
}

// newUserLimiter allows perMinute questions a minute per user with bursts
// of burst; perMinute 0 means unlimited.
func newUserLimiter(perMinute float64, burst int) *userLimiter {
	l := &userLimiter{every: rate.Inf, burst: max(burst, 1), max: maxLimitedUsers, buckets: map[string]*list.Element{}}
	if perMinute > 0 {
		l.every = rate.Limit(perMinute / 60)
	}
	return l
}

// unlimited reports whether the limiter lets every question through.
func (l *userLimiter) unlimited() bool { return l.every == rate.Inf }

// allow takes a token for user, or says how long until one is free.
func (l *userLimiter) allow(user string) (time.Duration, bool) {
	if l.unlimited() {
		return 0, true
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	var b *bucket
	if e, ok := l.buckets[user]; ok {
		l.recent.MoveToFront(e)
		b = e.Value.(*bucket)
	} else if l.recent.Len() >= l.max {
		e := l.recent.Back() // reuse the least recently seen user's
		b = e.Value.(*bucket)
		delete(l.buckets, b.user)
		b.user = user
		b.lim = rate.NewLimiter(l.every, l.burst)
		l.recent.MoveToFront(e)
		l.buckets[user] = e
	} else {
		b = &bucket{user: user, lim: rate.NewLimiter(l.every, l.burst)}
		l.buckets[user] = l.recent.PushFront(b)
	}
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
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
