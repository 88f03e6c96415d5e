package corpus

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// quiet returns options whose logger writes into buf.
func quiet(buf *bytes.Buffer) Options {
	return Options{Logger: slog.New(slog.NewTextHandler(buf, nil))}
}

func TestLoadDirectory(t *testing.T) {
	var logs bytes.Buffer
	opts := quiet(&logs)
	var progress []int
	opts.Progress = func(n int) { progress = append(progress, n) }
	res, err := Load(context.Background(), "testdata/corpus", opts)
	if err != nil {
		t.Fatal(err)
	}

	var ids []string
	for _, a := range res.Articles {
		ids = append(ids, a.ID)
	}
	// Walk order: articles.jsonl, frontmatter.md, page.html, plain.txt,
	// (repeat.txt is a duplicate), sub/nested.md. Hidden files are absent.
	want := []string{"jl-ferry", "fe76a947aab0", "bridge-reopens", "page", "plain", "nested"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("article IDs = %q, want %q", ids, want)
	}
	if res.Duplicates != 1 {
		t.Errorf("Duplicates = %d, want 1 (repeat.txt)", res.Duplicates)
	}

	root := filepath.Join("testdata", "corpus")
	wantSkipped := []Skipped{
		{Path: filepath.Join(root, "articles.jsonl") + ":2", Line: 2, Reason: "invalid JSON"},
		{Path: filepath.Join(root, "articles.jsonl") + ":4", Line: 4, Reason: "no text"},
		{Path: filepath.Join(root, "binary.txt"), Reason: "binary content"},
		{Path: filepath.Join(root, "empty.txt"), Reason: "empty"},
		{Path: filepath.Join(root, "scores.csv"), Reason: "unsupported type .csv"},
	}
	if len(res.Skipped) != len(wantSkipped) {
		t.Fatalf("Skipped = %v, want %d entries", res.Skipped, len(wantSkipped))
	}
	for i, w := range wantSkipped {
		got := res.Skipped[i]
		if got.Path != w.Path || got.Line != w.Line || !strings.HasPrefix(got.Reason, w.Reason) {
			t.Errorf("Skipped[%d] = %+v, want path %s, reason starting %q", i, got, w.Path, w.Reason)
		}
		if !strings.Contains(logs.String(), "path="+w.Path) {
			t.Errorf("no warning logged for %s", w.Path)
		}
	}
	for _, a := range res.Articles {
		if strings.Contains(a.Path, ".draft") || strings.Contains(a.Path, ".cache") {
			t.Errorf("hidden file loaded: %s", a.Path)
		}
		if a.Title == "" || a.Text == "" {
			t.Errorf("%s: empty title or text: %+v", a.ID, a)
		}
	}
	// Nine visible files; progress counts each once, in order.
	if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9}; !reflect.DeepEqual(progress, want) {
		t.Errorf("progress calls = %v, want %v", progress, want)
	}
}

func TestLoadIsDeterministic(t *testing.T) {
	var logs bytes.Buffer
	first, err := Load(context.Background(), "testdata/corpus", quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := Load(context.Background(), "testdata/corpus", quiet(&logs))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatal("two loads of the same directory differ")
		}
	}
}

