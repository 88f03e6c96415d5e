package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/feeds"
)

// feedsPerPage is how many feeds one /feeds list page shows.
const feedsPerPage = 10

// feedsPrefix starts the custom ID of the /feeds list paging buttons.
const feedsPrefix = "fd:"

// renderFeeds renders one page (0-based, clamped) of the subscribed feeds:
// each one's title and URL, items stored, last poll and how it is doing.
func renderFeeds(list []feeds.Feed, page int) reply {
	if len(list) == 0 {
		return reply{Content: "No feeds yet. Add one with `/feeds add url`."}
	}
	return pagedList(fmt.Sprintf("Feeds (%d)", len(list)), len(list), page, feedsPerPage, feedsPrefix,
		func(i int) string { return feedLine(i+1, list[i]) })
}

// feedLine is one feed: "2. **Title** `url` — 14 items · polled 1 Dec
// 21:04 · failing (3 in a row): HTTP 503".
func feedLine(n int, f feeds.Feed) string {
	title := escapeLinks(strings.ReplaceAll(trimWords(oneLine(f.Title), 100), "*", ""))
	if title == "" {
		title = "(untitled)"
	}
	line := fmt.Sprintf("%d. **%s** %s — %d items", n, title, plainURL(f.URL), f.Items)
	if !f.LastPoll.IsZero() {
		line += " · polled " + f.LastPoll.UTC().Format("2 Jan 15:04 MST")
	}
	switch {
	case f.LastPoll.IsZero():
		line += " · not polled yet"
	case f.Failing():
		line += fmt.Sprintf(" · failing (%d in a row): %s", f.Failures, escapeLinks(trimWords(oneLine(f.LastError), 150)))
	case f.Failures > 0:
		line += " · last poll failed: " + escapeLinks(trimWords(oneLine(f.LastError), 150))
	default:
		line += " · ok"
	}
	if !f.NextPoll.IsZero() && f.NextPoll.After(time.Now()) {
		line += " · next " + f.NextPoll.UTC().Format("15:04 MST")
	}
	return line
}
