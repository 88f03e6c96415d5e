package timex

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// rule is one pattern of the tagger: a regular expression and a handler
// that checks the context of a match and turns it into candidates.
type rule struct {
	re    *regexp.Regexp
	prio  int
	digit bool     // the sentence must hold a digit
	keys  []string // the lower-cased sentence must hold one of these, if any
	fn    func(text string, m []int) []candidate
}

// wants reports whether the rule can match in the lower-cased sentence.
func (r rule) wants(low string) bool {
	if len(r.keys) == 0 {
		return true
	}
	for _, k := range r.keys {
		if strings.Contains(low, k) {
			return true
		}
	}
	return false
}

func keys(ks ...string) []string { return ks }

var (
	monthKeys  = keys("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
	slashKeys  = keys("/")
	quoteKeys  = keys("'", "’")
	decadeKeys = keys("0s", "0's", "0’s")
	seasonKeys = keys("spring", "summer", "autumn", "fall", "winter")
)

// group returns submatch i of m, or "".
func group(text string, m []int, i int) string {
	if 2*i+1 >= len(m) || m[2*i] < 0 {
		return ""
	}
	return text[m[2*i]:m[2*i+1]]
}

func explicitCand(s, e int, v string, g Granularity) candidate {
	return candidate{start: s, end: e, explicit: func() (string, Granularity) { return v, g }}
}

func relCand(s, e int, needs Granularity, f func(resolveCtx) (string, Granularity, bool)) candidate {
	return candidate{start: s, end: e, needs: needs, relative: f}
}

// blockCand claims a span so that no other rule tags it, and yields nothing.
func blockCand(s, e int) candidate {
	return candidate{start: s, end: e, relative: func(resolveCtx) (string, Granularity, bool) { return "", "", false }}
}

// numberContinues reports whether a number ending at pos continues
// (",500", ".5", "%", "-3", digits), so it is not a year or a day.
func numberContinues(text string, pos int) bool {
	if pos >= len(text) {
		return false
	}
	c := text[pos]
	if c == '%' || c >= '0' && c <= '9' {
		return true
	}
	if (c == ',' || c == '.' || c == '-' || c == ':' || c == '/') && pos+1 < len(text) && text[pos+1] >= '0' && text[pos+1] <= '9' {
		return true
	}
	rest := strings.ToLower(text[pos:min(len(text), pos+12)])
	return strings.HasPrefix(rest, " percent") || strings.HasPrefix(rest, " per cent") || strings.HasPrefix(rest, " pct")
}

// numberPrecedes reports whether pos is preceded by a currency sign or
// the inside of a larger number ("$2019", "1,2019", "555-2019").
func numberPrecedes(text string, pos int) bool {
	if pos == 0 {
		return false
	}
	c := text[pos-1]
	if strings.ContainsRune("$#£€¥+", rune(c)) || c >= 0x80 && strings.HasSuffix(text[:pos], "€") {
		return true
	}
	if (c == ',' || c == '.' || c == '-' || c == '/' || c == ':') && pos >= 2 && text[pos-2] >= '0' && text[pos-2] <= '9' {
		return true
	}
	return false
}

// dateRules cover dates written with day, month and/or year numbers.
func dateRules() []rule {
	return []rule{
		{ // 2019-06-04, 2019/06/04
			re: regexp.MustCompile(`\b(\d{4})([-/])(\d{1,2})([-/])(\d{1,2})\b`), prio: 5, digit: true, keys: nil,
			fn: func(t string, m []int) []candidate {
				if group(t, m, 2) != group(t, m, 4) || numberPrecedes(t, m[0]) || numberContinues(t, m[1]) {
					return nil
				}
				y, _ := strconv.Atoi(group(t, m, 1))
				mo, _ := strconv.Atoi(group(t, m, 3))
				d, _ := strconv.Atoi(group(t, m, 5))
				if y < 1000 || !validDay(y, time.Month(mo), d) {
					return []candidate{blockCand(m[0], m[1])}
				}
				return []candidate{explicitCand(m[0], m[1], dayValue(date(y, time.Month(mo), d)), Day)}
			},
		},
		{ // 2019-05 (ISO month); 2010-11 is a fiscal year or season and gets no value
			re: regexp.MustCompile(`\b(` + yearNum + `)-(\d{2})\b`), prio: 4, digit: true, keys: nil,
			fn: func(t string, m []int) []candidate {
				if numberPrecedes(t, m[0]) || numberContinues(t, m[1]) {
					return nil
				}
				y, _ := strconv.Atoi(group(t, m, 1))
				mo, _ := strconv.Atoi(group(t, m, 2))
				if mo == (y+1)%100 || mo < 1 || mo > 12 {
					return []candidate{blockCand(m[0], m[1])}
				}
				return []candidate{explicitCand(m[0], m[1], monthValue(date(y, time.Month(mo), 1)), Month)}
			},
		},
		{ // 1998-2001, 1998–2001: two years
			re: regexp.MustCompile(`\b(` + yearNum + `)\s?[-–]\s?(` + yearNum + `)\b`), prio: 4, digit: true, keys: nil,
			fn: func(t string, m []int) []candidate {
				if numberPrecedes(t, m[0]) || numberContinues(t, m[1]) {
					return nil
				}
				a, _ := strconv.Atoi(group(t, m, 1))
				b, _ := strconv.Atoi(group(t, m, 2))
				if b <= a || b-a > 100 {
					return []candidate{blockCand(m[0], m[1])}
				}
				return []candidate{
					explicitCand(m[2], m[3], yearValue(a), Year),
					explicitCand(m[4], m[5], yearValue(b), Year),
				}
			},
		},
		{ // 6/4/2019, 7/8/07 (US order; day first when the first number cannot be a month)
			re: regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b`), prio: 4, digit: true, keys: slashKeys,
			fn: func(t string, m []int) []candidate {
				if numberPrecedes(t, m[0]) || numberContinues(t, m[1]) {
					return nil
				}
				a, _ := strconv.Atoi(group(t, m, 1))
				b, _ := strconv.Atoi(group(t, m, 2))
				ys := group(t, m, 3)
				y, _ := strconv.Atoi(ys)
				if len(ys) == 2 {
					y += 1900
					if y < 1950 {
						y += 100
					}
				}
				mo, d := a, b
				if mo > 12 {
					mo, d = b, a
				}
				if !validDay(y, time.Month(mo), d) {
					return []candidate{blockCand(m[0], m[1])}
				}
				return []candidate{explicitCand(m[0], m[1], dayValue(date(y, time.Month(mo), d)), Day)}
			},
		},
		{ // June 4, 2019; Tuesday, June 4th 2019
			re: regexp.MustCompile(`\b` + optPrefixWD + `(` + monthAny + `)` + sp + `(` + dayNum + `)(?:\s{0,3},\s{0,3}|` + sp + `)(` + yearNum + `)\b`), prio: 3, digit: true, keys: monthKeys,
			fn: func(t string, m []int) []candidate {
				return fullDate(t, m, group(t, m, 1), group(t, m, 2), group(t, m, 3))
			},
		},
		{ // 4 June 2019; 4th of June, 2019
			re: regexp.MustCompile(`\b` + optPrefixWD + `(?:the\s{1,3})?(` + dayNum + `)` + sp + `(?:of\s{1,3})?(` + monthAny + `)(?:\s{0,3},\s{0,3}|` + sp + `)(` + yearNum + `)\b`), prio: 3, digit: true, keys: monthKeys,
			fn: func(t string, m []int) []candidate {
				if numberPrecedes(t, m[0]) {
					return nil
				}
				return fullDate(t, m, group(t, m, 2), group(t, m, 1), group(t, m, 3))
			},
		},
		{ // June 4, Jun. 4th, Tuesday, June 4 (year from the reference)
			re: regexp.MustCompile(`\b` + optPrefixWD + `(` + monthAny + `)` + sp + `(` + dayNum + `)\b`), prio: 2, digit: true, keys: monthKeys,
			fn: func(t string, m []int) []candidate {
				if followedByEventNoun(t, m[1]) {
					return []candidate{blockCand(m[0], m[1])} // "the September 11 attacks"
				}
				if numberContinues(t, m[1]) && !dayRangeFollows(t, m[1]) || strings.HasPrefix(t[m[1]:], ",0") {
					return nil
				}
				if mon := group(t, m, 1); !strings.HasSuffix(mon, ".") && len(mon) == 3 && isDotlessAbbrevName(t, m) {
					return nil
				}
				return yearlessDate(t, m, group(t, m, 1), group(t, m, 2))
			},
		},
		{ // 4 June, the 4th of June
			re: regexp.MustCompile(`\b` + optPrefixWD + `(?:the\s{1,3})?(` + dayNum + `)` + sp + `(?:of\s{1,3})?(` + monthAny + `)`), prio: 2, digit: true, keys: monthKeys,
			fn: func(t string, m []int) []candidate {
				if numberPrecedes(t, m[0]) || m[1] < len(t) && isWordByte(t[m[1]]) {
					return nil
				}
				mon := group(t, m, 2)
				if !strings.HasSuffix(mon, ".") && len(mon) <= 4 && mon != "June" && mon != "July" && mon != "May" {
					return nil // "4 Mar" is too often something else
				}
				return yearlessDate(t, m, mon, group(t, m, 1))
			},
		},
	}
}

// dayRangeFollows reports whether a day number at pos continues as a range
// of days ("28-29", "20–21"), where the first day is the date tagged.
func dayRangeFollows(t string, pos int) bool {
	rest := t[pos:]
	var ok bool
	if rest, ok = strings.CutPrefix(rest, "-"); !ok {
		if rest, ok = strings.CutPrefix(rest, "–"); !ok {
			return false
		}
	}
	n := 0
	for n < len(rest) && n < 3 && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	return n >= 1 && n <= 2 && (n == len(rest) || !(rest[n] >= '0' && rest[n] <= '9') && rest[n] != '%' && !(rest[n] == '.' && n+1 < len(rest) && rest[n+1] >= '0' && rest[n+1] <= '9'))
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// isDotlessAbbrevName rejects "Jan 5"-style matches that are a name
// ("Jan 5" is fine, "Mar 3" after a capitalised word is not).
func isDotlessAbbrevName(t string, m []int) bool {
	p := prevWordRaw(t, m[2])
	return p != "" && isCapitalized(p) && !atSentenceStart(t, m[2])
}

// followedByEventNoun spots dates used as names: "the September 11 attacks".
func followedByEventNoun(t string, pos int) bool {
	return eventNouns[strings.ToLower(nextWordRaw(t, pos))]
}

var eventNouns = set("attack", "attacks", "terrorist", "terror", "hijackers", "commission", "movement",
	"revolution", "incident", "massacre", "uprising", "agreement", "accords")

func fullDate(t string, m []int, mon, day, year string) []candidate {
	mo, ok := parseMonth(mon)
	y, _ := strconv.Atoi(year)
	d := parseDay(day)
	if !ok || numberContinues(t, m[1]) {
		return nil
	}
	if !validDay(y, mo, d) {
		return []candidate{blockCand(m[0], m[1])}
	}
	return []candidate{explicitCand(m[0], m[1], dayValue(date(y, mo, d)), Day)}
}

// leadingWeekday reports the weekday a date match starts with, if any.
func leadingWeekday(s string) (time.Weekday, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
	if len(f) == 0 {
		return 0, false
	}
	wd, ok := weekdayByName[strings.ToLower(f[0])]
	return wd, ok
}

func yearlessDate(t string, m []int, mon, day string) []candidate {
	mo, ok := parseMonth(mon)
	d := parseDay(day)
	if !ok || d < 1 || d > 31 {
		return nil
	}
	return []candidate{relCand(m[0], m[1], Year, func(c resolveCtx) (string, Granularity, bool) {
		if !validDay(2000, mo, d) { // 2000 is a leap year: accepts Feb 29
			return "", "", false
		}
		y := c.t.Year()
		if wd, ok := leadingWeekday(t[m[0]:m[1]]); ok && c.gran == Day {
			// "Saturday, Feb. 2": the year in which the date falls on that day
			var match []int
			for cy := y - 1; cy <= y+1; cy++ {
				if validDay(cy, mo, d) && date(cy, mo, d).Weekday() == wd {
					match = append(match, cy)
				}
			}
			if len(match) == 1 {
				return dayValue(date(match[0], mo, d)), Day, true
			}
		}
		if c.gran == Day {
			var found bool
			y, found = pickYear(c, func(y int) (time.Time, time.Time, bool) {
				if !validDay(y, mo, d) {
					return time.Time{}, time.Time{}, false
				}
				s := date(y, mo, d)
				return s, s.AddDate(0, 0, 1), true
			}, daySlack)
			if !found {
				return "", "", false
			}
		}
		if !validDay(y, mo, d) {
			return "", "", false
		}
		return dayValue(date(y, mo, d)), Day, true
	})}
}
