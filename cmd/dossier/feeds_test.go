package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// TestMain points DOSSIER_DATA at an empty directory, so the commands read
// the embedded seeds as on a fresh machine whatever the user's own data
// directory holds.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dossier-data-")
	if err != nil {
		panic(err)
	}
	os.Setenv("DOSSIER_DATA", dir)
	os.Setenv("DOSSIER_FEEDS_ALLOW_PRIVATE", "true") // the test feeds are on loopback
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// growingFeed serves an RSS feed whose items can be added while it runs.
type growingFeed struct {
	mu    sync.Mutex
	items []string
}

func (g *growingFeed) add(title, link, date, body string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.items = append(g.items, fmt.Sprintf(`<item><guid>%s</guid><title>%s</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>`, link, title, link, date, body))
}

func (g *growingFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Lenz Gazette</title>%s</channel></rss>`, strings.Join(g.items, ""))
}

func TestFeedsAddPollThenAskFromTheDataDirectory(t *testing.T) {
	t.Setenv("DOSSIER_DATA", t.TempDir())
	feed := &growingFeed{}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	body := strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry. ", 20)
	feed.add("Lenz harbour wall to be rebuilt", srv.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", body)

	// An empty data directory: the seeds answer.
	if code, out, _ := runCLI(t, "", "sources"); code != 0 || !strings.Contains(out, "Huawei") {
		t.Fatalf("sources before any feed: exit %d\n%s", code, out)
	}
	if code, out, errOut := runCLI(t, "", "feeds", "add", srv.URL+"/rss"); code != 0 || !strings.Contains(out, "added") {
		t.Fatalf("feeds add: exit %d %s %s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "feeds", "poll", "--once"); code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("feeds poll: exit %d %s %s", code, out, errOut)
	}
	code, out, errOut := runCLI(t, "", "ask", "What will the Lenz harbour wall be rebuilt with?")
	if code != 0 || !strings.Contains(out, "Orla quarry") {
		t.Fatalf("ask after a poll: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "", "feeds", "list"); code != 0 || !strings.Contains(out, "Lenz Gazette") || !strings.Contains(out, " ok") {
		t.Errorf("feeds list: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "", "sources"); code != 0 || strings.Contains(out, "Huawei") {
		t.Errorf("sources with a data directory still lists the seeds:\n%s", out)
	}
	if code, _, errOut := runCLI(t, "", "feeds", "remove", "https://never.example/rss"); code == 0 || !strings.Contains(errOut, "not subscribed") {
		t.Errorf("removing an unknown feed: exit %d %s", code, errOut)
	}
}
