package summarize

import (
	"regexp"
	"strings"
	"sync"
	"time"
)

// partialMarkerRe matches a marker still being streamed at the end of the
// text: "[", "[1", "[1, 2".
var partialMarkerRe = regexp.MustCompile(`\[[^\]\n]{0,24}$`)

// display shapes the raw text streamed so far for live display: reasoning
// blocks, a NOT_COVERED reply in the making, unfinished and invalid markers
// are hidden, mentions neutralised. It returns "" when there is nothing to
// show yet.
func (c checker) display(raw string) string {
	text := strings.TrimSpace(stripThinking(raw))
	upper := strings.ToUpper(text)
	if strings.HasPrefix(notCovered, upper) || strings.Contains(upper, notCovered) {
		return ""
	}
	text = partialMarkerRe.ReplaceAllString(text, "")
	text, settled := rewriteAllMarkers(text, func(nums []int) string {
		var ok []int
		for _, n := range nums {
			if _, valid := c.support[n]; valid {
				ok = appendUnique(ok, n)
			}
		}
		return renderMarkers(ok)
	})
	if !settled {
		return ""
	}
	return strings.TrimSpace(neutraliseMentions(text))
}

// Throttle wraps f so that it runs at most once per interval, for passing
// as onDelta when each update costs a request (a Discord message edit).
// Updates arriving sooner are dropped; the final text is in the Result
// anyway. The returned function is safe for concurrent use.
func Throttle(interval time.Duration, f func(string)) func(string) {
	var mu sync.Mutex
	var last time.Time
	return func(text string) {
		mu.Lock()
		now := time.Now()
		if !last.IsZero() && now.Sub(last) < interval {
			mu.Unlock()
			return
		}
		last = now
		mu.Unlock()
		f(text)
	}
}
