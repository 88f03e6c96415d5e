package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestDateBound(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in          string
		first, last time.Time
		bad         bool
	}{
		{"", time.Time{}, time.Time{}, false},
		{"2019-06-04", day(2019, 6, 4), day(2019, 6, 4), false},
		{"2019-06", day(2019, 6, 1), day(2019, 6, 30), false},
		{"2019", day(2019, 1, 1), day(2019, 12, 31), false},
		{"June 2019", time.Time{}, time.Time{}, true},
		{"2019-13-01", time.Time{}, time.Time{}, true},
		{"2019-W20", time.Time{}, time.Time{}, true},
		{"2019-Q3", time.Time{}, time.Time{}, true},
	}
	for _, tt := range tests {
		first, last, err := DateBound(tt.in)
		if (err != nil) != tt.bad || !first.Equal(tt.first) || !last.Equal(tt.last) {
			t.Errorf("DateBound(%q) = %v, %v, %v; want %v, %v (error %v)", tt.in, first, last, err, tt.first, tt.last, tt.bad)
		}
	}
}

// Until is a whole day: an article of that day is kept, one of the next day
// is not, whatever time of day the bound carries.
func TestUntilKeepsWholeDays(t *testing.T) {
	dir := t.TempDir()
	for i, topic := range []string{"harbour plan", "school budget", "river flood"} {
		text := fmt.Sprintf("---\ntitle: The %s\npublished: 2024-03-0%d\n---\nThe council discussed the %s at length.\n", topic, i+1, topic)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.md", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := openSeeds(t, Options{Corpus: dir})
	endOfMarch2 := time.Date(2024, 3, 2, 23, 59, 59, 0, time.UTC)
	for _, until := range []time.Time{time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), endOfMarch2} {
		ans, err := e.Ask(context.Background(), "What did the council discuss?", AskOptions{K: 5, Until: until})
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Citations) != 2 {
			t.Errorf("until %v: %d citations, want the articles of March 1 and 2", until, len(ans.Citations))
		}
		for _, c := range ans.Citations {
			if c.Published.After(endOfMarch2) {
				t.Errorf("until %v: cites the article of %v", until, c.Published)
			}
		}
	}
}
