package timex

import (
	"strings"
	"testing"
	"time"
)

// FuzzRangeAndLabel checks Range and Label on arbitrary values: no panic;
// a value Range accepts covers whole days, start before end, at most a
// decade; a day value is its own start; Label gives a non-empty text and
// leaves a value Range refuses (and no *_REF) unchanged.
func FuzzRangeAndLabel(f *testing.F) {
	for _, v := range []string{
		"2019-06-04", "2019-06", "2019", "199", "2019-W23", "2019-W23-WE", "2020-W53", "2019-W53",
		"2019-SU", "2019-WI", "2019-Q3", "PAST_REF", "PRESENT_REF", "FUTURE_REF",
		"2019-02-29", "2020-02-29", "2019-13", "2019-00-10", "0000-W01", "9999-12-31", "0000", "000",
		"2019-Q5", "2019-XX", "", "2019-06-04T10:00", "\xff\xfe", "２０１９",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, value string) {
		start, end, ok := Range(value)
		label := Label(value)
		if !ok {
			if _, isRef := refLabels[value]; !isRef && label != value {
				t.Fatalf("Label(%q) = %q for a value Range refuses", value, label)
			}
			return
		}
		if label == "" {
			t.Fatalf("Label(%q) is empty", value)
		}
		if !start.Before(end) || end.Sub(start) > 3660*24*time.Hour+48*time.Hour {
			t.Fatalf("Range(%q) = %v .. %v", value, start, end)
		}
		for _, b := range []time.Time{start, end} {
			if b.Location() != time.UTC || !b.Equal(DayStart(b)) {
				t.Fatalf("Range(%q) bound %v is not a midnight UTC", value, b)
			}
		}
		if reDayValue.MatchString(value) && start.Format("2006-01-02") != value {
			t.Fatalf("Range(%q) starts on %s", value, start.Format("2006-01-02"))
		}
		if strings.ContainsAny(label, "\x00\n") {
			t.Fatalf("Label(%q) = %q", value, label)
		}
	})
}
