package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestAskJSONShape(t *testing.T) {
	code, out, errOut := runCLI(t, "", "ask", "Where is Meng Wanzhou under house arrest?", "--json", "-k", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if want := []string{"answer", "citations", "found", "question"}; !reflect.DeepEqual(keys(got), want) {
		t.Fatalf("keys = %v, want %v", keys(got), want)
	}
	cites := got["citations"].([]any)
	if len(cites) != 2 || got["found"] != true {
		t.Fatalf("found=%v with %d citations", got["found"], len(cites))
	}
	c := cites[0].(map[string]any)
	for _, k := range []string{"n", "article_id", "title", "published", "url", "source", "excerpt", "score"} {
		if _, ok := c[k]; !ok {
			t.Errorf("citation lacks %q: %v", k, c)
		}
	}
	if c["n"] != 1.0 || c["published"] != "2019-06-04" || !strings.Contains(c["excerpt"].(string), "Canada") {
		t.Errorf("citation [1] = %v", c)
	}
}

func TestAskBatchFromStdin(t *testing.T) {
	code, out, errOut := runCLI(t, "Who founded Huawei?\n\nWhat is the boiling point of ethanol?\n", "ask", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want one JSON object per question:\n%s", len(lines), out)
	}
	var second struct {
		Found     bool  `json:"found"`
		Citations []any `json:"citations"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil || second.Found || len(second.Citations) != 0 {
		t.Errorf("uncovered question: %s (%v)", lines[1], err)
	}
}

func TestAskRejectsBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"ask", "   "},
		{"ask", strings.Repeat("x", 1001)},
		{"ask"},
		{"ask", "q", "-k", "0"},
		{"nosuchcommand"},
	} {
		code, _, errOut := runCLI(t, "", args...)
		if code == 0 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func TestHelpForEveryCommand(t *testing.T) {
	for name := range commands {
		code, _, errOut := runCLI(t, "", name, "--help")
		if code != 0 || !strings.Contains(errOut, "Usage: dossier "+name) {
			t.Errorf("%s --help: exit %d, %q", name, code, errOut)
		}
	}
}

func TestIndexSourcesAndEval(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	os.MkdirAll(corpus, 0o755)
	os.WriteFile(filepath.Join(corpus, "harbour.md"), []byte("---\ntitle: Harbour plan approved\npublished: 2024-03-04\nurl: https://example.com/harbour\n---\nThe council approved the harbour plan on Monday after a long debate. Work starts in May.\n"), 0o644)
	os.WriteFile(filepath.Join(corpus, "junk.bin"), []byte{0, 1, 2, 3}, 0o644)
	idx := filepath.Join(dir, "index.snap")

	code, out, errOut := runCLI(t, "", "index", "--corpus", corpus, "--index", idx)
	if code != 0 || !strings.Contains(out, "1 articles") || !strings.Contains(out, "junk.bin") {
		t.Fatalf("index: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "", "sources", "--corpus", corpus, "--index", idx)
	if code != 0 || !strings.Contains(out, "2024-03-04") || !strings.Contains(out, "Harbour plan approved") {
		t.Fatalf("sources: exit %d\n%s", code, out)
	}
	qa := filepath.Join(dir, "qa.jsonl")
	os.WriteFile(qa, []byte(`{"question":"When does work on the harbour start?","answers":["May"]}`+"\n"+`{"question":"Who won the chess final?","answers":[]}`+"\n"), 0o644)
	code, out, errOut = runCLI(t, "", "eval", "--corpus", corpus, "--index", idx, "--qa", qa, "--json")
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, errOut)
	}
	var rep struct {
		Questions    int                `json:"questions"`
		Answerable   int                `json:"answerable"`
		Recall       map[string]float64 `json:"recall"`
		MRR          float64            `json:"mrr"`
		NotFoundRate float64            `json:"not_found_rate"`
		Latency      map[string]float64 `json:"latency_ms"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 2 || rep.Answerable != 1 || rep.Recall["1"] != 1 || rep.MRR != 1 || rep.NotFoundRate != 1 || len(rep.Latency) != 2 {
		t.Errorf("eval report = %+v", rep)
	}
}

// A bad setting stops a command with every problem named, before any work.
func TestInvalidConfigurationIsReported(t *testing.T) {
	t.Setenv("EMBED_BASE_URL", "localhost:11434")
	t.Setenv("LLM_BASE_URL", "http://localhost:11434/v1")
	code, _, errOut := runCLI(t, "", "ask", "Who founded Huawei?")
	if code == 0 || !strings.Contains(errOut, "invalid configuration") ||
		!strings.Contains(errOut, "EMBED_BASE_URL") || !strings.Contains(errOut, "LLM_MODEL: required") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

// Skipped JSON Lines lines are counted as lines, and each skip is printed
// once: in the summary, not again in the log.
func TestIndexCountsSkippedLinesAndPrintsEachOnce(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	os.MkdirAll(corpus, 0o755)
	os.WriteFile(filepath.Join(corpus, "harbour.md"), []byte("# Harbour plan approved\n\nThe council approved the harbour plan on Monday.\n"), 0o644)
	os.WriteFile(filepath.Join(corpus, "junk.bin"), []byte{0, 1, 2, 3}, 0o644)
	jsonl := filepath.Join(corpus, "articles.jsonl")
	os.WriteFile(jsonl, []byte(`{"text": "The ferry resumed service on Thursday."}`+"\nnot json\n"+
		`{"title": ["a"], "text": "x"}`+"\n"+`{"title": "No text"}`+"\n"), 0o644)

	code, out, errOut := runCLI(t, "", "index", "--corpus", corpus, "--index", filepath.Join(dir, "index.snap"))
	if code != 0 {
		t.Fatalf("index: exit %d\n%s\n%s", code, out, errOut)
	}
	if want := "2 articles, 2 passages, 1 skipped file, 3 skipped lines in " + jsonl + ", 0 duplicates"; !strings.Contains(out, want) {
		t.Errorf("summary does not say %q:\n%s", want, out)
	}
	for _, p := range []string{"junk.bin", "articles.jsonl:2", "articles.jsonl:3", "articles.jsonl:4"} {
		if n := strings.Count(out+errOut, p); n != 1 {
			t.Errorf("%s printed %d times:\n%s\n%s", p, n, out, errOut)
		}
	}
	if !strings.Contains(out, `articles.jsonl:3: "title" must be a string, not an array`) {
		t.Errorf("no reason in the user's terms:\n%s", out)
	}
}

// `--index FILE` without `--corpus` never overwrites a snapshot built from
// another corpus: the command fails naming both, and --rebuild replaces it.
func TestIndexOfAnotherCorpusIsNotOverwritten(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	os.MkdirAll(corpus, 0o755)
	os.WriteFile(filepath.Join(corpus, "harbour.md"), []byte("---\ntitle: Harbour plan approved\npublished: 2024-03-04\n---\nThe council approved the harbour plan on Monday. Work starts in May.\n"), 0o644)
	idx := filepath.Join(dir, "index.snap")
	if code, out, errOut := runCLI(t, "", "index", "--corpus", corpus, "--index", idx); code != 0 {
		t.Fatalf("index: exit %d\n%s\n%s", code, out, errOut)
	}
	before, _ := os.ReadFile(idx)
	for _, args := range [][]string{
		{"ask", "--index", idx, "Who founded Huawei?"},
		{"index", "--index", idx},
		{"sources", "--index", idx},
	} {
		code, _, errOut := runCLI(t, "", args...)
		if code != 1 || !strings.Contains(errOut, "index.snap was built from another corpus, "+corpus+" (1 articles), not from the embedded seeds; pass --rebuild to replace it") {
			t.Errorf("%q: exit %d, stderr:\n%s", args, code, errOut)
		}
	}
	if after, _ := os.ReadFile(idx); !bytes.Equal(after, before) {
		t.Fatal("the snapshot of the other corpus was overwritten")
	}
	code, out, errOut := runCLI(t, "", "ask", "--index", idx, "--rebuild", "Who founded Huawei?")
	if code != 0 || !strings.Contains(out, "Ren Zhengfei") {
		t.Fatalf("ask --rebuild: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "", "sources", "--index", idx); code != 0 || !strings.Contains(out, "Huawei") {
		t.Errorf("the seeds' snapshot was not saved by --rebuild: exit %d\n%s", code, out)
	}
}
