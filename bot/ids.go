package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// customID is a button's custom ID, decoded. The bot makes four kinds:
//
//	fb:<vote>:<key>  a 👍/👎 vote ("up" or "down") on the answer stored under key
//	src:<page>       a page of /sources
//	fd:<page>        a page of /feeds list
//	tl:<key>:<page>  a page of the timeline stored under key
//
// Keys are the lower-case hex of keyStore.put; pages are 0-based, and a
// disabled ◀ on the first page carries -1.
type customID struct {
	kind string // feedbackPrefix, sourcesPrefix, feedsPrefix or timelinePrefix
	vote string // for feedbackPrefix
	key  string // for feedbackPrefix and timelinePrefix
	page int    // for sourcesPrefix and timelinePrefix
}

// Bounds of what a custom ID may carry.
const (
	maxCustomID = 100 // Discord's limit on a custom ID
	maxKeyLen   = 32
	maxPage     = 1 << 20
)

var errCustomID = errors.New("malformed custom ID")

// String encodes id as the custom ID of a button.
func (id customID) String() string {
	switch id.kind {
	case feedbackPrefix:
		return feedbackPrefix + id.vote + ":" + id.key
	case timelinePrefix:
		return timelinePrefix + id.key + ":" + strconv.Itoa(id.page)
	}
	return id.kind + strconv.Itoa(id.page)
}

// parseCustomID decodes a custom ID the bot made. Anything else, including
// a page written in another way than the bot writes it ("01", "+1"), is an
// error wrapping errCustomID.
func parseCustomID(s string) (customID, error) {
	bad := func(why string) (customID, error) {
		return customID{}, fmt.Errorf("%w %q: %s", errCustomID, trimWords(s, maxCustomID), why)
	}
	if len(s) > maxCustomID {
		return bad("too long")
	}
	switch {
	case strings.HasPrefix(s, feedbackPrefix):
		vote, key, _ := strings.Cut(strings.TrimPrefix(s, feedbackPrefix), ":")
		if vote != "up" && vote != "down" {
			return bad("no vote")
		}
		if !validKey(key) {
			return bad("bad key")
		}
		return customID{kind: feedbackPrefix, vote: vote, key: key}, nil
	case strings.HasPrefix(s, sourcesPrefix), strings.HasPrefix(s, feedsPrefix):
		kind := sourcesPrefix
		if strings.HasPrefix(s, feedsPrefix) {
			kind = feedsPrefix
		}
		page, ok := parsePage(strings.TrimPrefix(s, kind))
		if !ok {
			return bad("bad page")
		}
		return customID{kind: kind, page: page}, nil
	case strings.HasPrefix(s, timelinePrefix):
		key, pageText, _ := strings.Cut(strings.TrimPrefix(s, timelinePrefix), ":")
		if !validKey(key) {
			return bad("bad key")
		}
		page, ok := parsePage(pageText)
		if !ok {
			return bad("bad page")
		}
		return customID{kind: timelinePrefix, key: key, page: page}, nil
	}
	return bad("unknown kind")
}

// validKey reports whether key looks like one keyStore.put makes.
func validKey(key string) bool {
	if key == "" || len(key) > maxKeyLen {
		return false
	}
	for _, r := range key {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// parsePage reads a page number as strconv.Itoa writes it, -1 to maxPage.
func parsePage(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || strconv.Itoa(n) != s || n < -1 || n > maxPage {
		return 0, false
	}
	return n, true
}
