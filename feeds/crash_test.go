package feeds

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKillDuringPollLosesNothing polls a feed of many items in a child
// process, kills it with SIGKILL once a random number of articles are on
// disk, then polls again: every stored file is whole, the state file is
// readable, and in the end every item is stored exactly once.
func TestKillDuringPollLosesNothing(t *testing.T) {
	if dir := os.Getenv("DOSSIER_FEEDS_CHILD"); dir != "" {
		p := &Poller{Dir: dir, AllowPrivate: true}
		p.Poll(context.Background(), true)
		os.Exit(0)
	}
	const items = 40
	var b strings.Builder
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/rss.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, rssDoc(b.String()))
			return
		}
		// Pages are slow enough that the child is killed in the middle.
		time.Sleep(5 * time.Millisecond)
		fmt.Fprintf(w, "<html><head><title>%s</title></head><body><article>%s</article></body></html>", r.URL.Path, uniqueStory(r.URL.Path))
	}))
	defer srv.Close()
	for i := 0; i < items; i++ {
		b.WriteString(rssItem(fmt.Sprint("g", i), fmt.Sprintf("Story %d", i), fmt.Sprintf("%s/story/%d", srv.URL, i), "Tue, 04 Jun 2019 10:00:00 GMT", "Short summary."))
	}
	p := newPoller(t)
	mustAdd(t, p, srv.URL+"/rss.xml")

	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringPollLosesNothing$")
	cmd.Env = append(os.Environ(), "DOSSIER_FEEDS_CHILD="+p.Dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A poll stores its articles when the feed's items are all read, so
	// the child is killed after the feed document was fetched and before
	// or while its articles are written.
	target := 1 + rand.IntN(items/2)
	deadline := time.Now().Add(2 * time.Minute)
	for countFiles(p) < target && time.Now().Before(deadline) {
		if cmd.ProcessState != nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()

	if _, err := p.store().Read(); err != nil {
		t.Fatalf("state after kill -9: %v", err)
	}
	loadArticles(t, p) // every stored file reads whole (no skips)
	before := countFiles(p)
	// A poll fetches at most maxPageFetches pages; polls go on until
	// nothing is new.
	for {
		res, err := p.Poll(context.Background(), true)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) == 0 || res[0].New == 0 {
			break
		}
	}
	arts := loadArticles(t, p)
	if len(arts) != items {
		t.Errorf("%d articles after the second poll (%d before it), want each of %d once", len(arts), before, items)
	}
	leftovers, _ := filepath.Glob(filepath.Join(ArticlesDir(p.Dir), "*", "*", ".*"))
	if len(leftovers) > 0 {
		t.Logf("temporary files of the killed poll: %v", leftovers)
	}
}

// uniqueStory is a page text of its own for each seed: different stories
// must not look like copies of one another.
func uniqueStory(seed string) string {
	words := []string{"harbour", "council", "ferry", "storm", "budget", "mayor", "quarry", "granite", "school", "bridge", "tram", "market", "festival", "court", "hospital", "river"}
	r := rand.New(rand.NewPCG(uint64(len(seed)), uint64(seed[len(seed)-1])*7919+uint64(seed[len(seed)-2])))
	var b strings.Builder
	for i := 0; i < 12; i++ {
		b.WriteString("<p>")
		for j := 0; j < 14; j++ {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString(" ")
		}
		b.WriteString("</p>")
	}
	return b.String()
}

func countFiles(p *Poller) int {
	files, _ := filepath.Glob(filepath.Join(ArticlesDir(p.Dir), "*", "*", "*.md"))
	return len(files)
}
