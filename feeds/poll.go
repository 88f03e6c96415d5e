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
	"slices"
	"strings"
	"sync"
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
	// maxPageFetches bounds the article pages one poll of a feed fetches;
	// the rest keep their summaries.
	maxPageFetches = 20
	// futureSlack is how far ahead of now a publication date may be
	// before it is taken for a mistake.
	futureSlack = 24 * time.Hour
)

// Poller polls the feeds of a data directory and stores their new
// articles in it.
type Poller struct {
	// Dir is the data directory: feeds.json and articles/.
	Dir     string
	Fetcher *Fetcher // nil: one dialling public addresses only, unless AllowPrivate
	// AllowPrivate lets feeds and pages on loopback and private
	// addresses be fetched (DOSSIER_FEEDS_ALLOW_PRIVATE).
	AllowPrivate bool
	Logger       *slog.Logger
	Now          func() time.Time
	// State keeps the feed state; nil means the data directory's
	// feeds.json (Store). Replicas sharing a database share it there.
	State StateStore
	// Stored, when set, returns an article another replica stored, by
	// ID, from the index they share: a copy of a story the replica that
	// polled before this one stored still merges into it.
	Stored func(ctx context.Context, id string) (corpus.Article, bool, error)

	once sync.Once
	def  *Fetcher
}

// ArticlesDir is where the articles of data directory dir are stored; it
// is a corpus directory.
func ArticlesDir(dir string) string { return filepath.Join(dir, "articles") }

// StateFile is the feed state file of data directory dir.
func StateFile(dir string) string { return filepath.Join(dir, "feeds.json") }

// StateStore keeps the feed state: Store, the data directory's file, or
// a database that several replicas share.
type StateStore interface {
	// Read returns the state; none yet is an empty state.
	Read() (*State, error)
	// Update lets change modify the state and saves it, one Update at
	// a time; nothing is saved when change returns an error.
	Update(change func(*State) error) error
}

func (p *Poller) store() StateStore {
	if p.State != nil {
		return p.State
	}
	return Store{Path: StateFile(p.Dir)}
}

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
	p.once.Do(func() { p.def = &Fetcher{Now: p.Now, AllowPrivate: p.AllowPrivate} })
	return p.def
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
		out = append(out, p.pollFeed(ctx, f))
	}
	return out, nil
}

