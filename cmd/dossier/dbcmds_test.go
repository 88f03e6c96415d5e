package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// A corpus loaded into the database with dossier index answers through
// dossier ask, comes back out as files with dossier export, and those
// files load into another database as the same articles.
func TestIndexAskExportThroughTheDatabase(t *testing.T) {
	srv := pgtest.Full(t)
	t.Setenv("DOSSIER_DATA", t.TempDir())
	corpus := filepath.Join(t.TempDir(), "articles.jsonl")
	lines := `{"id": "lenz-1", "title": "Lenz harbour wall to be rebuilt", "published": "2019-06-04", "url": "https://news.example/lenz-1", "source": "Lenz Gazette", "text": "The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry."}
{"id": "lenz-2", "title": "Lenz ferry returns", "published": "2019-06-05", "url": "https://news.example/lenz-2", "text": "The ferry between Lenz and the island of Varn sails again from the rebuilt north pier."}
`
	if err := os.WriteFile(corpus, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	first := pgtest.Fresh(t, srv)
	if code, out, errOut := runCLI(t, "", "migrate", "--database-url", first); code != 0 || !strings.Contains(out, "schema at version") {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "index", "--corpus", corpus, "--database-url", first); code != 0 || !strings.Contains(out, "2 articles") {
		t.Fatalf("index: exit %d\n%s%s", code, out, errOut)
	}
	// No --corpus: the answer comes from the database, not the seeds.
	code, out, errOut := runCLI(t, "", "ask", "--database-url", first, "Where does the Lenz ferry sail from?")
	if code != 0 || !strings.Contains(out, "north pier") {
		t.Fatalf("ask: exit %d\n%s%s", code, out, errOut)
	}
	dir := t.TempDir()
	if code, out, errOut := runCLI(t, "", "export", "--database-url", first, "--out", dir); code != 0 || !strings.Contains(out, "exported 2 articles") {
		t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
	}
	second := pgtest.Fresh(t, srv)
	if code, out, errOut := runCLI(t, "", "index", "--corpus", dir, "--database-url", second); code != 0 || !strings.Contains(out, "2 articles") {
		t.Fatalf("index of the export: exit %d\n%s%s", code, out, errOut)
	}
	_, a, _ := runCLI(t, "", "sources", "--database-url", first, "--json")
	_, b, _ := runCLI(t, "", "sources", "--database-url", second, "--json")
	for _, want := range []string{"lenz-1", "Lenz ferry returns", "https://news.example/lenz-1", "Lenz Gazette", "2019-06-05"} {
		if !strings.Contains(a, want) || !strings.Contains(b, want) {
			t.Errorf("%q is not in both databases' sources:\n%s\n%s", want, a, b)
		}
	}
}

// With DOSSIER_DATABASE_URL, dossier feeds manages the feeds every
// replica shares, and a poll's articles reach the shared index: another
// machine (another data directory) lists the feed and answers from them.
func TestFeedsCommandsUseTheSharedState(t *testing.T) {
	t.Setenv("DOSSIER_DATABASE_URL", pgtest.Fresh(t, pgtest.Full(t)))
	t.Setenv("DOSSIER_FEEDS_ALLOW_PRIVATE", "true")
	t.Setenv("DOSSIER_DATA", t.TempDir())
	feed := &growingFeed{}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	feed.add("Lenz harbour wall to be rebuilt", srv.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT",
		strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry. ", 20))
	if code, out, errOut := runCLI(t, "", "feeds", "add", srv.URL+"/rss"); code != 0 || !strings.Contains(out, "added") {
		t.Fatalf("feeds add: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "feeds", "poll", "--once"); code != 0 {
		t.Fatalf("feeds poll: exit %d\n%s%s", code, out, errOut)
	}
	t.Setenv("DOSSIER_DATA", t.TempDir()) // another replica's machine
	if code, out, errOut := runCLI(t, "", "feeds", "list"); code != 0 || !strings.Contains(out, srv.URL+"/rss") {
		t.Fatalf("feeds list elsewhere: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "ask", "What will the Lenz harbour wall be rebuilt with?"); code != 0 || !strings.Contains(out, "Orla quarry") {
		t.Fatalf("ask elsewhere: exit %d\n%s%s", code, out, errOut)
	}
}
