package timex

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var unitGran = map[string]Granularity{
	"day": Day, "week": Week, "weekend": Weekend, "month": Month, "quarter": Quarter,
	"year": Year, "decade": Decade,
}

// relativeRules cover expressions resolved against the reference date.
func relativeRules() []rule {
	return []rule{
		{ // today, yesterday, tomorrow, tonight, this morning, last night
			re: regexp.MustCompile(`(?i)\b(?:(the\s{1,3}day\s{1,3}before\s{1,3}yesterday|the\s{1,3}day\s{1,3}after\s{1,3}tomorrow)|(?:(?:earlier|later)\s{1,3})?(today|tonight|yesterday|tomorrow)|(this|last|yesterday|tomorrow)\s{1,3}(morning|afternoon|evening|night))\b`), prio: 2, digit: false, keys: keys("today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night"),
			fn: func(t string, m []int) []candidate {
				if w := t[m[0]:m[1]]; w == strings.ToUpper(w) && !atSentenceStart(t, m[0]) {
					return nil // "USA TODAY": a name in capitals
				}
				n := 0
				switch w := strings.ToLower(group(t, m, 1) + group(t, m, 2) + group(t, m, 3)); {
				case strings.HasSuffix(w, "before yesterday"):
					n = -2
				case strings.HasSuffix(w, "after tomorrow"):
					n = 2
				case w == "yesterday":
					n = -1
				case w == "tomorrow":
					n = 1
				case w == "last":
					if strings.ToLower(group(t, m, 4)) != "night" {
						return nil // "last evening" is rare; "last morning" is not a date
					}
					n = -1
				}
				return []candidate{relCand(m[0], m[1], Day, func(c resolveCtx) (string, Granularity, bool) {
					if c.gran != Day {
						return "", "", false
					}
					return dayValue(c.t.AddDate(0, 0, n)), Day, true
				})}
			},
		},
		{ // Tuesday, last Friday, next Monday, on Wednesday night
			re: regexp.MustCompile(`\b(?:(last|next|this|coming|past|Last|Next|This|early|late|Early|Late)\s{1,3})?(` + weekday + `)\b`), prio: 1, digit: false, keys: keys("day"),
			fn: weekdayRule,
		},
		{ // last week, this month, next year, the previous year, earlier this year, the end of last year
			re: regexp.MustCompile(`(?i)\b(?:(earlier|later|early|late|mid)[\s-]{1,3}|the\s{1,3}(?:end|start|beginning|middle|rest|remainder|close|turn|first\s{1,3}half|second\s{1,3}half|latter\s{1,3}part|early\s{1,3}part)\s{1,3}of\s{1,3})?(last|next|this|coming|previous|past|current|the\s{1,3}(?:previous|prior|past|coming|next|following|current|same|last|preceding))\s{1,3}(week|weekend|month|quarter|year|decade)\b`), prio: 2, digit: false, keys: keys("week", "month", "year", "decade", "quarter"),
			fn: relativeUnit,
		},
		{ // the end of the year, the rest of the month: the reference's own period
			re: regexp.MustCompile(`(?i)\bthe\s{1,3}(?:end|start|beginning|middle|rest|remainder|close|turn)\s{1,3}of\s{1,3}the\s{1,3}(year|month|week|quarter)\b`), prio: 2, digit: false, keys: keys(" of the "),
			fn: func(t string, m []int) []candidate {
				g := unitGran[strings.ToLower(group(t, m, 1))]
				return []candidate{relCand(m[0], m[1], g, func(c resolveCtx) (string, Granularity, bool) {
					v, ok := shift(c.t, g, 0)
					return v, g, ok
				})}
			},
		},
		{ // two years ago, 6 months ago, a year earlier, three weeks from now
			re: regexp.MustCompile(`(?i)\b(` + numWord + `)[\s-]{1,3}(day|week|month|year|decade)s?` + sp + `(ago|earlier|from\s{1,3}now|hence)\b`), prio: 2, digit: false, keys: keys("ago", "earlier", "now", "hence"),
			fn: agoRule,
		},
		{ // end the day, later in the day, the same day, a second consecutive day
			re: regexp.MustCompile(`(?i)\b(?:(?:end|ending|ended|start|started|starting|close|closed|closing|finish|finished|finishing|rest|remainder|beginning|during|for|earlier\s{1,3}in|later\s{1,3}in|late\s{1,3}in|early\s{1,3}in)\s{1,3}(?:of\s{1,3})?the|the\s{1,3}same|that)\s{1,3}day\b|\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s{1,3}(?:straight|consecutive|successive)\s{1,3}(?:day|session|trading\s{1,3}day)\b`), prio: 1, digit: false, keys: keys("day", "session"),
			fn: func(t string, m []int) []candidate {
				if strings.HasSuffix(strings.ToLower(t[m[0]:m[1]]), "that day") && prevWord(t, m[0]) != "on" {
					return nil
				}
				nw := strings.ToLower(nextWordRaw(t, m[1]))
				if nw == "before" || nw == "after" || nw == "when" || nw == "of" || nw == "that" || nw == "in" && strings.HasSuffix(strings.ToLower(t[m[0]:m[1]]), "that day") {
					return nil
				}
				return []candidate{{start: m[0], end: m[1], anaphoricDay: true}}
			},
		},
		{ // the previous day, the day before, the next day, the following day
			re: regexp.MustCompile(`(?i)\bthe\s{1,3}(?:(previous|prior|preceding|next|following)\s{1,3}day|day\s{1,3}(before|after|earlier|later))\b`), prio: 1, digit: false, keys: keys("day"),
			fn: func(t string, m []int) []candidate {
				w := strings.ToLower(group(t, m, 1) + group(t, m, 2))
				if (w == "before" || w == "after") && nextWordRaw(t, m[1]) != "" || strings.EqualFold(nextWordRaw(t, m[1]), "of") {
					return nil // "the day before the vote" anchors on an event
				}
				off := -1
				switch w {
				case "next", "following", "after", "later":
					off = 1
				}
				return []candidate{{start: m[0], end: m[1], anaphoricDay: true, dayOffset: off}}
			},
		},
		{ // fourth week in a row, a third straight week: the reference's week
			re: regexp.MustCompile(`(?i)\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s{1,3}(?:(?:straight|consecutive|successive)\s{1,3}week|week\s{1,3}in\s{1,3}a\s{1,3}row)\b`), prio: 1, digit: false, keys: keys("week"),
			fn: func(t string, m []int) []candidate {
				return []candidate{relCand(m[0], m[1], Day, func(c resolveCtx) (string, Granularity, bool) {
					if c.gran != Day {
						return "", "", false
					}
					return weekValue(c.t), Week, true
				})}
			},
		},
		{ // the last week of March, the first week of June 2009
			re: regexp.MustCompile(`(?i)\bthe\s{1,3}(first|second|third|fourth|last|final)\s{1,3}week\s{1,3}of\s{1,3}(` + monthFull + `)(?:\s{0,3},?\s{1,3}(` + yearNum + `))?\b`), prio: 3,
			fn: weekOfMonth,
		},
		{ // the weekend, over the weekend
			re: regexp.MustCompile(`(?i)\b(?:the)\s{1,3}weekend\b`), prio: 1, digit: false, keys: keys("week"),
			fn: func(t string, m []int) []candidate {
				switch prevWord(t, m[0]) {
				case "every", "each", "of":
					return nil
				}
				return []candidate{relCand(m[0], m[1], Day, func(c resolveCtx) (string, Granularity, bool) {
					if c.gran != Day {
						return "", "", false
					}
					return weekendNear(c.t, c.tense), Weekend, true
				})}
			},
		},
	}
}

