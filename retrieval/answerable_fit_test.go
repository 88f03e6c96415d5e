package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/kljensen/snowball/english"
)

// TestFitAnswerability refits the answerability model (answerCoef,
// answerBias, answerThreshold) from the evaluation data, and prints the
// constants to paste into answerable.go. It runs only with
// DOSSIER_FIT_ANSWERABLE=1 and takes a few minutes; set
// DOSSIER_FIT_INDEX_DIR to keep the two rtqa index snapshots between runs,
// and DOSSIER_FIT_DUMP to write the feature rows as JSON Lines.
//
// Three corpora: rtqa-2022, rtqa-2023 (../shared/eval) and the embedded
// seed articles, the last so that the model also serves a collection of a
// few articles.
//
// Positives: the rtqa-2022 and rtqa-2023 questions asked of their own
// year's corpus, dated and undated (all of them are answerable there),
// and the answerable seed questions asked of the seed articles.
// Negatives: each rtqa year's questions asked of the other corpora,
// undated, kept only when none of their answers occurs anywhere in that
// corpus (events of another year, which the articles cannot answer); the
// answerable seed questions asked of the rtqa corpora, kept the same way;
// and the general-knowledge questions of testdata/general-qa.jsonl, asked
// of every corpus. The off-topic questions of testdata/offtopic-qa.jsonl
// and the unanswerable seed questions are not fitted on: they are the
// held-out checks, with short questions about the names in each rtqa
// corpus's headlines, which it covers (DOSSIER_FIT_CHECK=file scores
// another file the same way; DOSSIER_FIT_SKIP=text scores, without fitting on, the sets whose
// name holds text, e.g. "on-rtqa-2023" to fit on one year and check on
// the other).
//
// The model is an L2-regularised logistic regression, each corpus
// weighing the same and positives and negatives half each within it,
// fitted by Newton's method (deterministic). The threshold is the logit
// below which targetFNF of the rtqa positives fall.
func TestFitAnswerability(t *testing.T) {
	if os.Getenv("DOSSIER_FIT_ANSWERABLE") == "" {
		t.Skip("set DOSSIER_FIT_ANSWERABLE=1 to refit the answerability model")
	}
	var rows []fitRow
	if from := os.Getenv("DOSSIER_FIT_FROM"); from != "" {
		rows = readFitRows(t, from)
	} else {
		rows = gatherFitRows(t)
	}
	if dump := os.Getenv("DOSSIER_FIT_DUMP"); dump != "" {
		writeFitRows(t, dump, rows)
	}
	if skip := os.Getenv("DOSSIER_FIT_SKIP"); skip != "" { // score, do not fit, these sets
		for i := range rows {
			if strings.Contains(rows[i].Set, skip) {
				rows[i].Check = true
			}
		}
	}
	// Each corpus weighs the same, and within it positives and negatives
	// weigh half each: the seed corpus's few rows count as much as a
	// large corpus's many.
	groups := map[string]float64{}
	for _, r := range rows {
		if !r.Check {
			groups[r.group()]++
		}
	}
	var x [][]float64
	var y, weight []float64
	for _, r := range rows {
		if r.Check {
			continue
		}
		x = append(x, r.Features)
		weight = append(weight, 1/groups[r.group()])
		if r.Positive {
			y = append(y, 1)
		} else {
			y = append(y, 0)
		}
	}
	coef, bias := fitLogistic(x, y, weight, fitLambda)
	var pos []float64
	for _, r := range rows {
		if r.Positive && !r.Check && r.Corpus != "seeds" {
			pos = append(pos, linear(coef, bias, r.Features))
		}
	}
	sort.Float64s(pos)
	threshold := pos[int(targetFNF*float64(len(pos)))]
	perSet := map[string][2]int{} // set -> refused, total
	for _, r := range rows {
		c := perSet[r.Set]
		c[1]++
		if linear(coef, bias, r.Features) < threshold {
			c[0]++
		}
		perSet[r.Set] = c
	}
	var sets []string
	for s := range perSet {
		sets = append(sets, s)
	}
	sort.Strings(sets)
	for _, s := range sets {
		t.Logf("%-32s refused %4d of %4d (%.3f)", s, perSet[s][0], perSet[s][1], float64(perSet[s][0])/float64(perSet[s][1]))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "answerCoef = [...]float64{")
	for i, c := range coef {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%.4f", c)
	}
	fmt.Fprintf(&b, "}\nanswerBias = %.4f\nanswerThreshold = %.4f", bias, threshold)
	t.Logf("fitted on %d rows:\n%s", len(rows), b.String())
	if os.Getenv("DOSSIER_FIT_FROM") != "" || os.Getenv("DOSSIER_FIT_SKIP") != "" {
		return // an experiment, not the model's own data
	}
	same := math.Abs(bias-answerBias) < 1e-3 && math.Abs(threshold-answerThreshold) < 1e-3 && len(coef) == len(answerCoef)
	for i := range coef {
		same = same && math.Abs(coef[i]-answerCoef[i]) < 1e-3
	}
	if !same {
		t.Errorf("the constants in answerable.go are not the ones the data gives; paste the ones above")
	}
}

