package timex

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Score is the strict evaluation of Tag against gold values: precision,
// recall and F1 over (sentence id, value) pairs, where a value counts only
// at the right granularity. *_REF values are ignored on both sides.
type Score struct {
	Precision, Recall, F1 float64
	TP, FP, FN            int
	Errors                []EvalError
}

// EvalError is one sentence where Tag's values differ from the gold.
type EvalError struct {
	ID, Text, Published string
	Got, Want           []string
}

// evalItem is one line of the dates-dev.jsonl format.
type evalItem struct {
	ID        string   `json:"id"`
	Published string   `json:"published"`
	Text      string   `json:"text"`
	Values    []string `json:"values"`
}

// Evaluate reads sentences in the JSON Lines format of dates-dev.jsonl
// ({"id","published","text","values"}), tags each against its published
// date and scores the calendar values.
func Evaluate(r io.Reader) (Score, error) {
	var s Score
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var it evalItem
		if err := json.Unmarshal([]byte(raw), &it); err != nil {
			return Score{}, fmt.Errorf("evaluate line %d: %w", line, err)
		}
		var ref time.Time
		if it.Published != "" {
			var err error
			if ref, err = time.Parse("2006-01-02", it.Published[:min(10, len(it.Published))]); err != nil {
				return Score{}, fmt.Errorf("evaluate line %d: published %q: %w", line, it.Published, err)
			}
		}
		want := calendarSet(it.Values)
		var gotVals []string
		for _, e := range Tag(it.Text, ref) {
			gotVals = append(gotVals, e.Value)
		}
		got := calendarSet(gotVals)
		tp := 0
		for v := range got {
			if want[v] {
				tp++
			}
		}
		s.TP += tp
		s.FP += len(got) - tp
		s.FN += len(want) - tp
		if tp != len(got) || tp != len(want) {
			s.Errors = append(s.Errors, EvalError{ID: it.ID, Text: it.Text, Published: it.Published, Got: sorted(got), Want: sorted(want)})
		}
	}
	if err := sc.Err(); err != nil {
		return Score{}, fmt.Errorf("evaluate: read: %w", err)
	}
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s, nil
}

// calendarSet keeps the distinct values that are not *_REF.
func calendarSet(vs []string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		if !strings.HasSuffix(v, "_REF") {
			m[v] = true
		}
	}
	return m
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
