package bot

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// golden compares got with testdata/name.golden, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run go test -update if the change is intended):\n%s", name, path, got)
	}
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var june4 = time.Date(2019, 6, 4, 0, 0, 0, 0, time.UTC)

func sampleAnswer() retrieval.Answer {
	return retrieval.Answer{
		Question: "Would Huawei sign a no-spy agreement?",
		Text:     "Huawei's chairman said the company is willing to sign no-spy agreements [1], though he doubted the U.S. would buy from it [2].",
		Found:    true,
		Citations: []retrieval.Citation{
			{N: 1, ArticleID: "npr-2019-06-04-huawei-no-spy", Title: "Huawei Chairman Willing To Sign A 'No-Spy' Deal With The United States",
				Published: june4, URL: "https://www.kgou.org/huawei-no-spy", Source: "NPR, via member station KGOU", Part: "article",
				Excerpt: "\"We are willing to sign no-spy agreements with countries,\" said Huawei Chairman Liang Hua."},
			{N: 2, ArticleID: "npr-2019-06-04-huawei-no-spy", Title: "Huawei Chairman Willing To Sign A 'No-Spy' Deal With The United States",
				Published: june4, Source: "NPR, via member station KGOU", Part: "broadcast transcript",
				Excerpt: "GOGOI: What he's saying is that he is skeptical.\n\nCORNISH: Remind us what this is all in response to."},
		},
	}
}

func TestRenderAnswerGolden(t *testing.T) {
	a := sampleAnswer()
	golden(t, "answer", asJSON(t, renderAnswer(a, "", "k1")))
	golden(t, "answer_note", asJSON(t, renderAnswer(a, "The summarizer is unavailable.", "k1")))
	golden(t, "answer_not_found", asJSON(t, renderAnswer(retrieval.Answer{Question: "Who won the 1998 World Cup?"}, "", "k1")))
}

func TestRenderAnswerWithinLimits(t *testing.T) {
	a := sampleAnswer()
	a.Text = strings.Repeat("word ", 900) + "[1] more [2]"
	a.Citations = nil
	for i := range 14 {
		a.Citations = append(a.Citations, retrieval.Citation{
			N: i + 1, Title: strings.Repeat("Title ", 80), Published: june4,
			URL: "https://example.com/" + strings.Repeat("x", 3000), Source: strings.Repeat("S", 300),
			Excerpt: strings.Repeat("😀 Zaïre éé ", 700),
		})
	}
	r := renderAnswer(a, strings.Repeat("note ", 200), "k")
	var msg map[string]any
	if err := json.Unmarshal([]byte(asJSON(t, r)), &msg); err != nil {
		t.Fatal(err)
	}
	if p := limitProblems(msg); len(p) > 0 {
		t.Errorf("limits broken: %v", p)
	}
	if len(r.Embeds) != maxEmbeds {
		t.Errorf("%d embeds", len(r.Embeds))
	}
	for _, e := range r.Embeds {
		if e.URL != "" {
			t.Errorf("an over-long URL was linked")
		}
		if !strings.HasPrefix(e.Description, "> 😀") || !strings.HasSuffix(e.Description, ellipsis) {
			t.Errorf("excerpt not trimmed as a quote with an ellipsis: …%q", e.Description[len(e.Description)-20:])
		}
	}
}

func TestTrimWords(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"the quick brown fox jumps", 16, "the quick brown…"},
		{"the quick brown fox jumps", 15, "the quick…"},
		{"answer one [1] and two [12] more", 25, "answer one [1] and two…"},
		{"answer one [1] and two [12] more", 26, "answer one [1] and two…"},
		{"supercalifragilistic", 8, "superca…"},
		{"emoji 😀😀😀 end", 10, "emoji…"},
		{"trailing, comma here", 11, "trailing…"},
		{"x", 0, ""},
	}
	for _, tt := range tests {
		got := trimWords(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("trimWords(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if length(got) > tt.max {
			t.Errorf("trimWords(%q, %d) is %d long", tt.in, tt.max, length(got))
		}
	}
}

func TestRenderSourcesGolden(t *testing.T) {
	var arts []retrieval.ArticleInfo
	for i := range 23 {
		arts = append(arts, retrieval.ArticleInfo{
			ID: fmt.Sprintf("a%02d", i), Title: fmt.Sprintf("Article [%d] about things", i),
			Published: june4.AddDate(0, 0, -i), URL: "https://example.com/" + fmt.Sprint(i), Source: "Example", Passages: 3,
		})
	}
	arts[1].URL = ""
	golden(t, "sources_first", asJSON(t, renderSources(arts, 0)))
	golden(t, "sources_last", asJSON(t, renderSources(arts, 99)))
	golden(t, "sources_empty", asJSON(t, renderSources(nil, 0)))
}

func TestRenderReindexGolden(t *testing.T) {
	var b strings.Builder
	b.WriteString(renderProgress(retrieval.Progress{Stage: "embedding", FilesRead: 12, Articles: 11, PassagesDone: 40, PassagesTotal: 310}, 3200*time.Millisecond) + "\n---\n")
	b.WriteString(renderSummary(retrieval.BuildSummary{Articles: 11, Passages: 310, Duplicates: 1, Took: 4210 * time.Millisecond,
		Skipped: []retrieval.SkippedFile{{Path: "notes/todo.pdf", Reason: "unsupported file type"}, {Path: "empty.txt", Reason: "no text"}}}) + "\n---\n")
	b.WriteString(renderReindexFailed(errors.New("read corpus /data/news: no such file or directory")) + "\n---\n")
	b.WriteString(renderSummary(retrieval.BuildSummary{Articles: 2, Passages: 27, Took: time.Second, SaveError: "save index /ro/index.snap: read-only file system"}) + "\n")
	golden(t, "reindex", b.String())

	var many []retrieval.SkippedFile
	for i := range 500 {
		many = append(many, retrieval.SkippedFile{Path: fmt.Sprintf("dir/file-%03d.bin", i), Reason: "unsupported file type"})
	}
	s := renderSummary(retrieval.BuildSummary{Skipped: many})
	if length(s) > maxContent || !strings.Contains(s, "more") {
		t.Errorf("summary of 500 skipped files is %d long or does not say how many more", length(s))
	}
}

// A question about a year the articles do not speak of is refused, and
// the reply shows what they give for other years as context: the text
// and its citations, without feedback buttons.
func TestRenderOtherYears(t *testing.T) {
	a, err := seedsEngine(t).Ask(context.Background(), "What was Huawei's revenue in 2023?", retrieval.AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := renderAnswer(a, "", "k1")
	if a.Found || !strings.HasPrefix(r.Content, "The articles do not cover 2023; they speak of 2019") {
		t.Errorf("found %v, content %q; want a refusal naming 2023 and the years given", a.Found, r.Content)
	}
	if len(r.Embeds) == 0 || !strings.Contains(r.Embeds[0].Description, "858.8 billion yuan") {
		t.Errorf("embeds %+v; want the 2019 revenue cited as context", r.Embeds)
	}
	if len(r.Components) != 0 {
		t.Errorf("components %+v; want no feedback buttons on a refusal", r.Components)
	}
}
