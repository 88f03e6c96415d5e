package corpus

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestDescribeSkipped(t *testing.T) {
	file := func(p string) Skipped { return Skipped{Path: p, Reason: "empty"} }
	line := func(p string, n int) Skipped {
		return Skipped{Path: p + ":" + string(rune('0'+n)), Line: n, Reason: "no text"}
	}
	tests := []struct {
		skipped []Skipped
		want    string
	}{
		{nil, "0 skipped files"},
		{[]Skipped{file("a.txt")}, "1 skipped file"},
		{[]Skipped{file("a.txt"), file("b.csv")}, "2 skipped files"},
		{[]Skipped{line("articles.jsonl", 2), line("articles.jsonl", 5), line("articles.jsonl", 9), file("a.txt")},
			"1 skipped file, 3 skipped lines in articles.jsonl"},
		{[]Skipped{line("x.jsonl", 1)}, "0 skipped files, 1 skipped line in x.jsonl"},
		{[]Skipped{line("x.jsonl", 1), line("y.jsonl", 2), line("y.jsonl", 3)}, "0 skipped files, 3 skipped lines in 2 files"},
	}
	for _, tt := range tests {
		if got := DescribeSkipped(tt.skipped); got != tt.want {
			t.Errorf("DescribeSkipped(%v) = %q, want %q", tt.skipped, got, tt.want)
		}
	}
}

func TestSkippedLinesNameTheirFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a:b.jsonl") // a colon in the name too
	write(t, path, "{\"text\": \"ok\"}\nnot json\n")
	var logs bytes.Buffer
	res, err := Load(context.Background(), path, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].Line != 2 || res.Skipped[0].File() != path {
		t.Errorf("skipped %+v, file %q", res.Skipped, res.Skipped[0].File())
	}
}

func TestQuietSkipsLeavesSkipsOutOfTheLog(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.jsonl"), "not json\n"+`{"text": "x", "published": "someday"}`+"\n")
	write(t, filepath.Join(dir, "b.csv"), "1,2\n")
	var logs bytes.Buffer
	opts := quiet(&logs)
	opts.QuietSkips = true
	res, err := Load(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 2 || len(res.Warnings) != 1 {
		t.Fatalf("skipped %+v, warnings %+v", res.Skipped, res.Warnings)
	}
	if strings.Contains(logs.String(), "corpus: skipped") || !strings.Contains(logs.String(), "corpus: warning") {
		t.Errorf("log:\n%s", logs.String())
	}
}