func TestLoadSingleFile(t *testing.T) {
	var logs bytes.Buffer
	path := filepath.Join("testdata", "corpus", "articles.jsonl")
	res, err := Load(context.Background(), path, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 2 || len(res.Skipped) != 2 {
		t.Fatalf("got %d articles, %d skipped; want 2 and 2", len(res.Articles), len(res.Skipped))
	}
	if res.Articles[0].Path != path {
		t.Errorf("Path = %q, want %q", res.Articles[0].Path, path)
	}
	if res.Skipped[0].Path != path+":2" {
		t.Errorf("bad line reported as %q, want %q", res.Skipped[0].Path, path+":2")
	}

	// A hidden file named directly is read: the user asked for it.
	res, err = Load(context.Background(), filepath.Join("testdata", "corpus", ".draft.txt"), quiet(&logs))
	if err != nil || len(res.Articles) != 1 {
		t.Errorf("named hidden file: %v, %+v", err, res)
	}
}

func TestLoadMissingPathIsAnError(t *testing.T) {
	_, err := Load(context.Background(), filepath.Join(t.TempDir(), "nope"), Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want not-exist", err)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Load(ctx, "testdata/corpus", Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestLoadSkipsOversizedFiles(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("word "), DefaultMaxFileSize/5+1) // just over 5 MB
	write(t, filepath.Join(dir, "big.txt"), "Big\n\n"+string(big))
	write(t, filepath.Join(dir, "medium.md"), "# Medium\n\n"+strings.Repeat("x", 3000))
	write(t, filepath.Join(dir, "small.txt"), "Small\n\nfits")

	var logs bytes.Buffer
	res, err := Load(context.Background(), dir, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 2 || len(res.Skipped) != 1 || res.Skipped[0].Reason != "larger than 5 MB" {
		t.Errorf("default limit: %d articles, skipped %+v", len(res.Articles), res.Skipped)
	}

	opts := quiet(&logs)
	opts.MaxFileSize = 2 << 10
	res, err = Load(context.Background(), dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 1 || len(res.Skipped) != 2 || res.Skipped[1].Reason != "larger than 2 KB" {
		t.Errorf("2 KB limit: %d articles, skipped %+v", len(res.Articles), res.Skipped)
	}
}

func TestLoadMakesIDsUnique(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "report.txt"), "First report\n\nOne text.")
	write(t, filepath.Join(dir, "b", "report.txt"), "Second report\n\nAnother text.")
	write(t, filepath.Join(dir, "c.md"), "---\nid: report\ntitle: Third\n---\nA third text.")
	var logs bytes.Buffer
	res, err := Load(context.Background(), dir, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range res.Articles {
		ids = append(ids, a.ID)
	}
	if want := []string{"report", "report-2", "report-3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("IDs = %q, want %q", ids, want)
	}
}

func TestLoadFSNormalisesText(t *testing.T) {
	fsys := fstest.MapFS{
		"crlf.txt": {Data: []byte("\xef\xbb\xbfWindows Title\r\n\r\nFirst line.\r\nSecond\x00 line.\r\n")},
		"a.htm":    {Data: []byte("<html><head><title>T</title></head><body><p>Para one.</p><p>Para two.</p></body></html>")},
	}
	var logs bytes.Buffer
	res, err := LoadFS(context.Background(), fsys, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 2 {
		t.Fatalf("got %d articles, want 2; skipped %v", len(res.Articles), res.Skipped)
	}
	htm, txt := res.Articles[0], res.Articles[1]
	if txt.Title != "Windows Title" || txt.Text != "First line.\nSecond line." || txt.Path != "crlf.txt" {
		t.Errorf("crlf.txt: title %q, text %q, path %q", txt.Title, txt.Text, txt.Path)
	}
	if htm.Title != "T" || htm.Text != "Para one.\n\nPara two." {
		t.Errorf("a.htm: title %q, text %q", htm.Title, htm.Text)
	}
}

func TestLoadEmptyDirectory(t *testing.T) {
	res, err := Load(context.Background(), t.TempDir(), Options{})
	if err != nil || len(res.Articles) != 0 || len(res.Skipped) != 0 {
		t.Errorf("empty dir: %v, %+v", err, res)
	}
}

// write creates a file and its parent directories.
func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "real", "story.txt"), "Linked Story\n\nText behind a link.")
	if err := os.Symlink(filepath.Join(dir, "real", "story.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "dirlink.txt")); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	res, err := Load(context.Background(), dir, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	// link.txt is read; real/story.txt repeats it; dirlink.txt is a directory.
	if len(res.Articles) != 1 || res.Articles[0].ID != "link" || res.Duplicates != 1 {
		t.Errorf("articles %+v, duplicates %d", res.Articles, res.Duplicates)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].Reason != "not a regular file" {
		t.Errorf("skipped %+v", res.Skipped)
	}
}

func TestFrontMatterFeedAndOtherSources(t *testing.T) {
	text := "---\ntitle: Harbour wall\npublished: 2019-06-04\nfeed: https://gazette.example/rss\nalso_in:\n  - source: Coast Wire\n    url: https://wire.example/harbour\n  - url: https://other.example/a\n  - Radio Lenz\n---\nThe council voted.\n"
	a, err := parseFrontMatter(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []Copy{{Source: "Coast Wire", URL: "https://wire.example/harbour"}, {URL: "https://other.example/a"}, {Source: "Radio Lenz"}}
	if a.Feed != "https://gazette.example/rss" || !reflect.DeepEqual(a.AlsoIn, want) {
		t.Errorf("feed %q, also in %+v; want %+v", a.Feed, a.AlsoIn, want)
	}
	if got := strings.Join(CopyNames(a.AlsoIn), "|"); got != "Coast Wire|https://other.example/a|Radio Lenz" {
		t.Errorf("names %q", got)
	}
}