// targetFNF is the share of the training positives the fitted threshold
// refuses; fitLambda the L2 penalty on the coefficients.
const (
	targetFNF = 0.02
	fitLambda = 1e-3
)

// fitRow is one question's evidence and whether it is answerable.
type fitRow struct {
	Set      string    `json:"set"`
	Corpus   string    `json:"corpus"` // asked of
	Question string    `json:"question"`
	Positive bool      `json:"positive"`
	Features []float64 `json:"features"`
	// Check marks a row that is only scored, not fitted on.
	Check bool `json:"check,omitempty"`
}

// group is the row's corpus and label, the unit of the fit's weights.
func (r fitRow) group() string { return fmt.Sprintf("%s/%v", r.Corpus, r.Positive) }

func gatherFitRows(t *testing.T) []fitRow {
	eval := filepath.Join("..", "..", "shared", "eval")
	years := []string{"rtqa-2022", "rtqa-2023"}
	questions := map[string][]fitQuestion{}
	for _, y := range years {
		questions[y] = readFitQuestions(t, filepath.Join(eval, y, "qa.jsonl"))
	}
	// The seed questions that the seed articles answer, about Huawei in
	// 2019–2021: short questions, as users ask them.
	seeds := readFitQuestions(t, filepath.Join(eval, "seeds-qa.jsonl"))
	ctx := context.Background()
	var rows []fitRow
	general := filepath.Join("..", "testdata", "general-qa.jsonl")
	for _, y := range append(years, "seeds") {
		opts := Options{QuietSkips: true}
		if y != "seeds" {
			opts.Corpus = filepath.Join(eval, y, "articles.jsonl")
			if dir := os.Getenv("DOSSIER_FIT_INDEX_DIR"); dir != "" {
				opts.IndexPath = filepath.Join(dir, "fit-"+y+".idx")
			}
		}
		e, _, err := Open(ctx, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		ask := func(set, question string, asOf time.Time, positive bool) {
			ev, err := e.evidenceFor(ctx, question, AskOptions{AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, fitRow{Set: set + "-on-" + y, Corpus: y, Question: question, Positive: positive, Features: ev.features(), Check: strings.HasPrefix(set, "check:")})
		}
		for _, path := range []string{filepath.Join("..", "testdata", "offtopic-qa.jsonl"), os.Getenv("DOSSIER_FIT_CHECK")} {
			if path == "" {
				continue
			}
			for _, q := range readFitQuestions(t, path) {
				ask("check:"+strings.TrimSuffix(filepath.Base(path), ".jsonl"), q.Question, time.Time{}, false)
			}
		}
		for _, q := range readFitQuestions(t, general) {
			ask("general", q.Question, time.Time{}, false)
		}
		text := foldCorpus(e)
		for _, q := range seeds {
			switch {
			case y == "seeds" && len(q.Answers) > 0:
				ask("seeds", q.Question, time.Time{}, true)
			case y == "seeds":
				ask("check:seeds", q.Question, time.Time{}, false) // held out
			case len(q.Answers) > 0 && !anyIn(text, q.Answers):
				ask("seeds", q.Question, time.Time{}, false)
			}
		}
		if y != "seeds" {
			// Held out too: short questions a reader asks about the news
			// of the corpus's own headlines, which the quiz questions,
			// long and specific, do not measure.
			for _, q := range headlineQuestions(e.live.Load().Articles, 300) {
				ask("check:headlines", q, time.Time{}, true)
			}
		}
		for _, o := range years {
			if o == y {
				for _, q := range questions[y] {
					ask(y+"/dated", q.Question, q.date, true)
					ask(y+"/undated", q.Question, time.Time{}, true)
				}
				continue
			}
			for _, q := range questions[o] {
				if !anyIn(text, q.Answers) {
					ask(o, q.Question, time.Time{}, false)
				}
			}
		}
	}
	return rows
}

// evidenceFor is Ask up to the evidence it decides on.
func (e *Engine) evidenceFor(ctx context.Context, question string, opts AskOptions) (evidence, error) {
	ix := e.live.Load()
	cands, q, err := e.candidates(ctx, ix, question, opts)
	if err != nil {
		return evidence{}, err
	}
	return gatherEvidence(ctx, ix, question, q, cands, checkYears(ix, question, cands))
}

type fitQuestion struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
	Date     string   `json:"date"`
	date     time.Time
}

func readFitQuestions(t *testing.T, path string) []fitQuestion {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("evaluation data not present: %v", err)
	}
	defer f.Close()
	var out []fitQuestion
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var q fitQuestion
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		q.date, _ = time.Parse("2006/01/02", q.Date)
		out = append(out, q)
	}
	return out
}

