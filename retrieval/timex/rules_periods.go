package timex

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// unitNouns follow counts, not years: "2000 employees", "1995 points".
var unitNouns = set("people", "employees", "workers", "jobs", "units", "points", "shares", "cars",
	"vehicles", "planes", "aircraft", "jets", "miles", "kilometres", "kilometers", "km", "feet", "ft",
	"metres", "meters", "m", "tons", "tonnes", "barrels", "dollars", "euros", "yuan", "pounds", "yen",
	"rupees", "hours", "minutes", "seconds", "days", "weeks", "months", "years", "times", "stores",
	"customers", "users", "members", "residents", "troops", "soldiers", "cases", "deaths", "votes",
	"words", "pages", "rooms", "acres", "students", "passengers", "flights", "staff", "households",
	"homes", "companies", "firms", "banks", "branches", "dealers", "dealerships", "plants", "factories",
	"sites", "locations", "positions", "posts", "seats", "beds", "patients", "children", "visitors",
	"fans", "copies", "phones", "devices", "machines", "items", "products", "orders", "contracts",
	"hectares", "kg", "kilograms", "lbs", "gallons", "litres", "liters", "mw", "gw", "mph", "kph",
	"calories", "degrees", "bps", "basis", "lines", "servers", "sq", "square", "cubic", "pieces",
	"officers", "police", "protesters", "migrants", "refugees", "applicants", "agents", "outlets", "hp",
	"horsepower", "rpm", "per", "more", "fewer", "other", "others", "of", "x", "mb", "gb", "tb")

// numberedNouns precede identifiers, not years: "Flight 2019", "No. 1999".
var numberedNouns = set("flight", "no", "number", "route", "room", "highway", "interstate", "boeing",
	"airbus", "page", "pages", "vol", "volume", "chapter", "section", "article", "rule", "resolution",
	"paragraph", "item", "lot", "track", "gate", "platform", "suite", "unit", "apartment", "code", "bus",
	"train", "exit", "row", "box", "pin", "step", "level", "index", "at", "about",
	"nearly", "almost", "over", "under", "than", "some", "roughly", "approximately", "only", "just", "the",
	"dow", "nasdaq", "s&p", "ftse", "nikkei", "dax", "sensex", "cac", "hang", "seng", "kospi", "by")

// yearPrepositions make a following number a year even when it could be a
// count: "in 2000", "since 1987".
var yearPrepositions = set("in", "since", "until", "till", "by", "before", "after", "during", "of", "from",
	"between", "and", "or", "through", "throughout", "circa", "c", "around", "early", "late", "mid",
	"year", "fiscal", "spring", "summer", "autumn", "fall", "winter", "season", "class", "vintage", "for")

