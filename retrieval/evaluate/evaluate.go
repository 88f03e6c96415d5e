// Package evaluate scores answers against a question file: answer recall at
// k (a gold answer appears in the excerpt of one of the top k citations),
// mean reciprocal rank, not-found rates and latency.
package evaluate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// Question is one line of a question file. No answers means the corpus
// cannot answer it, and "not found" is right.
type Question struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
	// Date is when the question was asked, YYYY-MM-DD or YYYY/MM/DD;
	// empty when unknown.
	Date string `json:"date,omitempty"`
	// asked is Date parsed.
	asked time.Time
}

// ReadQuestions reads a JSON Lines question file.
func ReadQuestions(r io.Reader) ([]Question, error) {
	var qs []Question
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<24)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q Question
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if q.Date != "" {
			t, err := time.Parse("2006-01-02", strings.ReplaceAll(q.Date, "/", "-"))
			if err != nil {
				return nil, fmt.Errorf("line %d: date %q is not YYYY-MM-DD", line, q.Date)
			}
			q.asked = t
		}
		qs = append(qs, q)
	}
	return qs, sc.Err()
}

// Report is the outcome of a run.
type Report struct {
	Questions         int                `json:"questions"`
	Answerable        int                `json:"answerable"`
	Recall            map[string]float64 `json:"recall"`
	MRR               float64            `json:"mrr"`
	NotFoundRate      float64            `json:"not_found_rate"`
	FalseNotFoundRate float64            `json:"false_not_found_rate"`
	Latency           Latency            `json:"latency_ms"`
	Retriever         string             `json:"retriever"`
	// Dated is true when questions were asked as of their dates.
	Dated bool `json:"dated"`
}

// Latency holds percentiles in milliseconds.
type Latency struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// Options tunes a run.
type Options struct {
	Ks        []int  // recall cut-offs, e.g. 1, 5, 10
	Retriever string // passed to AskOptions.Retriever
	// Undated asks every question without its date, as if asked after
	// the corpus was last updated.
	Undated bool
	// Misses, when set, receives one JSON line per question answered
	// wrongly: an answerable one whose answer is in none of the top
	// max(Ks) excerpts, or an unanswerable one that got citations.
	Misses io.Writer
}

// Miss is one line written to Options.Misses.
type Miss struct {
	Question  string               `json:"question"`
	Answers   []string             `json:"answers"`
	Date      string               `json:"date,omitempty"`
	Found     bool                 `json:"found"`
	Citations []retrieval.Citation `json:"citations"`
}

// maxExcerptChars is how much of an excerpt counts, as the metric defines.
const maxExcerptChars = 400

// Run asks every question and scores the answers.
func Run(ctx context.Context, eng *retrieval.Engine, qs []Question, opts Options) (Report, error) {
	maxK := 0
	for _, k := range opts.Ks {
		maxK = max(maxK, k)
	}
	rep := Report{Questions: len(qs), Recall: map[string]float64{}, Retriever: opts.Retriever}
	hitsAt := make([]int, len(opts.Ks))
	var lat []float64
	unanswerable, notFound, falseNotFound := 0, 0, 0
	for _, q := range qs {
		start := time.Now()
		ask := retrieval.AskOptions{K: maxK, Retriever: opts.Retriever}
		if !opts.Undated && !q.asked.IsZero() {
			ask.AsOf = q.asked
			rep.Dated = true
		}
		ans, err := eng.Ask(ctx, q.Question, ask)
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		if err != nil {
			return rep, fmt.Errorf("ask %q: %w", q.Question, err)
		}
		rank := FirstHit(ans.Citations, q.Answers)
		answerable := len(q.Answers) > 0
		if wrong := ans.Found != answerable || (answerable && rank == 0); wrong && opts.Misses != nil {
			if err := json.NewEncoder(opts.Misses).Encode(Miss{q.Question, q.Answers, q.Date, ans.Found, ans.Citations}); err != nil {
				return rep, fmt.Errorf("write miss: %w", err)
			}
		}
		if !answerable {
			unanswerable++
			if !ans.Found {
				notFound++
			}
			continue
		}
		rep.Answerable++
		if !ans.Found {
			falseNotFound++
			continue
		}
		if rank > 0 {
			rep.MRR += 1 / float64(rank)
		}
		for i, k := range opts.Ks {
			if rank > 0 && rank <= k {
				hitsAt[i]++
			}
		}
	}
	for i, k := range opts.Ks {
		rep.Recall[strconv.Itoa(k)] = ratio(hitsAt[i], rep.Answerable)
	}
	rep.MRR = ratioF(rep.MRR, rep.Answerable)
	rep.NotFoundRate = ratio(notFound, unanswerable)
	rep.FalseNotFoundRate = ratio(falseNotFound, rep.Answerable)
	sort.Float64s(lat)
	rep.Latency = Latency{P50: percentile(lat, 0.5), P95: percentile(lat, 0.95)}
	return rep, nil
}

// FirstHit returns the 1-based rank of the first citation whose excerpt
// holds one of the answers, or 0.
func FirstHit(cites []retrieval.Citation, answers []string) int {
	folded := make([]string, 0, len(answers))
	for _, a := range answers {
		if fa := textseg.Fold(a); fa != "" {
			folded = append(folded, fa)
		}
	}
	for i, c := range cites {
		ex := c.Excerpt
		if r := []rune(ex); len(r) > maxExcerptChars {
			ex = string(r[:maxExcerptChars])
		}
		ex = textseg.Fold(ex)
		for _, fa := range folded {
			if strings.Contains(ex, fa) {
				return i + 1
			}
		}
	}
	return 0
}

func ratio(n, d int) float64 { return ratioF(float64(n), d) }

func ratioF(n float64, d int) float64 {
	if d == 0 {
		return 0
	}
	return n / float64(d)
}

// percentile returns the p-quantile of sorted.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}