// namedDayPrefixes make a weekday part of a name: "Black Friday".
var namedDayPrefixes = set("black", "cyber", "super", "ash", "good", "holy", "easter", "bloody", "blue", "giving", "maundy", "whit", "shrove", "palm", "low")

func weekdayRule(t string, m []int) []candidate {
	mod := strings.ToLower(group(t, m, 1))
	wd := weekdayByName[strings.ToLower(group(t, m, 2))]
	wdStart := m[4]
	pw := prevWord(t, wdStart)
	if mod == "" && (namedDayPrefixes[pw] || pw == "every" || pw == "each") {
		return nil
	}
	if p := prevWordRaw(t, wdStart); mod == "" && namedDayPrefixes[strings.ToLower(p)] {
		return nil
	}
	return []candidate{relCand(m[0], m[1], Day, func(c resolveCtx) (string, Granularity, bool) {
		if c.gran != Day {
			return "", "", false
		}
		var d time.Time
		switch mod {
		case "last", "past":
			d = weekdayStrict(c.t, wd, -1)
		case "next", "coming":
			d = weekdayStrict(c.t, wd, 1)
		case "this":
			d = weekdayThisWeek(c.t, wd)
		default:
			d = weekdayNear(c.t, wd, c.tense)
		}
		return dayValue(d), Day, true
	})}
}

