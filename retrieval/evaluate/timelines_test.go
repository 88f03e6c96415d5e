package evaluate

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-bot/dossier/retrieval"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreTimeline(t *testing.T) {
	gold := map[string][]string{
		"2020-03-10": {"The Kessel dam burst, flooding three villages."},
		"2020-03-30": {"An inquiry into the collapse opened."},
	}
	s := scoreTimeline(gold, gold)
	if !near(s.Date.F1(), 1) || !near(s.AR1.F1(), 1) || !near(s.AR2.F1(), 1) {
		t.Errorf("the gold itself scores %+v, want 1 everywhere", s)
	}
	// One day late with the same words: no date credit, half the ROUGE
	// (weighted by 1/(1 + 1 day)).
	late := map[string][]string{"2020-03-11": gold["2020-03-10"]}
	s = scoreTimeline(late, gold)
	if s.Date.P != 0 || s.Date.R != 0 {
		t.Errorf("a late day gets date credit: %+v", s.Date)
	}
	if !near(s.AR1.P, 0.5) {
		t.Errorf("AR-1 precision of a day-late copy = %.3f, want 0.5", s.AR1.P)
	}
	if s := scoreTimeline(nil, gold); s.Date.F1() != 0 || s.AR1.F1() != 0 {
		t.Errorf("an empty timeline scores %+v", s)
	}
}

func TestPredictedDaysKeepsNDaysAndKTexts(t *testing.T) {
	dir := t.TempDir()
	corpus := `{"id":"1","title":"Dam","published":"2020-03-11","text":"The Kessel dam burst on March 10, 2020, flooding three villages. Rescuers arrived on March 10, 2020 from the capital."}
{"id":"2","title":"Inquiry","published":"2020-04-01","text":"An inquiry into the Kessel dam opened on March 30, 2020. The Kessel dam had been inspected on January 3, 2020."}
`
	writeFile(t, filepath.Join(dir, "dam", "corpus.jsonl"), corpus)
	writeFile(t, filepath.Join(dir, "dam", "keywords.json"), `["kessel", "dam"]`)
	writeFile(t, filepath.Join(dir, "dam", "timelines.json"),
		`[{"name": "dam_tl", "dates": {"2020-03-10": ["The Kessel dam burst."], "2020-03-30": ["An inquiry opened."]}}]`)
	tasks, err := ReadTimelineTasks(dir)
	if err != nil || len(tasks) != 1 || len(tasks[0].Timelines) != 1 {
		t.Fatalf("tasks = %+v, %v", tasks, err)
	}
	rep, err := RunTimelines(context.Background(), tasks, openCorpus)
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Timelines[0]
	// Two gold dates inside 10-30 March: the two days the articles report,
	// not the January inspection, which lies outside the window.
	if s.Predicted != 2 || s.Hits != 2 || !near(rep.Date.F1(), 1) {
		t.Errorf("score %+v, want both gold days found", s)
	}
	if rep.AR1.F1() <= 0 {
		t.Errorf("AR-1 = %.3f, want some overlap", rep.AR1.F1())
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTimelineBenchmarkBar runs the tls-dev protocol on ../shared and
// holds the bar of issue 11: date F1 of at least 0.50 and AR-1 of at
// least 0.10.
func TestTimelineBenchmarkBar(t *testing.T) {
	if testing.Short() {
		t.Skip("reads ../shared/eval/tls-dev; skipped under -short")
	}
	dir := filepath.Join("..", "..", "..", "shared", "eval", "tls-dev")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no ../shared/eval/tls-dev")
	}
	tasks, err := ReadTimelineTasks(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RunTimelines(context.Background(), tasks, openCorpus)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Date.F1() < 0.50 || rep.AR1.F1() < 0.10 {
		t.Errorf("tls-dev date F1 %.3f, AR-1 %.3f; want at least 0.50 and 0.10", rep.Date.F1(), rep.AR1.F1())
	}
}

// openCorpus opens an engine over a corpus with the default embedder.
func openCorpus(ctx context.Context, path string) (*retrieval.Engine, error) {
	eng, _, err := retrieval.Open(ctx, retrieval.Options{Corpus: path}, nil)
	return eng, err
}
