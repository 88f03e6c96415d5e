package evaluate

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/timeline"
)

// The timeline benchmark follows the news-tls protocol (Gholipour
// Ghalandari & Ifrim, ACL 2020) as ../shared/eval/tls-dev/score_tls.py
// implements it: every gold timeline is one task; the system gets the
// topic's articles, its keywords, the timeline's first and last date and
// N, the number of gold dates, and returns at most N dated entries. Only
// day-granularity events count; a day's summary is its first k event
// texts, k the gold timeline's mean sentences per date.

// GoldTimeline is one journalist's timeline of a topic.
type GoldTimeline struct {
	Name  string              `json:"name"`
	Dates map[string][]string `json:"dates"` // YYYY-MM-DD -> sentences
}

// TimelineTask is one topic folder: DIR/topic/{corpus.jsonl,
// timelines.json, keywords.json}.
type TimelineTask struct {
	Topic     string
	Corpus    string // path of corpus.jsonl
	Keywords  []string
	Timelines []GoldTimeline
}

// ReadTimelineTasks reads every topic folder of dir that holds a
// timelines.json, in name order.
func ReadTimelineTasks(dir string) ([]TimelineTask, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read timeline data: %w", err)
	}
	var tasks []TimelineTask
	for _, e := range entries {
		tdir := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(tdir, "timelines.json")); err != nil {
			continue
		}
		t := TimelineTask{Topic: e.Name(), Corpus: filepath.Join(tdir, "corpus.jsonl")}
		if err := readJSONFile(filepath.Join(tdir, "keywords.json"), &t.Keywords); err != nil {
			return nil, err
		}
		if err := readJSONFile(filepath.Join(tdir, "timelines.json"), &t.Timelines); err != nil {
			return nil, err
		}
		tasks = append(tasks, t)
	}
	if len(tasks) == 0 {
		return nil, fmt.Errorf("no topic folders with a timelines.json in %s", dir)
	}
	return tasks, nil
}

func readJSONFile(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read timeline data: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: not valid JSON: %w", path, err)
	}
	return nil
}

// PR is a precision and recall pair.
type PR struct{ P, R float64 }

// F1 is the harmonic mean of P and R.
func (x PR) F1() float64 {
	if x.P+x.R == 0 {
		return 0
	}
	return 2 * x.P * x.R / (x.P + x.R)
}

// TimelineScore is one gold timeline's result.
type TimelineScore struct {
	Topic, Name string
	Gold, Hits  int // gold dates, predicted dates that are gold
	Predicted   int
	Date        PR // exact-day dates
	AR1, AR2    PR // alignment-based ROUGE-1 and ROUGE-2 (tilse align, m:1)
	Elapsed     time.Duration
}

// TimelineReport holds every timeline's score and their news-tls
// averages: mean precision and mean recall, F1 of the two.
type TimelineReport struct {
	Timelines      []TimelineScore
	Date, AR1, AR2 PR
}

// TimelineEngine opens the engine over a topic's corpus.
type TimelineEngine func(ctx context.Context, corpus string) (*retrieval.Engine, error)

// RunTimelines runs every task's timelines and scores them.
func RunTimelines(ctx context.Context, tasks []TimelineTask, open TimelineEngine) (TimelineReport, error) {
	var rep TimelineReport
	for _, task := range tasks {
		eng, err := open(ctx, task.Corpus)
		if err != nil {
			return rep, fmt.Errorf("topic %s: %w", task.Topic, err)
		}
		topic := strings.Join(task.Keywords, " ")
		for _, gold := range task.Timelines {
			s, err := runTimeline(ctx, eng, topic, gold)
			if err != nil {
				return rep, fmt.Errorf("topic %s, timeline %s: %w", task.Topic, gold.Name, err)
			}
			s.Topic = task.Topic
			rep.Timelines = append(rep.Timelines, s)
		}
	}
	rep.average()
	return rep, nil
}

// runTimeline asks for one gold timeline's task and scores the answer.
func runTimeline(ctx context.Context, eng *retrieval.Engine, topic string, gold GoldTimeline) (TimelineScore, error) {
	days := make([]string, 0, len(gold.Dates))
	sents := 0
	for d, ss := range gold.Dates {
		days = append(days, d)
		sents += len(ss)
	}
	if len(days) == 0 {
		return TimelineScore{}, fmt.Errorf("no gold dates")
	}
	sort.Strings(days)
	since, _, err := retrieval.DateBound(days[0])
	if err != nil {
		return TimelineScore{}, err
	}
	_, until, err := retrieval.DateBound(days[len(days)-1])
	if err != nil {
		return TimelineScore{}, err
	}
	n := len(days)
	k := max(1, int(math.Round(float64(sents)/float64(n))))
	start := time.Now()
	tl, err := eng.Timeline(ctx, topic, retrieval.TimelineOptions{Since: since, Until: until, Limit: n})
	if err != nil {
		return TimelineScore{}, err
	}
	elapsed := time.Since(start)
	pred := predictedDays(tl, n, k)
	s := scoreTimeline(pred, gold.Dates)
	s.Name, s.Gold, s.Elapsed = gold.Name, n, elapsed
	return s, nil
}