// periodRules cover years, months, decades, seasons and quarters.
func periodRules() []rule {
	return []rule{
		{ // May 2019, mid-June 2009, September of 2006
			re: regexp.MustCompile(`\b(?:(early|mid|late)[\s-]{1,3})?(` + monthDot + `)(?:\s{0,3},\s{0,3}|` + sp + `|` + sp + `of` + sp + `)(` + yearNum + `)\b`), prio: 2, digit: true, keys: monthKeys,
			fn: func(t string, m []int) []candidate {
				if numberContinues(t, m[1]) {
					return nil
				}
				mo, ok := parseMonth(group(t, m, 2))
				y, _ := strconv.Atoi(group(t, m, 3))
				if !ok {
					return nil
				}
				return []candidate{explicitCand(m[0], m[1], monthValue(date(y, mo, 1)), Month)}
			},
		},
		{ // October of next year, June of this year
			re: regexp.MustCompile(`\b(` + monthFull + `)` + sp + `of` + sp + `(last|this|next|the\s{1,3}(?:previous|following|same))` + sp + `year\b`), prio: 2, digit: false, keys: monthKeys,
			fn: func(t string, m []int) []candidate {
				mo, _ := parseMonth(group(t, m, 1))
				n, ok := relativeOffset[group(t, m, 2)]
				if !ok {
					return []candidate{blockCand(m[0], m[1])}
				}
				return []candidate{relCand(m[0], m[1], Year, func(c resolveCtx) (string, Granularity, bool) {
					return monthValue(date(c.t.Year()+n, mo, 1)), Month, true
				})}
			},
		},
		{ // in May, last September, early June, since January
			re: regexp.MustCompile(`\b(?:(last|next|this|early|late|mid|earlier|later|past)[\s-]{1,3})?(` + monthFull + `)\b`), prio: 1, digit: false, keys: monthKeys,
			fn: bareMonth,
		},
		{ // 2019, early 2009, mid-2010
			re: regexp.MustCompile(`\b(?:(early|mid|late|the\s{1,3}(?:end|start|beginning|middle|close)\s{1,3}of)[\s-]{1,3})?(` + yearNum + `)\b`), prio: 1, digit: true, keys: nil,
			fn: bareYear,
		},
		{ // since '82, in '09
			re: regexp.MustCompile(`['’](\d{2})\b`), prio: 1, digit: true, keys: quoteKeys,
			fn: func(t string, m []int) []candidate {
				if m[1] < len(t) && (t[m[1]] == 's' || numberContinues(t, m[1])) {
					return nil
				}
				if m[0] > 0 && isWordByte(t[m[0]-1]) {
					return nil
				}
				switch prevWord(t, m[0]) {
				case "since", "in", "of", "until", "by", "from", "to", "before", "after", "during", "class", "summer", "spring", "winter", "fall", "autumn":
				default:
					return nil
				}
				yy, _ := strconv.Atoi(group(t, m, 1))
				return []candidate{explicitCand(m[0], m[1], yearValue(pivotYear(yy)), Year)}
			},
		},
		{ // the 1990s, 1990s, the late 1970s
			re: regexp.MustCompile(`\b(?:the\s{1,3})?(?:(?:early|mid|late)[\s-]{1,3})?(1[5-9]\d0|20\d0)['’]?s\b`), prio: 2, digit: true, keys: decadeKeys,
			fn: func(t string, m []int) []candidate {
				if numberPrecedes(t, m[0]) {
					return nil
				}
				d := group(t, m, 1)
				return []candidate{explicitCand(m[0], m[1], d[:3], Decade)}
			},
		},
		{ // the 90s, the '70s and '80s, the mid-80s
			re: regexp.MustCompile(`\b(?:the\s{1,3})(?:(?:early|mid|late)[\s-]{1,3})?['’]?([1-9]0)['’]?s\b(?:(` + sp + `(?:and|or|to|through)` + sp + `)['’]?([1-9]0)['’]?s\b)?`), prio: 2, digit: true, keys: decadeKeys,
			fn: func(t string, m []int) []candidate {
				dec := func(s string) string { n, _ := strconv.Atoi(s); return strconv.Itoa(190 + n/10) }
				end := m[1]
				if group(t, m, 2) != "" {
					end = m[4]
				}
				out := []candidate{explicitCand(m[0], end, dec(group(t, m, 1)), Decade)}
				if group(t, m, 3) != "" {
					out = append(out, explicitCand(m[5], m[1], dec(group(t, m, 3)), Decade))
				}
				return out
			},
		},
		{ // '90s without "the"
			re: regexp.MustCompile(`['’]([1-9]0)s\b`), prio: 1, digit: true, keys: decadeKeys,
			fn: func(t string, m []int) []candidate {
				if m[0] > 0 && isWordByte(t[m[0]-1]) {
					return nil
				}
				n, _ := strconv.Atoi(group(t, m, 1))
				return []candidate{explicitCand(m[0], m[1], strconv.Itoa(190+n/10), Decade)}
			},
		},
		{ // summer 2020, the summer of 2017, this fall, last winter, spring
			re: regexp.MustCompile(`(?i)\b(?:(this|last|next|past|coming|the|early|late|mid|the\s{1,3}coming|the\s{1,3}past|the\s{1,3}previous|the\s{1,3}last|the\s{1,3}next)[\s-]{1,3})?(spring|summer|autumn|fall|winter)(?:(?:\s{0,3},\s{0,3}|` + sp + `|` + sp + `of` + sp + `)(` + yearNum + `))?\b`), prio: 1, digit: false, keys: seasonKeys,
			fn: season,
		},
		{ // the third quarter (of 2009 / of this year), third-quarter, the final quarter
			re: regexp.MustCompile(`(?i)\b(?:the\s{1,3})?(first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]{1,3}(?:fiscal[\s-]{1,3})?quarter(?:` + sp + `of` + sp + `(?:(?:fiscal\s{1,3})?(` + yearNum + `)|(this|last|next|the)` + sp + `year))?\b`), prio: 2, digit: false, keys: keys("quarter"),
			fn: quarterOrdinal,
		},
		{ // Q3 2019, Q3, Q1'09, 3Q 2019, 2019 Q3
			re: regexp.MustCompile(`\b(?:(` + yearNum + `)\s{0,3})?(?:Q([1-4])|([1-4])Q)(?:(?:\s{0,3}|\s{0,3}['’/]|` + sp + `of` + sp + `)(` + yearNum + `|\d{2}))?\b`), prio: 2, digit: true, keys: keys("q"),
			fn: func(t string, m []int) []candidate {
				q, _ := strconv.Atoi(group(t, m, 2) + group(t, m, 3))
				ys := group(t, m, 1)
				if ys == "" {
					ys = group(t, m, 4)
				}
				if ys != "" {
					y, _ := strconv.Atoi(ys)
					if len(ys) == 2 {
						y = pivotYear(y)
					}
					return []candidate{explicitCand(m[0], m[1], quarterValue(y, q), Quarter)}
				}
				return []candidate{relCand(m[0], m[1], Year, yearlessQuarter(q))}
			},
		},
	}
}