// foldCorpus returns every article's title and text, folded, in one string.
func foldCorpus(e *Engine) string {
	var b strings.Builder
	for _, a := range e.live.Load().Articles {
		b.WriteString(textseg.Fold(a.Title))
		b.WriteString(" | ")
		b.WriteString(textseg.Fold(a.Text))
		b.WriteString(" | ")
	}
	return b.String()
}

func anyIn(text string, answers []string) bool {
	for _, a := range answers {
		if fa := textseg.Fold(a); fa != "" && strings.Contains(text, " "+fa+" ") {
			return true
		}
	}
	return false
}

func writeFitRows(t *testing.T, path string, rows []fitRow) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func readFitRows(t *testing.T, path string) []fitRow {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []fitRow
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r fitRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	return rows
}

// fitLogistic fits P(y=1|x) = logistic(coef·x + bias) by Newton's method
// on the L2-penalised log-likelihood, row i weighing weight[i].
func fitLogistic(x [][]float64, y, weight []float64, lambda float64) ([]float64, float64) {
	d := len(x[0]) + 1 // the last coefficient is the bias
	w := make([]float64, d)
	for iter := 0; iter < 50; iter++ {
		grad := make([]float64, d)
		hess := make([][]float64, d)
		for i := range hess {
			hess[i] = make([]float64, d)
		}
		for i, xi := range x {
			z := w[d-1]
			for j, v := range xi {
				z += w[j] * v
			}
			p := logistic(z)
			cw := weight[i]
			for j := 0; j < d; j++ {
				vj := 1.0
				if j < d-1 {
					vj = xi[j]
				}
				grad[j] += cw * (p - y[i]) * vj
				for k := 0; k < d; k++ {
					vk := 1.0
					if k < d-1 {
						vk = xi[k]
					}
					hess[j][k] += cw * p * (1 - p) * vj * vk
				}
			}
		}
		for j := 0; j < d-1; j++ {
			grad[j] += lambda * w[j]
			hess[j][j] += lambda
		}
		step := solve(hess, grad)
		change := 0.0
		for j := range w {
			w[j] -= step[j]
			change = math.Max(change, math.Abs(step[j]))
		}
		if change < 1e-9 {
			break
		}
	}
	return w[:d-1], w[d-1]
}

// solve returns v with a·v = b, by Gaussian elimination with pivoting.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append([]float64{}, a[i]...), b[i])
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		for r := 0; r < n; r++ {
			if r != c && m[c][c] != 0 {
				f := m[r][c] / m[c][c]
				for k := c; k <= n; k++ {
					m[r][k] -= f * m[c][k]
				}
			}
		}
	}
	v := make([]float64, n)
	for i := range v {
		if m[i][i] != 0 {
			v[i] = m[i][n] / m[i][i]
		}
	}
	return v
}

// logistic is 1/(1+e^-x).
func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func linear(coef []float64, bias float64, x []float64) float64 {
	z := bias
	for i, c := range coef {
		z += c * x[i]
	}
	return z
}

var nameRun = regexp.MustCompile(`\b\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){1,2}\b`)

// headlineQuestions are short questions a reader asks about the names in
// the titles of n articles spread over the corpus ("What happened to
// Queen Elizabeth?", "Tell me about Met Gala"): the corpus covers them.
func headlineQuestions(arts []corpus.Article, n int) []string {
	templates := []string{"What happened to %s?", "Tell me about %s", "What is the latest on %s?", "What's going on with %s?"}
	var out []string
	step := max(1, len(arts)/n)
	for i := 0; i < len(arts) && len(out) < n; i += step {
		title := arts[i].Title
		if j := strings.LastIndex(title, " - "); j > 0 {
			title = title[:j]
		}
		if j := strings.Index(title, " | "); j > 0 {
			title = title[:j]
		}
		m := ""
		for _, c := range nameRun.FindAllString(title, -1) {
			if nameLike(c) {
				m = c
				break
			}
		}
		if m == "" {
			continue
		}
		out = append(out, fmt.Sprintf(templates[len(out)%len(templates)], m))
	}
	return out
}

// nameLike reports whether run, capitalised words, reads as a name: no
// stop word, possessive or month among them.
func nameLike(run string) bool {
	for _, w := range strings.Fields(run) {
		lw := strings.ToLower(strings.Trim(w, ".,"))
		if english.IsStopWord(lw) || strings.HasSuffix(lw, "'s") || strings.HasSuffix(lw, "’s") || monthName.MatchString(w) || relativeWord.MatchString(w) {
			return false
		}
	}
	return true
}