// predictedDays groups the day-granularity events by day in the
// timeline's order, keeps the first n days and each one's first k texts.
func predictedDays(tl timeline.Timeline, n, k int) map[string][]string {
	out := map[string][]string{}
	var order []string
	for _, ev := range tl.Events {
		if ev.Granularity != "day" || !ev.End.Equal(ev.Start.AddDate(0, 0, 1)) {
			continue
		}
		d := ev.Start.Format("2006-01-02")
		if _, ok := out[d]; !ok {
			if len(order) == n {
				continue
			}
			order = append(order, d)
		}
		if len(out[d]) < k {
			out[d] = append(out[d], strings.Join(strings.Fields(ev.Text), " "))
		}
	}
	return out
}

// scoreTimeline scores predicted days against gold days.
func scoreTimeline(pred, gold map[string][]string) TimelineScore {
	ptoks, gtoks := dayTokens(pred), dayTokens(gold)
	hits := 0
	for d := range ptoks {
		if _, ok := gtoks[d]; ok {
			hits++
		}
	}
	s := TimelineScore{Predicted: len(ptoks), Hits: hits, Date: PR{P: ratio(hits, len(ptoks)), R: ratio(hits, len(gtoks))}}
	s.AR1 = alignedROUGE(ptoks, gtoks, 1)
	s.AR2 = alignedROUGE(ptoks, gtoks, 2)
	return s
}

// dayTokens tokenises each day's sentences.
func dayTokens(days map[string][]string) map[string][]string {
	out := make(map[string][]string, len(days))
	for d, ss := range days {
		out[d] = rougeTokens(strings.Join(ss, " "))
	}
	return out
}

// alignedROUGE is tilse's "align, m:1" ROUGE-n: each predicted day is
// matched to its cheapest gold day (cost = date factor x content factor),
// its n-gram overlap weighted by 1/(1 + days apart); recall likewise from
// the gold side.
func alignedROUGE(pred, gold map[string][]string, n int) PR {
	pdays, gdays := slices.Sorted(maps.Keys(pred)), slices.Sorted(maps.Keys(gold))
	content := map[[2]string]float64{}
	cost := func(p, g string) float64 {
		key := [2]string{p, g}
		c, ok := content[key]
		if !ok {
			c = 1 - rouge1F(pred[p], gold[g])
			content[key] = c
		}
		return (1 - 1/float64(daysApart(p, g)+1)) * c
	}
	pgrams, ggrams := map[string]map[string]int{}, map[string]map[string]int{}
	for _, d := range pdays {
		pgrams[d] = ngrams(pred[d], n)
	}
	for _, d := range gdays {
		ggrams[d] = ngrams(gold[d], n)
	}
	var pnum, rnum float64
	var pden, rden int
	for _, p := range pdays {
		pden += total(pgrams[p])
		if g, ok := cheapest(gdays, func(g string) float64 { return cost(p, g) }); ok {
			pnum += float64(overlap(pgrams[p], ggrams[g])) / float64(daysApart(p, g)+1)
		}
	}
	for _, g := range gdays {
		rden += total(ggrams[g])
		if p, ok := cheapest(pdays, func(p string) float64 { return cost(p, g) }); ok {
			rnum += float64(overlap(pgrams[p], ggrams[g])) / float64(daysApart(p, g)+1)
		}
	}
	return PR{P: ratioF(pnum, pden), R: ratioF(rnum, rden)}
}

// cheapest returns the candidate of least cost, the first on ties.
func cheapest(cands []string, cost func(string) float64) (string, bool) {
	best, bestCost, ok := "", 0.0, false
	for _, c := range cands {
		if x := cost(c); !ok || x < bestCost {
			best, bestCost, ok = c, x, true
		}
	}
	return best, ok
}

func daysApart(a, b string) int {
	ta, _ := time.Parse("2006-01-02", a)
	tb, _ := time.Parse("2006-01-02", b)
	d := int(ta.Sub(tb).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

// average fills in the news-tls averages: mean P and mean R over the
// timelines.
func (rep *TimelineReport) average() {
	n := float64(len(rep.Timelines))
	if n == 0 {
		return
	}
	var date, ar1, ar2 PR
	for _, s := range rep.Timelines {
		date.P, date.R = date.P+s.Date.P/n, date.R+s.Date.R/n
		ar1.P, ar1.R = ar1.P+s.AR1.P/n, ar1.R+s.AR1.R/n
		ar2.P, ar2.R = ar2.P+s.AR2.P/n, ar2.R+s.AR2.R/n
	}
	rep.Date, rep.AR1, rep.AR2 = date, ar1, ar2
}
