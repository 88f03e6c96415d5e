package retrieval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// piece is a small Markdown article, as the feeds write them.
type piece struct {
	name string // file name
	id   string
	text string
	date time.Time
}

func (p piece) file() string {
	return fmt.Sprintf("---\nid: %s\ntitle: %s\npublished: %s\nurl: https://example.com/%s\nsource: Seeds\n---\n\n%s\n",
		p.id, "Huawei story "+p.id, p.date.Format(time.RFC3339), p.id, p.text)
}

// seedPieces cuts the seed articles into articles of three paragraphs
// each, a day apart, named by date so the corpus reads them in date order.
func seedPieces(t *testing.T) []piece {
	t.Helper()
	res, err := corpus.LoadSeeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []piece
	day := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range res.Articles {
		var paras []string
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		for i := 0; i < len(paras); i += 3 {
			d := day.AddDate(0, 0, 2*len(out)) // gaps to add articles between
			id := fmt.Sprintf("piece-%02d", len(out))
			out = append(out, piece{name: d.Format("2006-01-02-") + id + ".md", id: id, date: d,
				text: strings.Join(paras[i:min(i+3, len(paras))], "\n\n")})
		}
	}
	if len(out) < 14 {
		t.Fatalf("only %d pieces of the seeds", len(out))
	}
	return out
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func removeFile(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

// logBuffer is a concurrency-safe log sink for assertions on log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

var refreshQuestions = []string{
	"Would Huawei sign a no-spy agreement?",
	"What did the Commerce Department add Huawei to?",
	"Where is Meng Wanzhou under house arrest?",
	"What would Ren Zhengfei welcome from President Biden?",
	"Who is the chairman of Huawei?",
	"What was Huawei's revenue for 2019?",
	"Why is Huawei at the heart of the trade war?",
	"What happened to the 5G networks in Europe?",
}

// sameAnswers fails unless the engines answer every question alike and
// their BM25 indexes return the same hits, and unless inc's index would
// be loaded for the corpus full was built from.
func sameAnswers(t *testing.T, step string, inc, full *Engine) {
	t.Helper()
	ctx := context.Background()
	for _, q := range refreshQuestions {
		for _, opts := range []AskOptions{{}, {K: 5, Retriever: "bm25"}} {
			a, err1 := inc.Ask(ctx, q, opts)
			b, err2 := full.Ask(ctx, q, opts)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: %q: %v, %v", step, q, err1, err2)
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: %q (%+v) answered differently:\nincremental %+v\nfull        %+v", step, q, opts, a, b)
			}
		}
		terms := textseg.Terms(q)
		a, errA := inc.live.Load().WordHits(context.Background(), terms, 20)
		b, errB := full.live.Load().WordHits(context.Background(), terms, 20)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: %q: BM25 hits %v, want %v", step, q, a, b)
		}
	}
	if a, b := inc.Stats(), full.Stats(); a.Fingerprint != b.Fingerprint || a.Passages != b.Passages {
		t.Errorf("%s: incremental index %+v, full %+v", step, a, b)
	}
}

// TestRefreshAnswersAsAFullRebuild adds, removes and changes articles in a
// corpus directory and checks after each Refresh that the engine answers
// exactly as one that built its index from scratch over the same files.
func TestRefreshAnswersAsAFullRebuild(t *testing.T) {
	ps := seedPieces(t)
	dir := t.TempDir()
	for _, p := range ps[:10] {
		writeFile(t, dir, p.name, p.file())
	}
	quiet := slog.New(slog.NewTextHandler(&logBuffer{}, nil))
	e := openSeeds(t, Options{Corpus: dir, Logger: quiet})
	full := func() *Engine { return openSeeds(t, Options{Corpus: dir, Logger: quiet}) }

	steps := []struct {
		name   string
		change func()
		want   RefreshSummary
	}{
		{"added", func() {
			for _, p := range ps[10:] {
				writeFile(t, dir, p.name, p.file())
			}
		}, RefreshSummary{Added: len(ps) - 10}},
		{"added between", func() {
			// Dated between two articles, so read between them.
			p := ps[13]
			p.name, p.id, p.date = ps[2].date.AddDate(0, 0, 1).Format("2006-01-02-")+"between.md", "between", ps[2].date.AddDate(0, 0, 1)
			p.text += "\n\nThe company's founder gave a rare interview the next day." // not a duplicate
			writeFile(t, dir, p.name, p.file())
		}, RefreshSummary{Added: 1}},
		{"removed", func() {
			removeFile(t, dir, ps[0].name)
			removeFile(t, dir, ps[6].name)
		}, RefreshSummary{Removed: 2}},
		{"changed", func() {
			p := ps[4]
			p.text += "\n\nHuawei said on Friday that talks with European carriers would resume in the spring."
			writeFile(t, dir, p.name, p.file())
		}, RefreshSummary{Changed: 1}},
		{"all at once", func() {
			removeFile(t, dir, ps[1].name)
			p := ps[8]
			p.text = strings.ToUpper(p.text[:1]) + p.text[1:] + " The chairman declined to comment."
			writeFile(t, dir, p.name, p.file())
			q := ps[3]
			q.name, q.id = "2099-01-01-late.md", "late"
			q.text = "A follow-up, years later.\n\n" + q.text
			writeFile(t, dir, q.name, q.file())
		}, RefreshSummary{Added: 1, Removed: 1, Changed: 1}},
	}
	for _, s := range steps {
		s.change()
		sum, err := e.Refresh(context.Background(), nil)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if sum.Added != s.want.Added || sum.Removed != s.want.Removed || sum.Changed != s.want.Changed || sum.Full {
			t.Errorf("%s: summary %+v, want added %d removed %d changed %d, not full", s.name, sum, s.want.Added, s.want.Removed, s.want.Changed)
		}
		sameAnswers(t, s.name, e, full())
	}
}

