package timex

import (
	"strings"
	"testing"
	"time"
)

func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"On June 4, 2019, Huawei said sales rose last month.",
		"Two years ago, in the third quarter of 2009, the 1990s, summer 2020, Q3 '19, 7/8/07",
		"Theresa May may announce new limits in May 2019 or 19.5% of 2,000 employees",
		"the 70s and 80s, 1998-2001, 2010-11, June 28-29, the weekend, last Friday",
		"\u00e9\u2019\u201c 5 May \xff\xfe 2019-",
	} {
		f.Add(s, int64(1559606400))
	}
	f.Fuzz(func(t *testing.T, text string, unix int64) {
		var ref time.Time
		if unix%3 != 0 {
			ref = time.Unix(unix%(1<<34), 0).UTC()
		}
		checkTag(t, text, ref)
	})
}

func checkTag(t *testing.T, text string, ref time.Time) {
	t.Helper()
	prevEnd := 0
	for _, e := range Tag(text, ref) {
		if e.Start < prevEnd || e.End <= e.Start || e.End > len(text) {
			t.Fatalf("bad offsets %d..%d (prev end %d, len %d)", e.Start, e.End, prevEnd, len(text))
		}
		if text[e.Start:e.End] != e.Text {
			t.Fatalf("text[%d:%d] = %q, Text = %q", e.Start, e.End, text[e.Start:e.End], e.Text)
		}
		if e.Value == "" {
			t.Fatalf("empty value for %q", e.Text)
		}
		prevEnd = e.End
	}
}

// Tag must stay linear: a long article-sized input of date-dense text is
// tagged quickly, and doubling it does not quadruple the time.
func TestTagLongInputIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	unit := "On Tuesday, June 4, 2019, 5G sales of 2,000 units rose 19.5% since May 2018 and the 1990s; " +
		"last week, in the third quarter, two years ago, the weekend, 7/8/07 , 2010-11 and summer 2020. "
	small := strings.Repeat(unit, 50)
	large := strings.Repeat(unit, 200)
	measure := func(s string) time.Duration {
		start := time.Now()
		checkTag(t, s, day("2019-06-04"))
		return time.Since(start)
	}
	measure(small) // warm up
	ds, dl := measure(small), measure(large)
	t.Logf("%d bytes: %v; %d bytes: %v", len(small), ds, len(large), dl)
	if dl > 10*ds+50*time.Millisecond {
		t.Errorf("4x input took %v vs %v: not linear", dl, ds)
	}
	if dl > 10*time.Second {
		t.Errorf("%d bytes took %v", len(large), dl)
	}
	// pathological: no punctuation, huge runs of spaces and digits
	patho := strings.Repeat("May ", 2000) + strings.Repeat(" ", 8000) + strings.Repeat("1", 8000) + strings.Repeat("the ", 2000)
	if d := measure(patho); d > 10*time.Second {
		t.Errorf("pathological input took %v", d)
	}
}
