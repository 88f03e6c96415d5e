package summarize

import (
	"strings"
	"sync"
	"time"
	"unicode"
)

// display shapes the raw text streamed so far for live display: only
// sentences that are complete and pass the same check as the final text
// (a valid citation marker, every number backed by a cited source) are
// shown, as check would rewrite them, mentions neutralised. The last
// sentence of the text may still grow (markers after its full stop
// belong to it) and is held back. A reasoning block or a NOT_COVERED
// reply in the making shows nothing. It returns "" when there is nothing
// to show yet. What it shows is a prefix of what check keeps from the
// finished text, unless check rejects that text as a whole.
func (c checker) display(raw string) string {
	text := strings.TrimLeftFunc(stripThinking(raw), unicode.IsSpace)
	upper := strings.ToUpper(strings.TrimSpace(text))
	if strings.HasPrefix(notCovered, upper) || strings.Contains(upper, notCovered) {
		return ""
	}
	var lines []string
	all := strings.Split(text, "\n")
	for i, line := range all {
		sents := sentencesOf(line)
		if i == len(all)-1 && len(sents) > 0 {
			sents = sents[:len(sents)-1] // the last one may still grow
		}
		var kept []string
		for _, sent := range sents {
			if out, ok := c.sentence(sent, new(verdict)); ok {
				kept = append(kept, out)
			}
		}
		if len(kept) > 0 {
			lines = append(lines, joinSentences(kept))
		}
	}
	return neutraliseMentions(strings.Join(lines, "\n"))
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