// pivotYear expands a two-digit year: '82 is 1982, '09 is 2009.
func pivotYear(yy int) int {
	if yy < 50 {
		return 2000 + yy
	}
	return 1900 + yy
}

func bareYear(t string, m []int) []candidate {
	ys := group(t, m, 2)
	ym := []int{m[4], m[5]}
	if numberPrecedes(t, ym[0]) || numberContinues(t, ym[1]) {
		return nil
	}
	y, _ := strconv.Atoi(ys)
	pw := prevWord(t, ym[0])
	hasMod := group(t, m, 1) != ""
	next := strings.ToLower(nextWordRaw(t, ym[1]))
	if !hasMod && !yearPrepositions[pw] {
		if y < 1900 || unitNouns[next] {
			return nil
		}
		if numberedNouns[pw] && pw != "the" {
			return nil
		}
		// "Russell 2000 Index", "Windows 2000 Server": a number inside a name
		if pr, nr := prevWordRaw(t, ym[0]), nextWordRaw(t, ym[1]); pr != "" && nr != "" && isCapitalized(pr) && isCapitalized(nr) &&
			!determiners[pw] && !atSentenceStart(t, ym[0]-len(pr)-1) {
			return nil
		}
		if pw == "the" && unitNouns[next] {
			return nil
		}
		// "sold 2000 phones": a lowercase plural after the number reads as a count
		if strings.HasSuffix(next, "s") && !strings.HasSuffix(next, "ss") && len(next) > 3 && pw != "the" &&
			!isCapitalized(nextWordRaw(t, ym[1])) && countVerb(pw) {
			return nil
		}
	}
	return []candidate{explicitCand(m[0], m[1], yearValue(y), Year)}
}

var determiners = set("the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those", "in", "since", "by")

// countVerb reports whether w usually precedes a quantity.
func countVerb(w string) bool {
	switch w {
	case "sold", "hired", "employs", "employed", "cut", "cuts", "shed", "added", "lost", "built", "made", "has", "have", "had", "with", "bought", "produced", "shipped", "delivered", "recorded", "reported", "killed", "injured", "affected":
		return true
	}
	return false
}

