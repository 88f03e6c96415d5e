package timex

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Regular-expression fragments shared by the rules. Month and weekday
// names are case-sensitive: "may", "march" and "sun" are ordinary words.
const (
	monthFull = `January|February|March|April|May|June|July|August|September|October|November|December`
	monthAbbr = `Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec`
	monthAny  = `(?:` + monthFull + `|(?:` + monthAbbr + `)\.?)`
	monthDot  = `(?:` + monthFull + `|(?:` + monthAbbr + `)\.)`
	dayNum    = `(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?`
	yearNum   = `(?:1[5-9][0-9]{2}|20[0-9]{2})`
	weekday   = `(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
	// optPrefixWD lets a full date carry a leading weekday: "Tuesday, June 4".
	optPrefixWD = `(?:` + weekday + `\s{0,3},?\s{1,3})?`
	sp          = `\s{1,3}`
	numWord     = `(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|` +
		`thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|` +
		`(?:twenty|thirty|forty|fifty)-(?:one|two|three|four|five|six|seven|eight|nine)|a couple of|couple of)`
)

var monthByName = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

func parseMonth(s string) (time.Month, bool) {
	m, ok := monthByName[strings.ToLower(strings.TrimSuffix(s, "."))]
	return m, ok
}

var weekdayByName = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

var smallNumbers = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "a couple of": 2, "couple of": 2,
}

// parseNumber reads a numWord match: digits, "two", "twenty-five", "a".
func parseNumber(s string) (int, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	if n, ok := smallNumbers[s]; ok {
		return n, true
	}
	if tens, units, ok := strings.Cut(s, "-"); ok {
		t, ok1 := smallNumbers[tens]
		u, ok2 := smallNumbers[units]
		if ok1 && ok2 && u < 10 {
			return t + u, true
		}
	}
	return 0, false
}

var ordinalQuarter = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4,
	"1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}

var seasonIndex = map[string]int{"spring": 0, "summer": 1, "autumn": 2, "fall": 2, "winter": 3}

// relativeOffset is how many units "last", "this" and "next" move.
var relativeOffset = map[string]int{"last": -1, "this": 0, "next": 1}

var ordinalNumber = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4}

// parseDay reads "4", "04", "4th".
func parseDay(s string) int {
	s = strings.TrimRight(s, "stndrh")
	n, _ := strconv.Atoi(s)
	return n
}

// validDay reports whether y-m-d exists in the calendar.
func validDay(y int, m time.Month, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return date(y, m, d).Day() == d
}

// prevWord returns the lower-cased word ending right before pos (skipping
// spaces and commas), or "".
func prevWord(text string, pos int) string {
	i := pos
	for i > 0 && i > pos-64 && (text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '\n') {
		i--
	}
	j := i
	for j > 0 && j > i-30 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !(unicode.IsLetter(r) || r == '\'' || r == '-' || r == '.' && j > 1) {
			break
		}
		j -= size
	}
	return strings.ToLower(strings.Trim(text[j:i], ".-'"))
}

// prevWordRaw is prevWord without lower-casing.
func prevWordRaw(text string, pos int) string {
	i := pos
	for i > 0 && i > pos-64 && (text[i-1] == ' ' || text[i-1] == '\t') {
		i--
	}
	j := i
	for j > 0 && j > i-30 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= size
	}
	return text[j:i]
}

// nextWordRaw returns the word starting after pos (skipping spaces), as written.
func nextWordRaw(text string, pos int) string {
	i := pos
	for i < len(text) && i < pos+64 && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	j := i
	for j < len(text) && j < i+30 {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !(unicode.IsLetter(r) || r == '-' && j > i) {
			break
		}
		j += size
	}
	return text[i:j]
}

func isCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// atSentenceStart reports whether pos begins a sentence (only spaces,
// quotes or brackets after a sentence end or the start of the text).
func atSentenceStart(text string, pos int) bool {
	i := pos
	for i > 0 && i > pos-64 && strings.ContainsRune(" \t\"'([-", rune(text[i-1])) {
		i--
	}
	return i == 0 || strings.ContainsRune(".!?\n:;", rune(text[i-1]))
}
