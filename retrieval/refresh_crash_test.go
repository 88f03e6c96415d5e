package retrieval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestKillDuringUpdateLeavesAConsistentIndex adds articles and refreshes
// the index (saving its snapshot each time) in a child process, kills it
// with SIGKILL at a random moment, then opens the index path again: the
// next start serves an index of exactly the articles on disk, every one
// of them answerable, whatever the kill interrupted.
func TestKillDuringUpdateLeavesAConsistentIndex(t *testing.T) {
	if dir := os.Getenv("DOSSIER_REFRESH_CHILD"); dir != "" {
		refreshForever(dir)
		return
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "articles")
	os.MkdirAll(corpus, 0o755)
	writeStory(t, corpus, 0)
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringUpdateLeavesAConsistentIndex$")
	cmd.Env = append(os.Environ(), "DOSSIER_REFRESH_CHILD="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the child has added a random number of stories.
	target := 2 + rand.IntN(6)
	deadline := time.Now().Add(2 * time.Minute)
	for countStories(corpus) < target && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()

	eng, sum, err := Open(context.Background(), Options{Corpus: corpus, IndexPath: filepath.Join(dir, "index.snap")}, nil)
	if err != nil {
		t.Fatalf("open after kill -9: %v", err)
	}
	n := countStories(corpus)
	if sum.Articles != n || len(eng.Sources()) != n {
		t.Fatalf("index of %d articles (%d sources) for %d files on disk", sum.Articles, len(eng.Sources()), n)
	}
	for i := 0; i < n; i++ {
		ans, err := eng.Ask(context.Background(), fmt.Sprintf("What did the Zorblax probe %d measure?", i), AskOptions{K: 1})
		if err != nil || !ans.Found || !strings.Contains(ans.Citations[0].Excerpt, fmt.Sprintf("probe %d ", i)) {
			t.Errorf("story %d not answerable after the kill: %+v, %v", i, ans, err)
		}
	}
}

// refreshForever is the child: add a story, refresh and save, again.
func refreshForever(dir string) {
	corpus := filepath.Join(dir, "articles")
	eng, _, err := Open(context.Background(), Options{Corpus: corpus, IndexPath: filepath.Join(dir, "index.snap")}, nil)
	if err != nil {
		os.Exit(1)
	}
	for i := 1; i < 1000; i++ {
		writeStory(nil, corpus, i)
		if _, err := eng.Refresh(context.Background(), nil); err != nil {
			os.Exit(1)
		}
	}
	os.Exit(0)
}

// writeStory writes story i, atomically, as the feed poller does.
func writeStory(t *testing.T, dir string, i int) {
	text := fmt.Sprintf("---\ntitle: Zorblax probe %d report\npublished: 2024-03-%02d\n---\nThe Zorblax probe %d measured the ice of crater %d on its pass over the northern fields.\n", i, 1+i%28, i, i*7)
	tmp := filepath.Join(dir, fmt.Sprintf(".story-%03d.tmp", i))
	if err := os.WriteFile(tmp, []byte(text), 0o644); err == nil {
		err = os.Rename(tmp, filepath.Join(dir, fmt.Sprintf("story-%03d.md", i)))
		if err != nil && t != nil {
			t.Fatal(err)
		}
	} else if t != nil {
		t.Fatal(err)
	}
}

func countStories(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "story-*.md"))
	return len(files)
}