// pollFeed fetches one feed and stores its new items. A poll cut short by
// ctx stores nothing and counts as no failure: the next one starts over.
func (p *Poller) pollFeed(ctx context.Context, f0 *Feed) Result {
	feedURL, v := f0.URL, f0.Validators
	res := Result{Feed: feedURL}
	resp, err := p.fetcher().Get(ctx, feedURL, v, MaxFeedBytes, "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8")
	switch {
	case err != nil && ctx.Err() != nil:
		res.Err = ctx.Err()
		return res
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
	items, deferred := p.items(ctx, feedURL, feed, seenSet(f0.Seen))
	if err := ctx.Err(); err != nil {
		res.Err = err
		return res
	}
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
		failed := deferred
		for i := range items {
			it := &items[i]
			if it.article.DateFrom != "fetched" {
				published = append(published, it.article.Published)
			}
			if slices.Contains(f.Seen, it.key) {
				continue
			}
			merged, err := st.add(ArticlesDir(p.Dir), &it.article, p.restorer(ctx))
			if err != nil {
				p.log().Warn("article not stored; it is tried again next poll", "feed", feedURL, "url", it.article.URL, "err", err)
				failed = true
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
		if !failed {
			// With an item left to store (one that failed, or whose page
			// waits for the next poll's budget), the next poll must not
			// get a 304.
			f.Validators = resp.Validators
		}
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

// items turns the feed's new items (those whose key is not in seen) into
// articles, fetching the page of those that carry only a summary, at most
// maxPageFetches a poll: deferred reports items left for the next poll
// because the budget ran out. Items with no link and no text are skipped.
func (p *Poller) items(ctx context.Context, feedURL string, feed *gofeed.Feed, seen map[string]bool) (out []item, deferred bool) {
	pages := maxPageFetches
	for i, it := range feed.Items {
		if i == maxItemsPerPoll || ctx.Err() != nil {
			break
		}
		k := itemKey(feedURL, it)
		if seen[k] {
			continue
		}
		fetch := needsPage(it)
		if fetch && pages == 0 {
			deferred = true
			continue
		}
		if fetch {
			pages--
		}
		a, ok := p.article(ctx, feedURL, feed, it, fetch)
		if !ok || ctx.Err() != nil {
			continue
		}
		out = append(out, item{key: k, article: a})
	}
	return out, deferred
}

// needsPage reports whether an item carries too little text of its own,
// so that its page is fetched for the full article.
func needsPage(it *gofeed.Item) bool {
	return strings.TrimSpace(it.Link) != "" && len(strings.Fields(corpus.HTMLText(firstNonEmpty(it.Content, it.Description)))) < fullTextWords
}

// itemKey identifies an item within its feed, before anything is
// fetched: its GUID, else its canonical link, else its title.
func itemKey(feedURL string, it *gofeed.Item) string {
	if g := strings.TrimSpace(it.GUID); g != "" {
		return key(g)
	}
	if c, ok := Canonical(resolve(feedURL, it.Link)); ok {
		return key(c)
	}
	return key("title\n" + it.Title)
}

func seenSet(seen []string) map[string]bool {
	set := make(map[string]bool, len(seen))
	for _, s := range seen {
		set[s] = true
	}
	return set
}

// article builds the article of one item, fetching its page when fetch
// is set (the item carries only a summary).
func (p *Poller) article(ctx context.Context, feedURL string, feed *gofeed.Feed, it *gofeed.Item, fetch bool) (Article, bool) {
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
	case p.plausible(it.PublishedParsed):
		a.Published, a.DateFrom = it.PublishedParsed.UTC(), "feed"
	case p.plausible(it.UpdatedParsed):
		a.Published, a.DateFrom = it.UpdatedParsed.UTC(), "feed"
	}
	if fetch && link != "" {
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
	if a.Published.IsZero() && p.plausible(&page.Published) {
		a.Published, a.DateFrom = page.Published.UTC(), "page"
	}
	// A page may name its canonical URL and site, but only on its own
	// host: any page could claim another site's address and name.
	if c := resolve(resp.FinalURL, page.URL); c != "" && sameHost(c, resp.FinalURL) {
		a.URL = c
		if page.Source != "" {
			a.Source = page.Source
		}
	} else if resp.FinalURL != "" {
		a.URL = resp.FinalURL
	}
	if a.Title == "" {
		a.Title = page.Title
	}
}

// plausible reports whether t is a publication date to believe: set, and
// not more than futureSlack ahead of now.
func (p *Poller) plausible(t *time.Time) bool {
	return t != nil && !t.IsZero() && !t.After(p.now().Add(futureSlack))
}

// sameHost reports whether two URLs have the same host, "www." aside.
func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.TrimPrefix(strings.ToLower(ua.Hostname()), "www.") == strings.TrimPrefix(strings.ToLower(ub.Hostname()), "www.")
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

// appendBounded appends s, dropping the oldest beyond limit.
func appendBounded(ss []string, s string, limit int) []string {
	ss = append(ss, s)
	if len(ss) > limit {
		ss = ss[len(ss)-limit:]
	}
	return ss
}

// restorer returns what writes an article another replica stored into
// this data directory, or nil without Poller.Stored.
func (p *Poller) restorer(ctx context.Context) func(id, path string) (bool, error) {
	if p.Stored == nil {
		return nil
	}
	return func(id, path string) (bool, error) {
		a, ok, err := p.Stored(ctx, id)
		if err != nil || !ok {
			return false, err
		}
		return true, restoreArticle(path, a)
	}
}