// weekendNear resolves "the weekend" by tense: the one just past, the
// coming one, or (tense unknown) the one nearest the reference.
func weekendNear(ref time.Time, t tense) string {
	wd := ref.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return weekValue(ref) + "-WE"
	}
	pastWE := ref.AddDate(0, 0, -int(wd))  // the Sunday before
	nextWE := ref.AddDate(0, 0, 6-int(wd)) // the Saturday after
	switch t {
	case past:
		return weekValue(pastWE) + "-WE"
	case future:
		return weekValue(nextWE) + "-WE"
	}
	if wd <= time.Tuesday {
		return weekValue(pastWE) + "-WE"
	}
	return weekValue(nextWE) + "-WE"
}

func relativeUnit(t string, m []int) []candidate {
	rel := strings.ToLower(strings.Join(strings.Fields(group(t, m, 2)), " "))
	unit := strings.ToLower(group(t, m, 3))
	g := unitGran[unit]
	n := 0
	switch rel {
	case "last", "previous", "the previous", "the prior", "the last", "the preceding":
		n = -1
	case "next", "coming", "the coming", "the next":
		n = 1
	case "this", "current", "the current":
	case "past", "the past":
		if unit != "decade" && unit != "weekend" && unit != "quarter" {
			return []candidate{blockCand(m[0], m[1])} // "the past year" is a duration
		}
		n = -1
	default: // the following/same year: anaphoric, not resolvable here
		return []candidate{blockCand(m[0], m[1])}
	}
	if rel == "the last" && (unit == "week" || unit == "month" || unit == "year") {
		return []candidate{blockCand(m[0], m[1])} // "over the last year" is a duration
	}
	if unit == "weekend" {
		return []candidate{relCand(m[0], m[1], Day, func(c resolveCtx) (string, Granularity, bool) {
			if c.gran != Day {
				return "", "", false
			}
			return weekendRel(c.t, n, c.tense), Weekend, true
		})}
	}
	need := g
	if g == Week {
		need = Day
	}
	return []candidate{relCand(m[0], m[1], need, func(c resolveCtx) (string, Granularity, bool) {
		v, ok := shift(c.t, g, n)
		return v, g, ok
	})}
}

// weekendRel resolves "this/last/next weekend".
func weekendRel(ref time.Time, n int, t tense) string {
	wd := ref.Weekday()
	onWeekend := wd == time.Saturday || wd == time.Sunday
	switch {
	case n < 0:
		if onWeekend {
			return weekValue(ref.AddDate(0, 0, -7)) + "-WE"
		}
		return weekValue(ref.AddDate(0, 0, -int(wd))) + "-WE"
	case n > 0:
		if onWeekend {
			return weekValue(ref.AddDate(0, 0, 7)) + "-WE"
		}
		return weekValue(ref) + "-WE"
	}
	if !onWeekend && t == past {
		return weekValue(ref.AddDate(0, 0, -int(wd))) + "-WE"
	}
	return weekValue(ref) + "-WE"
}

func agoRule(t string, m []int) []candidate {
	num, ok := parseNumber(group(t, m, 1))
	if !ok {
		return nil
	}
	unit := strings.ToLower(group(t, m, 2))
	g := unitGran[unit]
	dir := strings.ToLower(group(t, m, 3))
	n := -num
	if strings.HasPrefix(dir, "from") || dir == "hence" {
		n = num
	}
	// "the same month a year ago" refers to another expression's month
	lo := max(0, m[0]-30)
	if strings.Contains(strings.ToLower(t[lo:m[0]]), "same") {
		return []candidate{blockCand(m[0], m[1])}
	}
	if g == Week {
		g = Day // "a week ago" is the same weekday last week
		n *= 7
	}
	return []candidate{relCand(m[0], m[1], g, func(c resolveCtx) (string, Granularity, bool) {
		v, ok := shift(c.t, g, n)
		return v, g, ok
	})}
}

