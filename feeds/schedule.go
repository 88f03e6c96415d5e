package feeds

import (
	"sort"
	"time"
)

// Polling bounds. A feed is polled every DefaultInterval until its own
// rhythm is known: then at half the median gap between its items, never
// sooner than what it asks for (RSS ttl, Cache-Control max-age), always
// within [MinInterval, MaxInterval]. A failed poll waits twice as long per
// failure in a row, up to MaxBackoff, and at least what Retry-After asks.
const (
	DefaultInterval = 30 * time.Minute
	MinInterval     = 10 * time.Minute
	MaxInterval     = 6 * time.Hour
	MaxBackoff      = 24 * time.Hour
)

// interval is f's learned interval, or DefaultInterval.
func (f *Feed) interval() time.Duration {
	if f.Interval > 0 {
		return time.Duration(f.Interval) * time.Second
	}
	return DefaultInterval
}

// learnInterval sets f's interval from the publication times of its items
// and what the server asked for (ttl, max-age; zero when not given).
func (f *Feed) learnInterval(published []time.Time, asked time.Duration) {
	iv := DefaultInterval
	if gap, ok := medianGap(published); ok {
		iv = gap / 2
	}
	iv = max(iv, asked)
	iv = min(max(iv, MinInterval), MaxInterval)
	f.Interval = int(iv / time.Second)
}

// medianGap is the median time between consecutive items; ok is false
// with fewer than three dated items.
func medianGap(ts []time.Time) (time.Duration, bool) {
	if len(ts) < 3 {
		return 0, false
	}
	s := append([]time.Time(nil), ts...)
	sort.Slice(s, func(i, j int) bool { return s[i].Before(s[j]) })
	gaps := make([]time.Duration, 0, len(s)-1)
	for i := 1; i < len(s); i++ {
		gaps = append(gaps, s[i].Sub(s[i-1]))
	}
	sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
	return gaps[len(gaps)/2], true
}

// succeeded records a good poll at now.
func (f *Feed) succeeded(now time.Time) {
	f.LastPoll, f.Failures, f.LastError = now, 0, ""
	f.NextPoll = now.Add(f.interval())
}

// failed records a failed poll at now, backing off; retryAfter is what the
// server asked for (0 when nothing).
func (f *Feed) failed(now time.Time, reason string, retryAfter time.Duration) {
	f.LastPoll, f.LastError = now, reason
	f.Failures++
	wait := f.interval()
	for i := 0; i < f.Failures && wait < MaxBackoff; i++ {
		wait *= 2
	}
	wait = min(max(wait, retryAfter), MaxBackoff)
	f.NextPoll = now.Add(wait)
}

// Due reports whether f should be polled at now.
func (f *Feed) Due(now time.Time) bool { return !now.Before(f.NextPoll) }
