package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"

	"github.com/dossier-bot/dossier/retrieval/corpus"
)

// Poll limits.
const (
	// maxItemsPerPoll bounds the items read from one feed document.
	maxItemsPerPoll = 200
	// fullTextWords: an item whose own text is shorter has its page
	// fetched for the full article.
	fullTextWords = 150
	// sameStoryWindow is how far apart two copies of a story may be
	// published and still be merged.
	sameStoryWindow = 72 * time.Hour
)

// Poller polls the feeds of a data directory and stores their new
// articles in it.
type Poller struct {
	// Dir is the data directory: feeds.json and articles/.
	Dir     string
	Fetcher *Fetcher
	Logger  *slog.Logger
	Now     func() time.Time
}

// ArticlesDir is where the articles of data directory dir are stored; it
// is a corpus directory.
func ArticlesDir(dir string) string { return filepath.Join(dir, "articles") }

// StateFile is the feed state file of data directory dir.
func StateFile(dir string) string { return filepath.Join(dir, "feeds.json") }

func (p *Poller) store() Store { return Store{Path: StateFile(p.Dir)} }

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (p *Poller) fetcher() *Fetcher {
	if p.Fetcher != nil {
		return p.Fetcher
	}
	return &Fetcher{Now: p.Now}
}

// Result is what one feed's poll did.
type Result struct {
	Feed        string
	New         int // articles stored
	Merged      int // copies of stories already stored, recorded as other sources
	NotModified bool
	Err         error
}

// Poll polls every feed that is due (every feed when all is set), one
// after the other, and returns what each did. One feed's failure never
// stops the others; it is recorded in the state and in its Result.
func (p *Poller) Poll(ctx context.Context, all bool) ([]Result, error) {
	st, err := p.store().Read()
	if err != nil {
		return nil, err
	}
	now := p.now()
	var out []Result
	for _, f := range st.Feeds {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		if !all && !f.Due(now) {
			continue
		}
		out = append(out, p.pollFeed(ctx, f.URL, f.Validators))
	}
	return out, nil
}

// pollFeed fetches one feed and stores its new items.
func (p *Poller) pollFeed(ctx context.Context, feedURL string, v Validators) Result {
	res := Result{Feed: feedURL}
	resp, err := p.fetcher().Get(ctx, feedURL, v, MaxFeedBytes, "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8")
	switch {
	case err != nil:
		return p.fail(res, err.Error(), 0)
	case resp.NotModified:
		res.NotModified = true
		return p.record(res, func(f *Feed) { f.succeeded(p.now()) })
	case resp.Status != http.StatusOK:
		return p.fail(res, fmt.Sprintf("HTTP %d", resp.Status), resp.RetryAfter)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		return p.fail(res, notAFeed(err, resp.ContentType), 0)
	}
	items := p.items(ctx, feedURL, feed)
	asked := max(resp.MaxAge, rssTTL(feed, resp.Body))
	if err := p.store().Update(func(st *State) error {
		f := st.Find(feedURL)
		if f == nil {
			return errFeedRemoved
		}
		if f.Title == "" {
			f.Title = strings.TrimSpace(feed.Title)
		}
		var published []time.Time
		for i := range items {
			it := &items[i]
			if it.article.DateFrom != "fetched" {
				published = append(published, it.article.Published)
			}
			if containsString(f.Seen, it.key) {
				continue
			}
			merged, err := st.add(ArticlesDir(p.Dir), &it.article)
			if err != nil {
				p.log().Warn("article not stored", "feed", feedURL, "url", it.article.URL, "err", err)
				continue
			}
			f.Seen = appendBounded(f.Seen, it.key, maxSeen)
			if merged {
				res.Merged++
			} else {
				res.New++
				f.Items++
			}
		}
		f.Validators = resp.Validators
		f.learnInterval(published, asked)
		f.succeeded(p.now())
		return nil
	}); err != nil && !errors.Is(err, errFeedRemoved) {
		res.Err = err
	}
	return res
}

// errFeedRemoved: the feed was removed while it was being polled.
var errFeedRemoved = errors.New("feed removed during the poll")

// fail records a failed poll, logging it when the reason is new.
func (p *Poller) fail(res Result, reason string, retryAfter time.Duration) Result {
	res.Err = errors.New(reason)
	return p.record(res, func(f *Feed) {
		if f.LastError != reason {
			p.log().Warn("feed poll failed", "feed", f.URL, "reason", reason)
		}
		f.failed(p.now(), reason, retryAfter)
	})
}

// record applies change to the feed's state.
func (p *Poller) record(res Result, change func(*Feed)) Result {
	if err := p.store().Update(func(st *State) error {
		if f := st.Find(res.Feed); f != nil {
			change(f)
		}
		return nil
	}); err != nil && res.Err == nil {
		res.Err = err
	}
	return res
}

// notAFeed explains a document gofeed could not read.
func notAFeed(err error, contentType string) string {
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		if contentType != "" {
			return fmt.Sprintf("not a feed (the server sent %s)", contentType)
		}
		return "not a feed"
	}
	return "malformed feed: " + err.Error()
}