func bareMonth(t string, m []int) []candidate {
	mod := strings.ToLower(group(t, m, 1))
	name := group(t, m, 2)
	ms := m[4]
	mo, _ := parseMonth(name)
	if m[1] < len(t) && numberContinues(t, m[1]) {
		return nil
	}
	next := nextWordRaw(t, m[1])
	if mod == "" {
		pw := prevWord(t, ms)
		pwRaw := prevWordRaw(t, ms)
		prepOK := false
		switch pw {
		case "in", "since", "until", "till", "by", "during", "through", "throughout", "before", "after",
			"from", "between", "early", "late", "mid", "end", "start", "beginning", "middle", "as", "of", "for",
			"to", "and", "or", "last", "next", "this", "that", "each", "every", "following", "previous":
			prepOK = true
		}
		if pw == "each" || pw == "every" {
			return nil
		}
		if name == "May" {
			// the modal verb and the name: accept only in date-like context
			switch pw {
			case "and", "or", "to", "for", "of", "as":
				if !monthNearBefore(t, ms) {
					return nil
				}
			}
			if !prepOK {
				return nil
			}
			if nw := strings.ToLower(next); nw == "be" || nw == "have" || nw == "not" || nw == "also" {
				return nil
			}
		} else if !prepOK {
			if pwRaw != "" && isCapitalized(pwRaw) && !atSentenceStart(t, ms) {
				return nil // "Theresa May", "Lake June"
			}
		}
		if next != "" && isCapitalized(next) && !prepOK {
			return nil // "March Madness", "June Carter"
		}
		if next != "" && isCapitalized(next) && prepOK && (pw == "to" || pw == "and" || pw == "of" || pw == "for" || pw == "as") {
			return nil
		}
	}
	return []candidate{relCand(m[0], m[1], Year, func(c resolveCtx) (string, Granularity, bool) {
		y := c.t.Year()
		switch {
		case c.gran != Day && c.gran != Week:
			// the anchor only gives the year
		case mod == "last" || mod == "past":
			if mo >= c.t.Month() {
				y--
			}
		case mod == "next":
			if mo <= c.t.Month() {
				y++
			}
		case mod == "this":
		default:
			var ok bool
			y, ok = pickYear(c, monthOccurrence(mo), 0)
			if !ok {
				return "", "", false
			}
		}
		return monthValue(date(y, mo, 1)), Month, true
	})}
}

// monthNearBefore reports whether a month name occurs in the few words
// before pos ("between April and May").
func monthNearBefore(t string, pos int) bool {
	lo := max(0, pos-25)
	return monthWordRe.MatchString(t[lo:pos])
}

var monthWordRe = regexp.MustCompile(`\b(?:` + monthFull + `)\b`)

