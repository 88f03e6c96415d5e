package corpus

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestJSONLBadLinesAreSkipped(t *testing.T) {
	long := strings.Repeat("a", 3000)
	lines := []string{
		`{"id": "ok-1", "title": "One", "published": "2022-06-17", "text": "First text."}`,
		``,
		`not json`,
		`{"id": "no-text", "title": "Empty"}`,
		`{"id": "bad-date", "published": "someday", "text": "Has text."}`,
		`{"id": "too-long", "text": "` + long + `"}`,
		`{"ID": "ok-2", "Title": "Two", "text": "Second\r\ntext.", "extra": 1}`,
		`{"text": "No id or url."}`,
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "c.jsonl")
	write(t, path, strings.Join(lines, "\r\n")+"\n")

	var logs bytes.Buffer
	opts := quiet(&logs)
	opts.MaxFileSize = 2 << 10
	res, err := Load(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Articles {
		got = append(got, a.ID+"="+a.Text)
	}
	want := []string{"ok-1=First text.", "bad-date=Has text.", "ok-2=Second\ntext.", shortHash("No id or url.") + "=No id or url."}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("articles = %q, want %q", got, want)
	}
	if !res.Articles[0].Published.Equal(time.Date(2022, 6, 17, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("published = %v", res.Articles[0].Published)
	}
	if res.Articles[3].Title != "No id or url." {
		t.Errorf("fallback title = %q", res.Articles[3].Title)
	}
	wantSkipped := []Skipped{
		{Path: path + ":3", Line: 3, Reason: "invalid JSON"},
		{Path: path + ":4", Line: 4, Reason: "no text"},
		{Path: path + ":6", Line: 6, Reason: "longer than 2 KB"},
	}
	if len(res.Skipped) != len(wantSkipped) {
		t.Fatalf("skipped = %+v", res.Skipped)
	}
	for i, w := range wantSkipped {
		if res.Skipped[i].Path != w.Path || res.Skipped[i].Line != w.Line || !strings.HasPrefix(res.Skipped[i].Reason, w.Reason) {
			t.Errorf("skipped[%d] = %+v, want %+v", i, res.Skipped[i], w)
		}
	}
}

// A date that cannot be read costs the date, not the article.
func TestJSONLUnreadableDateKeepsArticleUndated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	write(t, path, `{"id": "a", "published": "2022-06-17", "text": "Dated."}`+"\n"+
		`{"id": "b", "published": "the day after the storm", "text": "Undated."}`+"\n")
	var logs bytes.Buffer
	res, err := Load(context.Background(), path, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 2 || len(res.Skipped) != 0 {
		t.Fatalf("articles %+v, skipped %+v", res.Articles, res.Skipped)
	}
	if b := res.Articles[1]; b.ID != "b" || !b.Published.IsZero() {
		t.Errorf("article b = %+v, want it undated", b)
	}
	want := []Warning{{Path: path + ":2", Message: `"published": unrecognised date "the day after the storm"; kept undated`}}
	if fmt.Sprint(res.Warnings) != fmt.Sprint(want) {
		t.Errorf("warnings = %+v, want %+v", res.Warnings, want)
	}
	if !strings.Contains(logs.String(), "path="+path+":2") {
		t.Errorf("no warning logged for line 2:\n%s", logs.String())
	}
}

func TestJSONLLongLinesAndManyBatches(t *testing.T) {
	// Lines longer than the read buffer, and more lines than one batch.
	var b strings.Builder
	n := jsonlBatchLines*2 + 7
	for i := range n {
		text := fmt.Sprintf("article %d", i)
		if i%300 == 0 {
			text += " " + strings.Repeat("x", jsonlReadSize+100)
		}
		fmt.Fprintf(&b, `{"id": "a%d", "text": %q}`+"\n", i, text)
	}
	fmt.Fprintf(&b, `{"id": "last", "text": "no newline at end"}`)
	path := filepath.Join(t.TempDir(), "many.jsonl")
	write(t, path, b.String())
	res, err := Load(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != n+1 || len(res.Skipped) != 0 {
		t.Fatalf("got %d articles, %d skipped; want %d, 0", len(res.Articles), len(res.Skipped), n+1)
	}
	for i, a := range res.Articles[:n] {
		if a.ID != fmt.Sprintf("a%d", i) || !strings.HasPrefix(a.Text, fmt.Sprintf("article %d", i)) {
			t.Fatalf("article %d out of order: %s %.20q", i, a.ID, a.Text)
		}
	}
	if last := res.Articles[n]; last.ID != "last" {
		t.Errorf("last article = %s", last.ID)
	}
}

func TestJSONLEmptyAndBinary(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "blank.jsonl"), "\n\n  \n")
	write(t, filepath.Join(dir, "bin.jsonl"), strings.Repeat("\x00\x01\xff", 100))
	var logs bytes.Buffer
	res, err := Load(context.Background(), dir, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	want := []Skipped{{Path: filepath.Join(dir, "bin.jsonl"), Reason: "binary content"}, {Path: filepath.Join(dir, "blank.jsonl"), Reason: "empty"}}
	if fmt.Sprint(res.Skipped) != fmt.Sprint(want) {
		t.Errorf("skipped = %v, want %v", res.Skipped, want)
	}
}

func TestJSONLCancelled(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, `{"text": "article %d"}`+"\n", i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	emitted := 0
	err := readJSONL(ctx, strings.NewReader(b.String()), 1<<20, func(Article) {
		if emitted++; emitted == 10 {
			cancel()
		}
	}, func(int, string) {}, func(int, string) {})
	if err == nil || emitted >= 5000 {
		t.Errorf("err = %v after %d articles, want cancellation", err, emitted)
	}
}

// Reasons speak of the line's fields and JSON, never of Go types.
func TestJSONLProblemsInUsersTerms(t *testing.T) {
	tests := []struct{ line, reason string }{
		{`{"title": ["a"], "text": "x"}`, `"title" must be a string, not an array`},
		{`{"Published": 2023, "text": "x"}`, `"Published" must be a string, not a number`},
		{`{"id": true, "text": "x"}`, `"id" must be a string, not a boolean`},
		{`{"text": {"body": "x"}}`, `"text" must be a string, not an object`},
		{`[{"text": "x"}]`, `must be a JSON object, not an array`},
		{`"just a string"`, `must be a JSON object, not a string`},
		{`null`, `must be a JSON object, not null`},
		{`not json`, `invalid JSON: a line must be an object, starting with {`},
		{`{"text": "unterminated`, `invalid JSON: the line ends inside "text"`},
		{`{"text": "a"`, `invalid JSON: the line ends before the object is closed`},
		{`{"text": "a" "title": "b"}`, `invalid JSON at column 14: invalid character '"' after object value (expecting ',' or '}')`},
		{`{"text": "a"} {"text": "b"}`, `invalid JSON at column 15: more than one value on the line`},
		{`{"text": "bad \x escape"}`, "invalid JSON at column 15 in \"text\": invalid escape sequence `\\x` in string"},
	}
	var b strings.Builder
	for _, tt := range tests {
		b.WriteString(tt.line + "\n")
	}
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	write(t, path, b.String())
	var logs bytes.Buffer
	res, err := Load(context.Background(), path, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != len(tests) {
		t.Fatalf("skipped %+v", res.Skipped)
	}
	for i, tt := range tests {
		want := Skipped{Path: fmt.Sprintf("%s:%d", path, i+1), Line: i + 1, Reason: tt.reason}
		if got := res.Skipped[i]; got != want {
			t.Errorf("line %d %s:\n got %s: %s\nwant %s: %s", i+1, tt.line, got.Path, got.Reason, want.Path, want.Reason)
		}
	}
}
