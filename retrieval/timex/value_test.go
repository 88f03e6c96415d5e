package timex

import (
	"strings"
	"testing"
	"time"
)

func TestRange(t *testing.T) {
	cases := []struct{ value, start, end string }{
		{"2019", "2019-01-01", "2020-01-01"},
		{"2019-05", "2019-05-01", "2019-06-01"},
		{"2019-05-16", "2019-05-16", "2019-05-17"},
		{"2019-W20", "2019-05-13", "2019-05-20"},
		{"2019-W20-WE", "2019-05-18", "2019-05-20"},
		{"2020-W01", "2019-12-30", "2020-01-06"},
		{"2019-SU", "2019-06-01", "2019-09-01"},
		{"2019-WI", "2019-12-01", "2020-03-01"},
		{"2019-Q3", "2019-07-01", "2019-10-01"},
		{"199", "1990-01-01", "2000-01-01"},
	}
	for _, c := range cases {
		s, e, ok := Range(c.value)
		if !ok || s.Format(time.DateOnly) != c.start || e.Format(time.DateOnly) != c.end {
			t.Errorf("Range(%q) = %s, %s, %v; want %s, %s", c.value, s.Format(time.DateOnly), e.Format(time.DateOnly), ok, c.start, c.end)
		}
	}
	for _, v := range []string{"PAST_REF", "PRESENT_REF", "FUTURE_REF", "2019-13", "2019-02-30", "2019-W53", "", "May"} {
		if _, _, ok := Range(v); ok {
			t.Errorf("Range(%q) ok, want not ok", v)
		}
	}
}

func TestLabel(t *testing.T) {
	cases := map[string]string{
		"2018":        "2018",
		"2019-05":     "May 2019",
		"2020-SU":     "summer 2020",
		"2019-06-04":  "4 Jun 2019",
		"2019-Q3":     "Q3 2019",
		"199":         "the 1990s",
		"2019-W20":    "the week of 13 May 2019",
		"2019-W20-WE": "the weekend of 18 May 2019",
		"2019-W23":    "the week of 3 June 2019",
		"2019-W23-WE": "the weekend of 8 June 2019",
		"2020-W01":    "the week of 30 December 2019", // an ISO week can start in the year before
		"2020-W53-WE": "the weekend of 2 January 2021",
		"2019-W53":    "2019-W53", // no such week: unchanged
		"PAST_REF":    "the past",
		"nonsense":    "nonsense",
	}
	for v, want := range cases {
		if got := Label(v); got != want {
			t.Errorf("Label(%q) = %q, want %q", v, got, want)
		}
	}
}

// Every value Tag produces has a calendar range (or is a *_REF value),
// so callers can place it on a timeline.
func TestTagValuesHaveRanges(t *testing.T) {
	text := "On June 4, 2019, last week, this summer, the third quarter, the 1990s, the weekend, " +
		"Tuesday, two years ago, Q1 2009 and in May, officials recently met."
	for _, e := range Tag(text, day("2019-06-04")) {
		if _, _, ok := Range(e.Value); !ok && !strings.HasSuffix(e.Value, "_REF") {
			t.Errorf("%q -> %q has no range", e.Text, e.Value)
		}
	}
}
