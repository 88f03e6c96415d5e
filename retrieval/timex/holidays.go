package timex

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// holiday computes the date of a named day in year y.
type holiday func(y int) time.Time

func fixed(m time.Month, d int) holiday { return func(y int) time.Time { return date(y, m, d) } }

// nthWeekday is the n-th weekday wd of month m (n<0 counts from the end).
func nthWeekday(m time.Month, wd time.Weekday, n int) holiday {
	return func(y int) time.Time {
		if n > 0 {
			first := date(y, m, 1)
			return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
		}
		last := date(y, m+1, 0)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
}

// easter is Easter Sunday (Gregorian computus, anonymous algorithm).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(y, time.Month(month), day)
}

func offset(h holiday, days int) holiday {
	return func(y int) time.Time { return h(y).AddDate(0, 0, days) }
}

var thanksgiving = nthWeekday(time.November, time.Thursday, 4)

// holidays maps a normalised holiday name to its date rule.
var holidays = map[string]holiday{
	"christmas": fixed(12, 25), "christmas day": fixed(12, 25), "christmas eve": fixed(12, 24),
	"new year's day": fixed(1, 1), "new year's eve": fixed(12, 31), "valentine's day": fixed(2, 14),
	"halloween": fixed(10, 31), "independence day": fixed(7, 4), "fourth of july": fixed(7, 4),
	"boxing day": fixed(12, 26), "veterans day": fixed(11, 11), "st. patrick's day": fixed(3, 17),
	"st patrick's day": fixed(3, 17), "thanksgiving": thanksgiving, "thanksgiving day": thanksgiving,
	"black friday": offset(thanksgiving, 1), "cyber monday": offset(thanksgiving, 4),
	"labor day": nthWeekday(time.September, time.Monday, 1), "labour day": nthWeekday(time.September, time.Monday, 1),
	"memorial day": nthWeekday(time.May, time.Monday, -1), "easter": easter, "easter sunday": easter,
	"good friday": offset(easter, -2), "easter monday": offset(easter, 1),
	"mother's day": nthWeekday(time.May, time.Sunday, 2), "father's day": nthWeekday(time.June, time.Sunday, 3),
}

var spaceRun = regexp.MustCompile(`\s+`)

// holidayRule tags named days: "Christmas", "Thanksgiving 2019", "Black Friday".
func holidayRule() rule {
	return rule{
		re:   regexp.MustCompile(`\b(Christmas(?:\s{1,3}(?:Eve|Day))?|New\s{1,3}Year['’]s\s{1,3}(?:Day|Eve)|Valentine['’]s\s{1,3}Day|Halloween|Independence\s{1,3}Day|Fourth\s{1,3}of\s{1,3}July|Boxing\s{1,3}Day|Veterans['’]?\s{1,3}Day|St\.?\s{1,3}Patrick['’]s\s{1,3}Day|Thanksgiving(?:\s{1,3}Day)?|Black\s{1,3}Friday|Cyber\s{1,3}Monday|Labou?r\s{1,3}Day|Memorial\s{1,3}Day|Easter(?:\s{1,3}(?:Sunday|Monday))?|Good\s{1,3}Friday|Mother['’]s\s{1,3}Day|Father['’]s\s{1,3}Day)(?:\s{0,3},?\s{1,3}(` + yearNum + `))?\b`),
		prio: 2,
		keys: keys("christmas", "new year", "valentine", "halloween", "independence", "july", "boxing", "veteran", "patrick", "thanksgiving", "black friday", "cyber", "labor", "labour", "memorial", "easter", "good friday", "mother", "father"),
		fn: func(t string, m []int) []candidate {
			name := strings.ToLower(spaceRun.ReplaceAllString(group(t, m, 1), " "))
			name = strings.ReplaceAll(strings.ReplaceAll(name, "’", "'"), "veterans' day", "veterans day")
			h, ok := holidays[name]
			if !ok {
				return nil
			}
			if ys := group(t, m, 2); ys != "" && !numberContinues(t, m[1]) {
				y, _ := strconv.Atoi(ys)
				return []candidate{explicitCand(m[0], m[1], dayValue(h(y)), Day)}
			}
			end := m[3]
			if nw := nextWordRaw(t, end); nw != "" && isCapitalized(nw) && !strings.Contains(name, " ") {
				return nil // "Christmas Island", "Easter Island"
			}
			// "Christmas sales", "the Christmas and New Year period": a season
			// used as a modifier, not a day, unless a preposition points at it
			switch prevWord(t, m[0]) {
			case "on", "at", "before", "after", "until", "till", "by", "since", "over", "during", "for", "through", "ahead", "last", "this", "next", "around":
			default:
				if nw := nextWordRaw(t, end); nw != "" && !isCapitalized(nw) {
					return nil
				}
			}
			return []candidate{relCand(m[0], end, Year, func(c resolveCtx) (string, Granularity, bool) {
				y := c.t.Year()
				if c.gran == Day || c.gran == Week {
					var ok bool
					if y, ok = pickYear(c, func(y int) (time.Time, time.Time, bool) {
						d := h(y)
						return d, d.AddDate(0, 0, 1), true
					}, daySlack); !ok {
						return "", "", false
					}
				}
				return dayValue(h(y)), Day, true
			})}
		},
	}
}
