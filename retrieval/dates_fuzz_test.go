package retrieval

import (
	"testing"
	"time"
)

// FuzzDateBound checks DateBound on arbitrary bounds: no panic; an empty
// bound is no bound; an accepted one gives first <= last, both midnight
// UTC, starting in the bound's year; a refused one
// gives zero times.
func FuzzDateBound(f *testing.F) {
	for _, s := range []string{"", "2019-06-04", "2019-06", "2019", "2019-02-29", "2020-02-29", "2019-13", "2019-00",
		"2019-06-31", "0000", "9999-12-31", "19", "2019-6-4", "2019-W23", "2019-Q3", "2019-06-04 ", "\uff12019", "２０１９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		first, last, err := DateBound(s)
		if err != nil || s == "" {
			if !first.IsZero() || !last.IsZero() {
				t.Fatalf("DateBound(%q) = %v, %v with error %v", s, first, last, err)
			}
			if s == "" && err != nil {
				t.Fatalf("DateBound(\"\") = %v", err)
			}
			return
		}
		if last.Before(first) {
			t.Fatalf("DateBound(%q): last %v before first %v", s, last, first)
		}
		for _, b := range []time.Time{first, last} {
			if b.Location() != time.UTC || b.Hour() != 0 || b.Minute() != 0 || b.Second() != 0 || b.Nanosecond() != 0 {
				t.Fatalf("DateBound(%q) bound %v is not a midnight UTC", s, b)
			}
		}
		if first.Format("2006") != s[:4] {
			t.Fatalf("DateBound(%q) starts in %s", s, first.Format("2006"))
		}
	})
}