// TestRefreshPicksUpFileChanges adds, changes and deletes files of a
// corpus directory, refreshes, and checks the summary, the log, the
// answers and that the saved snapshot matches the corpus on the next start.
func TestRefreshPicksUpFileChanges(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, corpusDir, "harbour.txt", "Harbour plan approved\n\nMar 3, 2024\n\nThe council approved the harbour plan on Monday after a long debate.\n")
	writeFile(t, corpusDir, "bridge.txt", "Bridge closes\n\nMar 4, 2024\n\nThe old bridge closes for repairs next week, the city said.\n")
	writeFile(t, corpusDir, "school.txt", "School merger\n\nMar 5, 2024\n\nThe school board voted to merge the two primary schools in the autumn.\n")
	var logs logBuffer
	opts := Options{Corpus: corpusDir, IndexPath: filepath.Join(dir, "index.snap"), Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	e := openSeeds(t, opts)
	ctx := context.Background()

	writeFile(t, corpusDir, "library.txt", "Library reopens\n\nMar 6, 2024\n\nThe central library reopens on Saturday with a rooftop reading garden.\n")
	writeFile(t, corpusDir, "bridge.txt", "Bridge closes\n\nMar 4, 2024\n\nThe old bridge closes for repairs next week, the city said. A ferry will carry cyclists across the river meanwhile.\n")
	removeFile(t, corpusDir, "school.txt")
	sum, err := e.Refresh(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Changed != 1 || sum.Removed != 1 || sum.Full || sum.Articles != 3 || sum.SaveError != "" {
		t.Errorf("summary %+v, want 1 added, 1 changed, 1 removed, 3 articles, saved", sum)
	}
	if l := logs.String(); !strings.Contains(l, "index updated incrementally") || !strings.Contains(l, "added=1 removed=1 changed=1") || strings.Contains(l, "in full") {
		t.Errorf("log does not say the index was updated incrementally:\n%s", l)
	}

	cites := func(q, id, has string) {
		t.Helper()
		ans, err := e.Ask(ctx, q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || ans.Citations[0].ArticleID != id || !strings.Contains(ans.Citations[0].Excerpt, has) {
			t.Errorf("%q: %+v, want [1] from %s with %q", q, ans, id, has)
		}
	}
	cites("When does the library reopen?", "library", "rooftop reading garden")
	cites("How will cyclists cross the river?", "bridge", "ferry")
	if ans, _ := e.Ask(ctx, "What did the school board vote to merge?", AskOptions{}); ans.Found {
		for _, c := range ans.Citations {
			if c.ArticleID == "school" {
				t.Errorf("the deleted article is still cited: %+v", c)
			}
		}
	}
	for _, s := range e.Sources() {
		if s.ID == "school" {
			t.Error("the deleted article is still a source")
		}
	}

	// Nothing changed: nothing is done.
	live, st := e.live.Load(), statFile(t, opts.IndexPath)
	if sum, err := e.Refresh(ctx, nil); err != nil || sum.Added+sum.Removed+sum.Changed != 0 || sum.Full {
		t.Errorf("refresh of an unchanged corpus: %+v, %v", sum, err)
	}
	if e.live.Load() != live || !statFile(t, opts.IndexPath).ModTime().Equal(st.ModTime()) || strings.Count(logs.String(), "index updated incrementally") != 1 {
		t.Error("a refresh of an unchanged corpus replaced the index or the snapshot")
	}

	// The saved snapshot is the corpus's: the next start loads it.
	if _, open, err := Open(ctx, opts, nil); err != nil || !open.Loaded || open.Articles != 3 {
		t.Errorf("next start: %+v, %v; want the refreshed snapshot loaded", open, err)
	}
}

func statFile(t *testing.T, path string) os.FileInfo {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// renamed is an embedder under another name, as after a configuration change.
type renamed struct {
	embed.Embedder
	name string
}

func (r renamed) Name() string { return r.name }

func TestRefreshRebuildsInFullForAnotherEmbedder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "harbour.txt", "Harbour plan approved\n\nThe council approved the harbour plan after a long debate.\n")
	var logs logBuffer
	e := openSeeds(t, Options{Corpus: dir, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	e.opts.Embedder = renamed{e.opts.Embedder, "another"}
	writeFile(t, dir, "bridge.txt", "Bridge closes\n\nThe old bridge closes for repairs next week.\n")
	sum, err := e.Refresh(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Full || sum.Articles != 2 || e.Stats().Embedder != "another" || !strings.Contains(logs.String(), "rebuilding the index in full") {
		t.Errorf("summary %+v, embedder %q; want a full rebuild with the new embedder, logged:\n%s", sum, e.Stats().Embedder, logs.String())
	}
}

func TestRefreshWaitsForNoReindex(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "harbour.txt", "Harbour plan approved\n\nThe council approved the harbour plan after a long debate.\n")
	e := openSeeds(t, Options{Corpus: dir})
	e.reindexMu.Lock() // as a running Reindex holds it
	_, err := e.Refresh(context.Background(), nil)
	e.reindexMu.Unlock()
	if !errors.Is(err, ErrReindexRunning) {
		t.Errorf("refresh during a reindex: %v, want ErrReindexRunning", err)
	}
}
