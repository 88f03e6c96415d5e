package feeds

import (
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
)

// story is long enough that its page is never fetched.
var story = strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall that the storm destroyed. ", 20)

func rssDoc(items ...string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Lenz Gazette</title><link>https://gazette.example/</link><ttl>90</ttl>` +
		strings.Join(items, "") + `</channel></rss>`
}

func rssItem(guid, title, link, date, body string) string {
	d := ""
	if date != "" {
		d = "<pubDate>" + date + "</pubDate>"
	}
	return fmt.Sprintf(`<item><guid>%s</guid><title>%s</title><link>%s</link>%s<description><![CDATA[%s]]></description></item>`, guid, title, link, d, body)
}

// feedServer serves feeds and pages from a map, with ETags, gzip and
// counters.
type feedServer struct {
	*httptest.Server
	mu       sync.Mutex
	docs     map[string]string // path -> body
	types    map[string]string // path -> content type
	status   map[string]int    // path -> forced status
	hits     map[string]int
	notMod   atomic.Int32
	gzipped  atomic.Int32
	lastUA   atomic.Value
	retryHdr string
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{docs: map[string]string{}, types: map[string]string{}, status: map[string]int{}, hits: map[string]int{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) set(path, ctype, body string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.docs[path], fs.types[path] = body, ctype
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	body, ok := fs.docs[r.URL.Path]
	ctype, status := fs.types[r.URL.Path], fs.status[r.URL.Path]
	fs.hits[r.URL.Path]++
	fs.mu.Unlock()
	fs.lastUA.Store(r.Header.Get("User-Agent"))
	if status != 0 {
		if fs.retryHdr != "" {
			w.Header().Set("Retry-After", fs.retryHdr)
		}
		w.WriteHeader(status)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x"`, len(body)*31+int(body[len(body)/2]))
	if r.Header.Get("If-None-Match") == etag {
		fs.notMod.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", ctype)
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		fs.gzipped.Add(1)
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		gz.Write([]byte(body))
		gz.Close()
		return
	}
	w.Write([]byte(body))
}

// newPoller polls into a fresh data directory; the test servers are on
// loopback, which a poller refuses unless allowed.
func newPoller(t *testing.T) *Poller {
	return &Poller{Dir: t.TempDir(), AllowPrivate: true}
}

func mustAdd(t *testing.T, p *Poller, url string) {
	t.Helper()
	if _, _, err := p.Add(url); err != nil {
		t.Fatal(err)
	}
}

// loadArticles reads the data directory as the corpus loader does.
func loadArticles(t *testing.T, p *Poller) []corpus.Article {
	t.Helper()
	res, err := corpus.Load(context.Background(), ArticlesDir(p.Dir), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) > 0 {
		t.Errorf("the loader skipped stored files: %+v", res.Skipped)
	}
	return res.Articles
}

func TestPollStoresArticlesTheLoaderReads(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/rss.xml", "application/rss+xml", rssDoc(
		rssItem("g1", "Harbour wall to be rebuilt", fs.URL+"/a/1?utm_source=rss", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	fs.set("/atom.xml", "application/atom+xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Post</title>
<entry><id>urn:1</id><title>Ferry service resumes</title><link href="`+fs.URL+`/b/1"/><updated>2019-06-05T08:00:00Z</updated><content type="html">`+strings.Repeat("The ferry to Orla sails again after the harbour reopened on Wednesday morning. ", 20)+`</content></entry></feed>`)
	fs.set("/feed.json", "application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"JSON Times","items":[{"id":"j1","url":"`+fs.URL+`/c/1","title":"Mayor resigns","date_published":"2019-06-06T09:00:00Z","content_text":"`+strings.Repeat("The mayor of Lenz resigned on Thursday after the vote on the harbour budget failed. ", 20)+`"}]}`)
	p := newPoller(t)
	for _, path := range []string{"/rss.xml", "/atom.xml", "/feed.json"} {
		mustAdd(t, p, fs.URL+path)
	}
	res, err := p.Poll(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil || r.New != 1 {
			t.Errorf("%s: %+v, want one new article", r.Feed, r)
		}
	}
	arts := loadArticles(t, p)
	if len(arts) != 3 {
		t.Fatalf("loader read %d articles, want 3", len(arts))
	}
	byTitle := map[string]corpus.Article{}
	for _, a := range arts {
		byTitle[a.Title] = a
	}
	h := byTitle["Harbour wall to be rebuilt"]
	if h.URL != fs.URL+"/a/1" || h.Source != "Lenz Gazette" || !h.Published.Equal(time.Date(2019, 6, 4, 10, 0, 0, 0, time.UTC)) || !strings.Contains(h.Text, "harbour wall") {
		t.Errorf("RSS article = %+v (the tracking parameter must be gone)", h)
	}
	if a := byTitle["Ferry service resumes"]; a.Source != "Atom Post" || !strings.Contains(a.Text, "ferry to Orla") {
		t.Errorf("Atom article = %+v", a)
	}
	if a := byTitle["Mayor resigns"]; a.Source != "JSON Times" || a.Published.Day() != 6 {
		t.Errorf("JSON Feed article = %+v", a)
	}
	if ua, _ := fs.lastUA.Load().(string); !strings.HasPrefix(ua, "dossier/") {
		t.Errorf("User-Agent %q", ua)
	}
	if fs.gzipped.Load() == 0 {
		t.Error("no response was gzipped: the fetcher does not ask for gzip")
	}
}

func TestPollIsConditionalAndRespectsTheFeed(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/rss.xml", "application/rss+xml", rssDoc(rssItem("g1", "Harbour wall to be rebuilt", fs.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	now := time.Date(2019, 6, 4, 12, 0, 0, 0, time.UTC)
	p := newPoller(t)
	p.Now = func() time.Time { return now }
	mustAdd(t, p, fs.URL+"/rss.xml")
	ctx := context.Background()
	if _, err := p.Poll(ctx, false); err != nil {
		t.Fatal(err)
	}
	// Not due again until the feed's ttl (90 minutes) has passed.
	now = now.Add(30 * time.Minute)
	if res, _ := p.Poll(ctx, false); len(res) != 0 {
		t.Errorf("polled again after 30 minutes against a 90-minute ttl: %+v", res)
	}
	now = now.Add(61 * time.Minute)
	res, _ := p.Poll(ctx, false)
	if len(res) != 1 || !res[0].NotModified || fs.notMod.Load() != 1 {
		t.Fatalf("second poll %+v, 304s %d: want a conditional GET answered 304", res, fs.notMod.Load())
	}
	if arts := loadArticles(t, p); len(arts) != 1 {
		t.Errorf("%d articles after a 304, want 1", len(arts))
	}
}

func TestPollBacksOffAFailingFeedAndSaysWhy(t *testing.T) {
	fs := newFeedServer(t)
	fs.status["/down.xml"] = http.StatusServiceUnavailable
	fs.retryHdr = "7200"
	fs.set("/html.xml", "text/html", "<html><body><h1>Oops</h1><p>Something went wrong.</p></body></html>")
	fs.set("/cut.xml", "application/rss+xml", rssDoc(rssItem("g1", "Harbour wall", fs.URL+"/a/1", "", story))[:200])
	fs.set("/ok.xml", "application/rss+xml", rssDoc(rssItem("g1", "Harbour wall to be rebuilt", fs.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	now := time.Date(2019, 6, 4, 12, 0, 0, 0, time.UTC)
	p := newPoller(t)
	p.Now = func() time.Time { return now }
	for _, path := range []string{"/down.xml", "/html.xml", "/cut.xml", "/ok.xml"} {
		mustAdd(t, p, fs.URL+path)
	}
	res, err := p.Poll(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 || res[3].Err != nil || res[3].New != 1 {
		t.Fatalf("results %+v: the good feed must be polled whatever the others do", res)
	}
	feeds, _ := p.List()
	want := []string{"HTTP 503", "not a feed (the server sent text/html)", "malformed feed"}
	for i, w := range want {
		if !strings.HasPrefix(feeds[i].LastError, w) || feeds[i].Failures != 1 {
			t.Errorf("%s: failures %d, last error %q, want %q", feeds[i].URL, feeds[i].Failures, feeds[i].LastError, w)
		}
	}
	if got := feeds[0].NextPoll.Sub(now); got < 2*time.Hour {
		t.Errorf("503 with Retry-After: 7200 retried after %s, want at least 2h", got)
	}
	// Failing again, a feed waits longer each time and is marked failing.
	for i := 0; i < 2; i++ {
		now = now.Add(MaxBackoff)
		p.Poll(context.Background(), false)
	}
	feeds, _ = p.List()
	if !feeds[1].Failing() || feeds[1].NextPoll.Sub(now) <= 2*DefaultInterval {
		t.Errorf("after 3 failures: failing %v, next poll in %s", feeds[1].Failing(), feeds[1].NextPoll.Sub(now))
	}
}

func TestSyndicatedCopiesAreMerged(t *testing.T) {
	fs := newFeedServer(t)
	copyText := "By a staff writer. " + story
	fs.set("/one.xml", "application/rss+xml", rssDoc(rssItem("one-1", "Harbour wall to be rebuilt", fs.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	fs.set("/two.xml", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Wire</title>`+
		rssItem("two-9", "Harbour wall to be rebuilt", "https://wire.example/harbour?fbclid=xyz", "Tue, 04 Jun 2019 14:00:00 GMT", copyText)+
		rssItem("two-10", "Harbour wall to be rebuilt", fs.URL+"/a/1?utm_campaign=x", "Tue, 04 Jun 2019 15:00:00 GMT", story)+`</channel></rss>`)
	p := newPoller(t)
	mustAdd(t, p, fs.URL+"/one.xml")
	mustAdd(t, p, fs.URL+"/two.xml")
	res, err := p.Poll(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].New != 1 || res[1].New != 0 || res[1].Merged != 2 {
		t.Errorf("results %+v: want one article, the second feed's two copies merged", res)
	}
	arts := loadArticles(t, p)
	if len(arts) != 1 {
		t.Fatalf("%d articles, want 1", len(arts))
	}
	if a := arts[0]; len(a.AlsoIn) != 1 || a.AlsoIn[0] != (corpus.Copy{Source: "Coast Wire", URL: "https://wire.example/harbour", Feed: fs.URL + "/two.xml"}) || a.Feed != fs.URL+"/one.xml" {
		t.Errorf("the loaded article's feed %q, also in %v: want its feed and the other source", a.Feed, a.AlsoIn)
	}
	files, _ := filepath.Glob(filepath.Join(ArticlesDir(p.Dir), "*", "*", "*.md"))
	stored, err := readArticle(files[0])
	if err != nil {
		t.Fatal(err)
	}
	// The second feed is recorded once, with the wire copy's canonical URL.
	if len(stored.AlsoIn) != 1 || stored.AlsoIn[0].URL != "https://wire.example/harbour" || stored.AlsoIn[0].Source != "Coast Wire" {
		t.Errorf("also in = %+v, want the wire copy (canonical URL) from the second feed", stored.AlsoIn)
	}
}

func TestSummaryItemsGetTheirPage(t *testing.T) {
	fs := newFeedServer(t)
	page := `<html><head><title>Harbour wall to be rebuilt | Gazette</title><link rel="canonical" href="/harbour">
<meta property="article:published_time" content="2019-06-04T09:00:00Z"></head><body><nav>Home | News</nav><article><h1>Harbour wall to be rebuilt</h1>` +
		strings.Repeat("<p>The council of Lenz voted on Tuesday to rebuild the harbour wall that the storm destroyed last winter, at a cost of four million euros.</p>", 8) +
		`</article><footer>Copyright</footer></body></html>`
	fs.set("/story/1", "text/html", page)
	fs.set("/story/empty", "text/html", "<html><body></body></html>")
	fs.set("/rss.xml", "application/rss+xml", rssDoc(
		rssItem("s1", "Harbour wall to be rebuilt", fs.URL+"/story/1", "", "The council votes on the wall."),
		rssItem("s2", "Ferry back", fs.URL+"/story/empty", "", "The ferry to Orla sails again.")))
	now := time.Date(2019, 6, 5, 12, 0, 0, 0, time.UTC)
	p := newPoller(t)
	p.Now = func() time.Time { return now }
	mustAdd(t, p, fs.URL+"/rss.xml")
	if _, err := p.Poll(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]corpus.Article{}
	for _, a := range loadArticles(t, p) {
		byTitle[a.Title] = a
	}
	full := byTitle["Harbour wall to be rebuilt"]
	if !strings.Contains(full.Text, "four million euros") || full.URL != fs.URL+"/harbour" || full.Published.Day() != 4 {
		t.Errorf("summary item = %+v, want the page's text, canonical URL and date", full)
	}
	empty := byTitle["Ferry back"]
	if empty.Text != "The ferry to Orla sails again." || !empty.Published.Equal(now) {
		t.Errorf("item with an empty page = %+v, want the summary kept, dated when fetched", empty)
	}
	files, _ := filepath.Glob(filepath.Join(ArticlesDir(p.Dir), "*", "*", "*ferry*.md"))
	if len(files) != 1 {
		t.Fatalf("ferry files %v", files)
	}
	if b, _ := os.ReadFile(files[0]); !strings.Contains(string(b), "date_from: fetched") {
		t.Errorf("an undated item is not marked as dated by its fetch:\n%s", b)
	}
}

func TestFetchCapsTheBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("x", 1<<16))
		for i := 0; i < 1<<10; i++ { // 64 MB, or until the client hangs up
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	_, err := (&Fetcher{AllowPrivate: true}).Get(context.Background(), srv.URL, Validators{}, 1<<20, "")
	if err == nil || !strings.Contains(err.Error(), "larger than the limit") {
		t.Errorf("err = %v, want the size cap", err)
	}
}

// Item links come from outsiders: without AllowPrivate nothing on
// loopback or a private network is fetched, redirects included.
func TestPollRefusesPrivateAddresses(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/rss.xml", "application/rss+xml", rssDoc(rssItem("g1", "Harbour wall", fs.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	p := &Poller{Dir: t.TempDir()}
	mustAdd(t, p, fs.URL+"/rss.xml")
	res, err := p.Poll(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "not a public address") || fs.hits["/rss.xml"] != 0 {
		t.Errorf("a loopback feed was fetched: %+v, hits %d", res, fs.hits["/rss.xml"])
	}
	for _, addr := range []string{"127.0.0.1:80", "10.1.2.3:443", "169.254.169.254:80", "[::1]:80", "100.64.0.1:80", "192.168.1.1:80"} {
		if err := publicOnly("tcp", addr, nil); err == nil {
			t.Errorf("%s is dialled", addr)
		}
	}
	if err := publicOnly("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("a public address is refused: %v", err)
	}
}

// A poll fetches the pages of new items only, and a page may not claim
// another site's canonical URL or name.
func TestPollFetchesOnlyNewItemsPagesAndDistrustsForeignCanonicals(t *testing.T) {
	fs := newFeedServer(t)
	page := `<html><head><title>A story</title><link rel="canonical" href="https://www.reuters.com/world/real-story"><meta property="og:site_name" content="Reuters"></head><body><article>` +
		strings.Repeat("<p>The council of Lenz voted on Tuesday to rebuild the harbour wall that the storm destroyed last winter.</p>", 8) + `</article></body></html>`
	fs.set("/story/1", "text/html", page)
	fs.set("/story/2", "text/html", strings.Replace(page, "harbour wall", "north pier", -1))
	item1 := rssItem("s1", "Harbour wall to be rebuilt", fs.URL+"/story/1", "Tue, 04 Jun 2019 10:00:00 GMT", "Short.")
	fs.set("/rss.xml", "application/rss+xml", rssDoc(item1))
	now := time.Date(2019, 6, 4, 12, 0, 0, 0, time.UTC)
	p := newPoller(t)
	p.Now = func() time.Time { return now }
	mustAdd(t, p, fs.URL+"/rss.xml")
	if _, err := p.Poll(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	fs.set("/rss.xml", "application/rss+xml", rssDoc(item1, rssItem("s2", "Pier too", fs.URL+"/story/2", "Tue, 04 Jun 2019 11:00:00 GMT", "Short.")))
	if _, err := p.Poll(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	if fs.hits["/story/1"] != 1 || fs.hits["/story/2"] != 1 {
		t.Errorf("page fetches: story 1 %d, story 2 %d; want each once", fs.hits["/story/1"], fs.hits["/story/2"])
	}
	for _, a := range loadArticles(t, p) {
		if strings.Contains(a.URL, "reuters") || a.Source == "Reuters" {
			t.Errorf("a page on %s took another site's address or name: %q, %q", fs.URL, a.URL, a.Source)
		}
	}
}

// A poll cut short stores nothing and keeps the old validators, so the
// next poll sees every item; it counts as no failure.
func TestCancelledPollLosesNoItem(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/rss.xml", "application/rss+xml", rssDoc(rssItem("g1", "Harbour wall to be rebuilt", fs.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	p := newPoller(t)
	mustAdd(t, p, fs.URL+"/rss.xml")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.Poll(ctx, true)
	feeds, _ := p.List()
	if feeds[0].Failures != 0 || feeds[0].ETag != "" {
		t.Errorf("a cancelled poll counted: %+v", feeds[0])
	}
	res, err := p.Poll(context.Background(), true)
	if err != nil || len(res) != 1 || res[0].New != 1 {
		t.Errorf("after a cancelled poll: %+v, %v", res, err)
	}
}

// One feed's items are different stories, however alike their teasers.
func TestSameFeedTeasersAreNotMerged(t *testing.T) {
	fs := newFeedServer(t)
	teaser := strings.Repeat("Subscribe to read the full story from the Lenz Gazette newsroom today. ", 12)
	fs.set("/rss.xml", "application/rss+xml", rssDoc(
		rssItem("g1", "Harbour wall to be rebuilt", "https://gazette.example/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", teaser),
		rssItem("g2", "Mayor resigns", "https://gazette.example/a/2", "Tue, 04 Jun 2019 11:00:00 GMT", teaser)))
	p := newPoller(t)
	mustAdd(t, p, fs.URL+"/rss.xml")
	res, err := p.Poll(context.Background(), true)
	if err != nil || len(res) != 1 || res[0].New != 2 || res[0].Merged != 0 {
		t.Errorf("two stories of one feed: %+v, %v", res, err)
	}
}
