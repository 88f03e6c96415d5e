package retrieval

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func openSeeds(t *testing.T, opts Options) *Engine {
	t.Helper()
	e, _, err := Open(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// corpusDir writes files (name -> text) into a new temporary directory and
// returns its path.
func corpusDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSeedQuestionsCiteTheRightArticle(t *testing.T) {
	e := openSeeds(t, Options{})
	cases := []struct{ question, article, excerptHas string }{
		{"Would Huawei sign a no-spy agreement?", "npr-2019-06-04-huawei-no-spy", "no-spy"},
		{"What did the Commerce Department add Huawei to?", "npr-2019-06-04-huawei-no-spy", "Entity List"},
		{"Where is Meng Wanzhou under house arrest?", "npr-2019-06-04-huawei-no-spy", "Canada"},
		{"What would Ren Zhengfei welcome from President Biden?", "ren-2021-02-biden-call", "phone call"},
	}
	for _, c := range cases {
		ans, err := e.Ask(context.Background(), c.question, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || len(ans.Citations) == 0 {
			t.Errorf("%q: not found", c.question)
			continue
		}
		top := ans.Citations[0]
		if top.ArticleID != c.article || !strings.Contains(top.Excerpt, c.excerptHas) {
			t.Errorf("%q: [1] is %s %q", c.question, top.ArticleID, top.Excerpt)
		}
		if !strings.Contains(ans.Text, "[1]") {
			t.Errorf("%q: answer text %q has no [1]", c.question, ans.Text)
		}
	}
}

func TestExcerptsAreVerbatimAndBounded(t *testing.T) {
	e := openSeeds(t, Options{})
	ix := e.live.Load()
	texts := map[string]string{}
	for _, a := range ix.Articles {
		texts[a.ID] = a.Text
	}
	for _, q := range []string{"Who is the chairman of Huawei?", "What was Huawei's revenue for 2019?", "Why is Huawei at the heart of the trade war?"} {
		ans, err := e.Ask(context.Background(), q, AskOptions{K: 5})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range ans.Citations {
			if texts[c.ArticleID][c.Start:c.End] != c.Excerpt {
				t.Errorf("%q [%d]: excerpt is not the article text at its offsets", q, c.N)
			}
			if utf8.RuneCountInString(c.Excerpt) > MaxExcerptLen || c.Excerpt == "" {
				t.Errorf("%q [%d]: excerpt of %d bytes", q, c.N, len(c.Excerpt))
			}
		}
	}
}

func TestNotCoveredAndBadQuestions(t *testing.T) {
	e := openSeeds(t, Options{})
	ans, err := e.Ask(context.Background(), "What is the boiling point of ethanol?", AskOptions{})
	if err != nil || ans.Found || len(ans.Citations) != 0 || ans.Text == "" {
		t.Errorf("uncovered question: %+v, %v", ans, err)
	}
	if _, err := e.Ask(context.Background(), " \n\t", AskOptions{}); !errors.Is(err, ErrEmptyQuestion) {
		t.Errorf("blank question: %v", err)
	}
	if _, err := e.Ask(context.Background(), strings.Repeat("why ", 300), AskOptions{}); !errors.Is(err, ErrQuestionTooLong) {
		t.Errorf("long question: %v", err)
	}
}

func TestPersistedIndexIsReusedAndRebuiltWhenStale(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	os.MkdirAll(corpusDir, 0o755)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Harbour plan approved\n\nMar 3, 2024\n\nThe council approved the harbour plan on Monday after a long debate.\n")
	opts := Options{Corpus: corpusDir, IndexPath: filepath.Join(dir, "index.snap")}
	_, first, err := Open(context.Background(), opts, nil)
	if err != nil || first.Loaded {
		t.Fatalf("first open: %+v, %v", first, err)
	}
	_, second, err := Open(context.Background(), opts, nil)
	if err != nil || !second.Loaded {
		t.Fatalf("second open did not load the snapshot: %+v, %v", second, err)
	}
	write("b.txt", "Bridge closes\n\nMar 4, 2024\n\nThe old bridge closes for repairs next week, the city said.\n")
	e, third, err := Open(context.Background(), opts, nil)
	if err != nil || third.Loaded || third.Articles != 2 {
		t.Fatalf("changed corpus was not rebuilt: %+v, %v", third, err)
	}
	if ans, _ := e.Ask(context.Background(), "Why does the bridge close?", AskOptions{}); !ans.Found {
		t.Error("the new article is not searchable after the rebuild")
	}
	os.WriteFile(opts.IndexPath, []byte("garbage"), 0o644)
	if _, fourth, err := Open(context.Background(), opts, nil); err != nil || fourth.Loaded {
		t.Fatalf("corrupt snapshot was not rebuilt: %+v, %v", fourth, err)
	}
}

func TestReindexSwapsAndRefusesConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Harbour plan approved\n\nThe council approved the harbour plan after a long debate.\n"), 0o644)
	e := openSeeds(t, Options{Corpus: dir})
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Bridge closes\n\nThe old bridge closes for repairs next week.\n"), 0o644)

	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	done := make(chan error)
	go func() {
		_, err := e.Reindex(context.Background(), func(Progress) {
			once.Do(func() { close(started); <-release })
		})
		done <- err
	}()
	<-started
	if _, err := e.Reindex(context.Background(), nil); !errors.Is(err, ErrReindexRunning) {
		t.Errorf("second reindex: %v, want ErrReindexRunning", err)
	}
	if ans, _ := e.Ask(context.Background(), "Why does the bridge close?", AskOptions{}); ans.Found {
		t.Error("half-built index served during reindex")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if ans, _ := e.Ask(context.Background(), "Why does the bridge close?", AskOptions{}); !ans.Found {
		t.Error("new article not searchable after reindex")
	}
	if n := len(e.Sources()); n != 2 {
		t.Errorf("sources = %d, want 2", n)
	}
}

func TestFailedReindexKeepsTheOldIndex(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Harbour plan approved\n\nThe council approved the harbour plan after a long debate.\n"), 0o644)
	e := openSeeds(t, Options{Corpus: dir})
	os.Remove(filepath.Join(dir, "a.txt"))
	if _, err := e.Reindex(context.Background(), nil); err == nil {
		t.Fatal("reindex of an empty corpus succeeded")
	}
	if ans, _ := e.Ask(context.Background(), "What did the council approve?", AskOptions{}); !ans.Found {
		t.Error("old index lost after a failed reindex")
	}
}

func TestUnwritableIndexPathStillAnswers(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A path under a regular file can never be created.
	e, sum, err := Open(context.Background(), Options{IndexPath: filepath.Join(blocker, "index.snap")}, nil)
	if err != nil {
		t.Fatalf("open failed although only the save did: %v", err)
	}
	if sum.SaveError == "" {
		t.Error("the failed save is not reported")
	}
	if ans, _ := e.Ask(context.Background(), "Who founded Huawei?", AskOptions{}); !ans.Found {
		t.Error("the built index is not served")
	}
}

// Opening an index path removes the temporary snapshot a killed save left
// beside it, and says so.
func TestOpenRemovesATempSnapshotAKilledSaveLeft(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index.snap")
	leftover := path + ".tmp-3141592653"
	if err := os.WriteFile(leftover, make([]byte, 1<<16), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(leftover, old, old); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	openSeeds(t, Options{IndexPath: path, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the leftover temporary snapshot is still there (%v)", err)
	}
	if !strings.Contains(logs.String(), leftover) {
		t.Errorf("the removal is not logged:\n%s", logs.String())
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the snapshot was not saved: %v", err)
	}
}

// An intact snapshot built from another corpus is never overwritten
// unasked: Open refuses, naming both corpora, and leaves the file as it
// was; with Replace it rebuilds and saves over it.
func TestOpenRefusesToReplaceASnapshotOfAnotherCorpus(t *testing.T) {
	dir := corpusDir(t, map[string]string{"a.txt": "Harbour plan approved\n\nMar 3, 2024\n\nThe council approved the harbour plan on Monday.\n"})
	path := filepath.Join(t.TempDir(), "index.snap")
	if _, sum, err := Open(context.Background(), Options{Corpus: dir, IndexPath: path}, nil); err != nil || sum.Loaded {
		t.Fatalf("first open: %+v, %v", sum, err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Open(context.Background(), Options{IndexPath: path}, nil) // the seeds
	if !errors.Is(err, ErrOtherCorpus) {
		t.Fatalf("open of the seeds over a corpus's snapshot: %v, want ErrOtherCorpus", err)
	}
	for _, want := range []string{path, "(1 articles)", dir, "the embedded seeds", "--rebuild"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Fatal("the other corpus's snapshot was changed")
	}
	e, sum, err := Open(context.Background(), Options{IndexPath: path, Replace: true}, nil)
	if err != nil || sum.Loaded || sum.Articles != 2 {
		t.Fatalf("open with Replace: %+v, %v", sum, err)
	}
	if got := e.Stats().Corpus; got != "the embedded seeds" {
		t.Errorf("Meta.Corpus = %q", got)
	}
	// The corpus it was built from reloads it; a damaged snapshot of
	// another corpus is replaced.
	if _, sum, err := Open(context.Background(), Options{IndexPath: path}, nil); err != nil || !sum.Loaded {
		t.Fatalf("reopen: %+v, %v", sum, err)
	}
	if _, _, err := Open(context.Background(), Options{Corpus: dir, IndexPath: path}, nil); !errors.Is(err, ErrOtherCorpus) {
		t.Fatalf("open of the corpus over the seeds' snapshot: %v", err)
	}
	data, _ := os.ReadFile(path)
	data[len(data)-1] ^= 0xff
	os.WriteFile(path, data, 0o644)
	if _, sum, err := Open(context.Background(), Options{Corpus: dir, IndexPath: path}, nil); err != nil || sum.Loaded {
		t.Fatalf("a damaged snapshot of another corpus was not replaced: %+v, %v", sum, err)
	}
}
