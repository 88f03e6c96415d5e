package corpus

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// rtqaPath is the evaluation corpus beside the repository (../shared).
var rtqaPath = filepath.Join("..", "..", "..", "shared", "eval", "rtqa-2022", "articles.jsonl")

func TestLoadRTQA(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a 45 MB corpus")
	}
	if _, err := os.Stat(rtqaPath); err != nil {
		t.Skipf("evaluation data not present: %v", err)
	}
	start := time.Now()
	res, err := Load(context.Background(), rtqaPath, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("%d articles, %d duplicates, %d skipped in %v", len(res.Articles), res.Duplicates, len(res.Skipped), took)
	// 4,656 lines; 66 repeat another article's text exactly (the same story
	// under a second URL, or a sign-up wall in place of the story).
	if len(res.Articles)+res.Duplicates != 4656 || len(res.Skipped) != 0 {
		t.Errorf("got %d articles + %d duplicates, %d skipped; want 4,656 lines, none skipped",
			len(res.Articles), res.Duplicates, len(res.Skipped))
	}
	if res.Duplicates != 66 {
		t.Errorf("duplicates = %d, want 66", res.Duplicates)
	}
	first := res.Articles[0]
	if first.ID != "rtqa-00000" || first.Published.IsZero() || first.Title == "" || first.URL == "" {
		t.Errorf("first article = %+v", first)
	}
	for _, a := range res.Articles {
		if a.Published.IsZero() {
			t.Errorf("%s: no date", a.ID)
			break
		}
	}
}

func BenchmarkLoadRTQA(b *testing.B) {
	if _, err := os.Stat(rtqaPath); err != nil {
		b.Skipf("evaluation data not present: %v", err)
	}
	for b.Loop() {
		if _, err := Load(context.Background(), rtqaPath, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