// vagueRules cover references without a calendar value.
func vagueRules() []rule {
	mk := func(pattern, value string, ks []string) rule {
		return rule{re: regexp.MustCompile(pattern), prio: 0, keys: ks, fn: func(t string, m []int) []candidate {
			return []candidate{{start: m[0], end: m[1], vague: value}}
		}}
	}
	return []rule{
		mk(`\b(?:[Rr]ight\s{1,3}now|[Nn]ow|[Cc]urrently|[Pp]resently|[Nn]owadays|[Aa]t\s{1,3}present|[Tt]hese\s{1,3}days|[Aa]t\s{1,3}the\s{1,3}moment|[Tt]he\s{1,3}present)\b`, "PRESENT_REF", keys("now", "current", "present", "these days", "moment")),
		mk(`\b(?:[Rr]ecently|[Ll]ately|[Pp]reviously|[Ff]ormerly|(?:[Ii]n\s{1,3})?[Rr]ecent\s{1,3}(?:years|months|weeks|days|times|decades)|(?:[Ii]n\s{1,3})?[Tt]he\s{1,3}past(?:\s{1,3}few\s{1,3}(?:years|months|weeks|days|decades))?|[Ii]n\s{1,3}the\s{1,3}old\s{1,3}days)\b`, "PAST_REF", keys("recent", "lately", "previous", "formerly", "past", "old days")),
		mk(`\b(?:(?:[Ii]n\s{1,3})?[Tt]he\s{1,3}(?:near\s{1,3}|distant\s{1,3})?future|[Ss]oon|(?:[Ii]n\s{1,3})?[Tt]he\s{1,3}(?:coming|next\s{1,3}few|years\s{1,3}to\s{1,3}come)\s{1,3}(?:years|months|weeks|days|decades)|(?:[Ii]n\s{1,3})?[Tt]he\s{1,3}(?:years|months|weeks|days|decades)\s{1,3}(?:ahead|to\s{1,3}come)|[Uu]pcoming\s{1,3}(?:years|months|weeks))\b`, "FUTURE_REF", keys("future", "soon", "coming", "next few", "ahead", "to come", "upcoming")),
	}
}

// allRules is the tagger's rule set, compiled once.
var allRules = func() []rule {
	var rs []rule
	rs = append(rs, dateRules()...)
	rs = append(rs, periodRules()...)
	rs = append(rs, relativeRules()...)
	rs = append(rs, vagueRules()...)
	rs = append(rs, holidayRule())
	return rs
}()

// findCandidates runs every rule over text, one sentence at a time, and
// only the rules whose keywords occur in the sentence: Go's regexp is
// linear in its input, but cheap keyword checks skip most of the work.
func findCandidates(text string) []candidate {
	var cs []candidate
	for s := 0; s < len(text); {
		e := segmentEnd(text, s)
		seg := text[s:e]
		low := strings.ToLower(seg)
		digit := strings.ContainsAny(seg, "0123456789")
		for _, r := range allRules {
			if r.digit && !digit || !r.wants(low) {
				continue
			}
			for _, m := range r.re.FindAllStringSubmatchIndex(seg, -1) {
				for i := range m {
					if m[i] >= 0 {
						m[i] += s
					}
				}
				for _, c := range r.fn(text, m) {
					c.prio = r.prio
					if c.start < c.end {
						cs = append(cs, c)
					}
				}
			}
		}
		s = e
	}
	return cs
}

// segmentEnd returns the end of the sentence starting at s: just after a
// sentence end (see isSentenceEnd) and the whitespace that follows it.
func segmentEnd(text string, s int) int {
	for i := s; i < len(text); i++ {
		if isSentenceEnd(text, i) {
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\n' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			return j
		}
	}
	return len(text)
}

// weekOfMonth resolves "the last week of March" to an ISO week: the n-th
// week is the one holding day 4+7(n-1) of the month, the last week the
// one holding the month's fourth-last day (so most of its days fall in
// the month).
func weekOfMonth(t string, m []int) []candidate {
	ord := strings.ToLower(group(t, m, 1))
	mo, ok := parseMonth(group(t, m, 2))
	if !ok {
		return nil
	}
	pick := func(y int) string {
		switch ord {
		case "last", "final":
			return weekValue(date(y, mo+1, 1).AddDate(0, 0, -4))
		}
		n := ordinalNumber[ord]
		return weekValue(date(y, mo, 4+7*(n-1)))
	}
	if ys := group(t, m, 3); ys != "" {
		y, _ := strconv.Atoi(ys)
		return []candidate{explicitCand(m[0], m[1], pick(y), Week)}
	}
	return []candidate{relCand(m[0], m[1], Year, func(c resolveCtx) (string, Granularity, bool) {
		y := c.t.Year()
		if c.gran == Day || c.gran == Week {
			var ok bool
			y, ok = pickYear(c, monthOccurrence(mo), 0)
			if !ok {
				return "", "", false
			}
		}
		return pick(y), Week, true
	})}
}
