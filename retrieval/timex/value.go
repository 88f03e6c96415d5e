package timex

import (
	"regexp"
	"strconv"
	"time"
)

var (
	reDayValue     = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	reMonthValue   = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	reYearValue    = regexp.MustCompile(`^(\d{4})$`)
	reDecadeValue  = regexp.MustCompile(`^(\d{3})$`)
	reWeekValue    = regexp.MustCompile(`^(\d{4})-W(\d{2})(-WE)?$`)
	reSeasonValue  = regexp.MustCompile(`^(\d{4})-(SP|SU|FA|WI)$`)
	reQuarterValue = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)
)

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// isoWeekStart returns the Monday of ISO week w of ISO year y.
func isoWeekStart(y, w int) time.Time {
	jan4 := date(y, time.January, 4) // always in week 1
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w-1))
}

// DayStart truncates t to its calendar day, at midnight UTC like the bounds
// Range returns.
func DayStart(t time.Time) time.Time { return date(t.Year(), t.Month(), t.Day()) }

// Range gives the calendar interval a value covers, as whole days:
// [start, end) in UTC. ok is false for *_REF values and malformed values.
// A season covers three months starting in March (SP), June (SU),
// September (FA) or December (WI, running into the next year); a weekend
// is the Saturday and Sunday of its ISO week.
func Range(value string) (start, end time.Time, ok bool) {
	if m := reDayValue.FindStringSubmatch(value); m != nil {
		y, mo, d := atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3])
		if !validDay(y, mo, d) {
			return start, end, false
		}
		s := date(y, mo, d)
		return s, s.AddDate(0, 0, 1), true
	}
	if m := reMonthValue.FindStringSubmatch(value); m != nil {
		mo := atoi(m[2])
		if mo < 1 || mo > 12 {
			return start, end, false
		}
		s := date(atoi(m[1]), time.Month(mo), 1)
		return s, s.AddDate(0, 1, 0), true
	}
	if m := reYearValue.FindStringSubmatch(value); m != nil {
		s := date(atoi(m[1]), time.January, 1)
		return s, s.AddDate(1, 0, 0), true
	}
	if m := reDecadeValue.FindStringSubmatch(value); m != nil {
		s := date(atoi(m[1])*10, time.January, 1)
		return s, s.AddDate(10, 0, 0), true
	}
	if m := reWeekValue.FindStringSubmatch(value); m != nil {
		y, w := atoi(m[1]), atoi(m[2])
		if w < 1 || w > 53 {
			return start, end, false
		}
		s := isoWeekStart(y, w)
		if gy, gw := s.ISOWeek(); gy != y || gw != w {
			return start, end, false // week 53 in a 52-week year
		}
		if m[3] != "" {
			return s.AddDate(0, 0, 5), s.AddDate(0, 0, 7), true
		}
		return s, s.AddDate(0, 0, 7), true
	}
	if m := reSeasonValue.FindStringSubmatch(value); m != nil {
		s := seasonStart(atoi(m[1]), seasonCodeIndex[m[2]])
		return s, s.AddDate(0, 3, 0), true
	}
	if m := reQuarterValue.FindStringSubmatch(value); m != nil {
		q := atoi(m[2])
		s := date(atoi(m[1]), time.Month(3*q-2), 1)
		return s, s.AddDate(0, 3, 0), true
	}
	return start, end, false
}

var seasonNames = map[string]string{"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

var seasonCodeIndex = map[string]int{"SP": 0, "SU": 1, "FA": 2, "WI": 3}

var refLabels = map[string]string{"PAST_REF": "the past", "PRESENT_REF": "the present", "FUTURE_REF": "the future"}

// Label renders a value for people at its own granularity: "2018",
// "May 2019", "summer 2020", "4 Jun 2019", "Q3 2019", "the 1990s". A week
// is named by its Monday, "the week of 13 May 2019", and a weekend by its
// Saturday, "the weekend of 18 May 2019". Unknown values come back
// unchanged.
func Label(value string) string {
	if l, ok := refLabels[value]; ok {
		return l
	}
	if _, _, ok := Range(value); !ok {
		return value
	}
	if m := reDayValue.FindStringSubmatch(value); m != nil {
		return date(atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3])).Format("2 Jan 2006")
	}
	if m := reMonthValue.FindStringSubmatch(value); m != nil {
		return date(atoi(m[1]), time.Month(atoi(m[2])), 1).Format("January 2006")
	}
	if m := reYearValue.FindStringSubmatch(value); m != nil {
		return m[1]
	}
	if m := reDecadeValue.FindStringSubmatch(value); m != nil {
		return "the " + m[1] + "0s"
	}
	if m := reWeekValue.FindStringSubmatch(value); m != nil {
		start, _, _ := Range(value) // the Monday, or the Saturday of a weekend
		if m[3] != "" {
			return "the weekend of " + start.Format("2 January 2006")
		}
		return "the week of " + start.Format("2 January 2006")
	}
	if m := reSeasonValue.FindStringSubmatch(value); m != nil {
		return seasonNames[m[2]] + " " + m[1]
	}
	if m := reQuarterValue.FindStringSubmatch(value); m != nil {
		return "Q" + m[2] + " " + m[1]
	}
	return value
}