func season(t string, m []int) []candidate {
	mod := strings.ToLower(strings.Join(strings.Fields(group(t, m, 1)), " "))
	word := group(t, m, 2)
	s := seasonIndex[strings.ToLower(word)]
	ys := group(t, m, 3)
	pw := prevWord(t, m[0])
	if pw == "every" || pw == "each" || pw == "all" {
		return nil
	}
	if ys != "" {
		y, _ := strconv.Atoi(ys)
		if numberContinues(t, m[1]) {
			return nil
		}
		return []candidate{explicitCand(m[0], m[1], fmt.Sprintf("%04d-%s", y, seasonCodes[s]), Season)}
	}
	next := nextWordRaw(t, m[1])
	nextLow := strings.ToLower(next)
	if strings.EqualFold(word, "fall") {
		switch mod {
		case "this", "last", "next", "early", "late", "the coming", "the past", "the previous", "coming", "past":
		case "the":
			switch pw {
			case "in", "during", "by", "until", "through", "over", "this", "that", "since", "for":
			default:
				return nil
			}
			switch nextLow {
			case "of", "in", "from", "to", "at", "was", "is", "has", "came", "and":
				return nil
			}
		default:
			return nil
		}
	}
	if mod == "" || mod == "the" || mod == "early" || mod == "late" || mod == "mid" {
		if next != "" && isCapitalized(next) && !atSentenceStart(t, m[1]+1) {
			return nil // "Summer Olympics", "Winter Games"
		}
		if pr := prevWordRaw(t, m[0]); word != strings.ToLower(word) && mod == "" && pr != "" && isCapitalized(pr) && !atSentenceStart(t, m[0]-len(pr)-1) {
			return nil // "Arab Spring", "Prague Spring"
		}
		switch nextLow {
		case "olympics", "games", "storm", "storms", "weather", "solstice", "equinox", "wheat", "tires", "tyres",
			"time", "break", "camp", "camps", "school", "vacation", "holiday", "holidays", "job", "jobs", "intern",
			"interns", "internship", "internships", "reading", "months", "season", "collection", "festival",
			"fashion", "menu", "heat", "sun", "clothes", "clothing", "home", "homes", "house", "session", "term",
			"semester", "blockbuster", "blockbusters", "movie", "movies", "shelter", "shelters", "coat", "coats",
			"sports", "driving", "travel", "wear", "squash", "crops", "residence", "palace", "league":
			return nil
		}
	}
	occ := func(y int) (time.Time, time.Time, bool) {
		st := seasonStart(y, s)
		return st, st.AddDate(0, 3, 0), true
	}
	return []candidate{relCand(m[0], m[1], Year, func(c resolveCtx) (string, Granularity, bool) {
		y := c.t.Year()
		code := seasonCodes[s]
		if c.gran != Day && c.gran != Week {
			return fmt.Sprintf("%04d-%s", y, code), Season, true
		}
		switch mod {
		case "this":
			if cy, cs := seasonOf(c.t); cs == s {
				y = cy
			}
		case "last", "past", "the past", "the previous", "the last":
			for y = c.t.Year() + 1; ; y-- {
				if _, e, _ := occ(y); !e.After(c.t) {
					break
				}
			}
		case "next", "coming", "the coming", "the next":
			for y = c.t.Year() - 1; ; y++ {
				if st, _, _ := occ(y); st.After(c.t) {
					break
				}
			}
		default:
			var ok bool
			if y, ok = pickYear(c, occ, 0); !ok {
				return "", "", false
			}
		}
		return fmt.Sprintf("%04d-%s", y, code), Season, true
	})}
}

func quarterOrdinal(t string, m []int) []candidate {
	ord := strings.ToLower(group(t, m, 1))
	q := ordinalQuarter[ord]
	if ys := group(t, m, 2); ys != "" {
		y, _ := strconv.Atoi(ys)
		return []candidate{explicitCand(m[0], m[1], quarterValue(y, q), Quarter)}
	}
	switch rel := strings.ToLower(group(t, m, 3)); rel {
	case "this", "the":
		return []candidate{relCand(m[0], m[1], Year, func(c resolveCtx) (string, Granularity, bool) {
			return quarterValue(c.t.Year(), q), Quarter, true
		})}
	case "last", "next":
		n := relativeOffset[rel]
		return []candidate{relCand(m[0], m[1], Year, func(c resolveCtx) (string, Granularity, bool) {
			return quarterValue(c.t.Year()+n, q), Quarter, true
		})}
	}
	if ord == "last" {
		// "the last quarter" without a year: the quarter before the reference
		return []candidate{relCand(m[0], m[1], Day, func(c resolveCtx) (string, Granularity, bool) {
			if c.gran != Day && c.gran != Week {
				return "", "", false
			}
			v, ok := shift(c.t, Quarter, -1)
			return v, Quarter, ok
		})}
	}
	if strings.HasPrefix(strings.ToLower(nextWordRaw(t, m[1])), "century") {
		return nil
	}
	return []candidate{relCand(m[0], m[1], Year, yearlessQuarter(q))}
}

func yearlessQuarter(q int) func(resolveCtx) (string, Granularity, bool) {
	return func(c resolveCtx) (string, Granularity, bool) {
		if c.gran != Day && c.gran != Week && c.gran != Month {
			return quarterValue(c.t.Year(), q), Quarter, true
		}
		y, ok := pickYear(c, func(y int) (time.Time, time.Time, bool) {
			s := date(y, time.Month(3*q-2), 1)
			return s, s.AddDate(0, 3, 0), true
		}, 0)
		return quarterValue(y, q), Quarter, ok
	}
}
