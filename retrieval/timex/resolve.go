package timex

import (
	"fmt"
	"time"
)

// anchor is the date relative expressions are resolved against, with the
// precision it is known to.
type anchor struct {
	t    time.Time
	gran Granularity
}

// resolveCtx is what a relative rule gets to compute its value.
type resolveCtx struct {
	anchor
	tense tense
}

// granRank orders granularities from fine to coarse.
var granRank = map[Granularity]int{Day: 0, Week: 1, Weekend: 1, Month: 2, Season: 3, Quarter: 3, Year: 4, Decade: 5}

// coarserOrEqual reports whether an expression needing anchor precision
// need can be resolved against an anchor of precision have.
func coarserOrEqual(need, have Granularity) bool {
	n, ok1 := granRank[need]
	h, ok2 := granRank[have]
	return ok1 && ok2 && n >= h
}

// anchorOf turns an explicit value into an anchor for later relative
// expressions in the same text.
func anchorOf(value string, g Granularity) (anchor, bool) {
	switch g {
	case Day, Month, Year, Quarter, Season, Week:
	default:
		return anchor{}, false
	}
	start, _, ok := Range(value)
	if !ok {
		return anchor{}, false
	}
	return anchor{t: start, gran: g}, true
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dayValue(t time.Time) string   { return t.Format("2006-01-02") }
func monthValue(t time.Time) string { return t.Format("2006-01") }
func yearValue(y int) string        { return fmt.Sprintf("%04d", y) }

func weekValue(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func quarterValue(y, q int) string { return fmt.Sprintf("%04d-Q%d", y, q) }

func quarterOf(t time.Time) int { return (int(t.Month())-1)/3 + 1 }

var seasonCodes = [4]string{"SP", "SU", "FA", "WI"}

// seasonStart is the first day of season s (0=spring .. 3=winter) of year y.
func seasonStart(y, s int) time.Time { return date(y, time.Month(3+3*s), 1) }

// seasonOf returns the season containing t and the year it is labelled
// with (January and February belong to the previous year's winter).
func seasonOf(t time.Time) (y, s int) {
	m := int(t.Month())
	switch {
	case m >= 3 && m <= 11:
		return t.Year(), (m - 3) / 3
	case m == 12:
		return t.Year(), 3
	default:
		return t.Year() - 1, 3
	}
}

// occurrence is one candidate interval of a recurring calendar unit
// (a month, a day of the year, a quarter, a season) in a given year.
type occurrence func(y int) (start, end time.Time, ok bool)

// monthOccurrence is the occurrence of month mo in a given year.
func monthOccurrence(mo time.Month) occurrence {
	return func(y int) (time.Time, time.Time, bool) {
		s := date(y, mo, 1)
		return s, s.AddDate(0, 1, 0), true
	}
}

// pickYear chooses which year's occurrence of a yearless unit is meant:
// in past context the latest one that has begun by the reference, in
// future context the earliest that has not ended, otherwise the nearest.
// slack widens "by the reference" both ways, so that a day just after the
// publication date in a past-tense clause (an article updated or dated a
// little late) is not pushed back a whole year.
func pickYear(c resolveCtx, occ occurrence, slack time.Duration) (int, bool) {
	ref := c.t
	y0 := ref.Year()
	best, bestDist, found := 0, time.Duration(0), false
	for y := y0 - 1; y <= y0+1; y++ {
		s, e, ok := occ(y)
		if !ok {
			continue
		}
		switch c.tense {
		case past:
			if !s.After(ref.Add(slack)) {
				best, found = y, true // ascending years: keep the latest
			}
		case future:
			if e.After(ref.Add(-slack)) && !found {
				best, found = y, true
			}
		default:
			var d time.Duration
			switch {
			case ref.Before(s):
				d = s.Sub(ref)
			case !ref.Before(e):
				d = ref.Sub(e) + 24*time.Hour
			}
			if !found || d < bestDist {
				best, bestDist, found = y, d, true
			}
		}
	}
	return best, found
}

// daySlack is pickYear's slack for day-level dates.
const daySlack = 3 * 24 * time.Hour

// weekdayNear resolves a bare weekday name: in future context the next
// such day on or after ref, for a planned date the nearest one (at most
// three days either side), otherwise the latest on or before it.
func weekdayNear(ref time.Time, wd time.Weekday, t tense) time.Time {
	diff := int(wd) - int(ref.Weekday())
	switch {
	case t == future && diff < 0:
		diff += 7
	case t == planned && diff < -3:
		diff += 7
	case t == planned && diff > 3:
		diff -= 7
	case t != future && t != planned && diff > 0:
		diff -= 7
	}
	return ref.AddDate(0, 0, diff)
}

// weekdayStrict resolves "last Monday" (dir -1) and "next Monday" (dir +1),
// which never mean the reference day itself.
func weekdayStrict(ref time.Time, wd time.Weekday, dir int) time.Time {
	diff := int(wd) - int(ref.Weekday())
	if dir > 0 && diff <= 0 {
		diff += 7
	}
	if dir < 0 && diff >= 0 {
		diff -= 7
	}
	return ref.AddDate(0, 0, diff)
}

// weekdayThisWeek resolves "this Monday" within the reference's ISO week.
func weekdayThisWeek(ref time.Time, wd time.Weekday) time.Time {
	iso := func(w time.Weekday) int { return (int(w)+6)%7 + 1 } // Monday=1..Sunday=7
	return ref.AddDate(0, 0, iso(wd)-iso(ref.Weekday()))
}

// shift moves t by n units of granularity g and renders it at g.
func shift(t time.Time, g Granularity, n int) (string, bool) {
	switch g {
	case Day:
		return dayValue(t.AddDate(0, 0, n)), true
	case Week:
		return weekValue(t.AddDate(0, 0, 7*n)), true
	case Weekend:
		return weekValue(t.AddDate(0, 0, 7*n)) + "-WE", true
	case Month:
		return monthValue(date(t.Year(), t.Month()+time.Month(n), 1)), true
	case Quarter:
		q := t.Year()*4 + quarterOf(t) - 1 + n
		return quarterValue(q/4, q%4+1), true
	case Year:
		return yearValue(t.Year() + n), true
	case Decade:
		return fmt.Sprintf("%03d", t.Year()/10+n), true
	case Season:
		y, s := seasonOf(t)
		k := y*4 + s + n
		return fmt.Sprintf("%04d-%s", k/4, seasonCodes[k%4]), true
	}
	return "", false
}
