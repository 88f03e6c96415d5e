package feeds

import (
	"fmt"
	"net/url"
	"strings"
)

// MaxFeeds bounds the feeds one data directory subscribes to.
const MaxFeeds = 500

// CheckURL returns raw as a feed URL, or an error saying why it is not
// one: only absolute http and https URLs with a host are polled.
func CheckURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > 2000 {
		return "", fmt.Errorf("%q is not a feed URL: give an http:// or https:// address", raw)
	}
	u.Fragment = ""
	return u.String(), nil
}

// Add subscribes to the feed at raw, due for polling at once. added is
// false when it was already subscribed.
func (p *Poller) Add(raw string) (url string, added bool, err error) {
	url, err = CheckURL(raw)
	if err != nil {
		return "", false, err
	}
	err = p.store().Update(func(st *State) error {
		if st.Find(url) != nil {
			return nil
		}
		if len(st.Feeds) >= MaxFeeds {
			return fmt.Errorf("already %d feeds, the most one data directory polls", MaxFeeds)
		}
		st.Feeds = append(st.Feeds, &Feed{URL: url, Added: p.now().UTC()})
		added = true
		return nil
	})
	return url, added, err
}

// Remove unsubscribes from the feed at raw; its stored articles stay.
// removed is false when it was not subscribed.
func (p *Poller) Remove(raw string) (removed bool, err error) {
	url := strings.TrimSpace(raw)
	if u, err := CheckURL(raw); err == nil {
		url = u
	}
	err = p.store().Update(func(st *State) error {
		for i, f := range st.Feeds {
			if f.URL == url {
				st.Feeds = append(st.Feeds[:i], st.Feeds[i+1:]...)
				removed = true
				return nil
			}
		}
		return nil
	})
	return removed, err
}

// Changes counts the articles stored or merged in the data directory so
// far, by this process or another (a `dossier feeds poll` beside a
// server).
func (p *Poller) Changes() (int, error) {
	st, err := p.store().Read()
	if err != nil {
		return 0, err
	}
	return st.Changes, nil
}

// List returns the subscribed feeds, in the order they were added.
func (p *Poller) List() ([]Feed, error) {
	st, err := p.store().Read()
	if err != nil {
		return nil, err
	}
	out := make([]Feed, len(st.Feeds))
	for i, f := range st.Feeds {
		out[i] = *f
	}
	return out, nil
}