// rssTTL is an RSS feed's <ttl>, 0 for other feeds or without one.
func rssTTL(feed *gofeed.Feed, body []byte) time.Duration {
	if feed.FeedType != "rss" {
		return 0
	}
	rf, err := (&rss.Parser{}).Parse(bytes.NewReader(body))
	if err != nil || rf.TTL == "" {
		return 0
	}
	var minutes int
	if _, err := fmt.Sscanf(strings.TrimSpace(rf.TTL), "%d", &minutes); err != nil || minutes <= 0 {
		return 0
	}
	return time.Duration(minutes) * time.Minute
}

// item is one feed item turned into an article, with the key that
// identifies it in its feed.
type item struct {
	key     string
	article Article
}

// items turns the feed's items into articles, fetching the page of those
// that carry only a summary. Items with no link and no text are skipped.
func (p *Poller) items(ctx context.Context, feedURL string, feed *gofeed.Feed) []item {
	var out []item
	for i, it := range feed.Items {
		if i == maxItemsPerPoll || ctx.Err() != nil {
			break
		}
		a, ok := p.article(ctx, feedURL, feed, it)
		if !ok {
			continue
		}
		k := it.GUID
		if k == "" {
			k = a.URL
		}
		out = append(out, item{key: key(k), article: a})
	}
	return out
}

// article builds the article of one item.
func (p *Poller) article(ctx context.Context, feedURL string, feed *gofeed.Feed, it *gofeed.Item) (Article, bool) {
	link := resolve(feedURL, it.Link)
	a := Article{
		Title:  strings.TrimSpace(corpus.HTMLText(it.Title)),
		URL:    link,
		Source: strings.TrimSpace(feed.Title),
		Feed:   feedURL,
		Text:   corpus.HTMLText(firstNonEmpty(it.Content, it.Description)),
	}
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		a.Author = strings.TrimSpace(it.Authors[0].Name)
	}
	switch {
	case it.PublishedParsed != nil:
		a.Published, a.DateFrom = it.PublishedParsed.UTC(), "feed"
	case it.UpdatedParsed != nil:
		a.Published, a.DateFrom = it.UpdatedParsed.UTC(), "feed"
	}
	if link != "" && len(strings.Fields(a.Text)) < fullTextWords {
		p.fillFromPage(ctx, &a)
	}
	if a.Published.IsZero() {
		a.Published, a.DateFrom = p.now().UTC(), "fetched"
	}
	if a.Title == "" || strings.TrimSpace(a.Text) == "" {
		p.log().Info("feed item skipped: no title or no text", "feed", feedURL, "url", link)
		return Article{}, false
	}
	canon, ok := Canonical(a.URL)
	if !ok {
		canon = a.URL
		if canon == "" {
			canon = it.GUID + "\n" + a.Title
		}
	}
	a.URL = canon
	a.ID = key(canon)
	return a, true
}

// fillFromPage fetches the article's page and takes its main text, date,
// canonical URL and site name when they say more than the item did.
func (p *Poller) fillFromPage(ctx context.Context, a *Article) {
	resp, err := p.fetcher().Get(ctx, a.URL, Validators{}, MaxPageBytes, "text/html, application/xhtml+xml")
	if err != nil || resp.Status != http.StatusOK {
		reason := "HTTP error"
		if err != nil {
			reason = err.Error()
		} else {
			reason = fmt.Sprintf("HTTP %d", resp.Status)
		}
		p.log().Info("article page not fetched; keeping the feed's summary", "feed", a.Feed, "url", a.URL, "reason", reason)
		return
	}
	page, err := corpus.ParseHTML(string(resp.Body))
	if err != nil {
		p.log().Info("article page unreadable; keeping the feed's summary", "feed", a.Feed, "url", a.URL, "err", err)
		return
	}
	if len(strings.Fields(page.Text)) > len(strings.Fields(a.Text)) {
		a.Text = page.Text
	} else {
		p.log().Info("article page has no main text; keeping the feed's summary", "feed", a.Feed, "url", a.URL)
	}
	if a.Published.IsZero() && !page.Published.IsZero() {
		a.Published, a.DateFrom = page.Published.UTC(), "page"
	}
	if c := resolve(resp.FinalURL, page.URL); c != "" {
		a.URL = c
	} else if resp.FinalURL != "" {
		a.URL = resp.FinalURL
	}
	if page.Source != "" {
		a.Source = page.Source
	}
	if a.Title == "" {
		a.Title = page.Title
	}
}

// resolve makes ref absolute against base; "" when it is not an http(s)
// URL.
func resolve(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	r, err := b.Parse(ref)
	if err != nil || (r.Scheme != "http" && r.Scheme != "https") {
		return ""
	}
	return r.String()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// appendBounded appends s, dropping the oldest beyond limit.
func appendBounded(ss []string, s string, limit int) []string {
	ss = append(ss, s)
	if len(ss) > limit {
		ss = ss[len(ss)-limit:]
	}
	return ss
}
