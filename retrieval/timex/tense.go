package timex

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tense is the grammatical time of the clause around an expression, used
// to pick the direction of yearless dates and bare weekdays.
type tense int

const (
	unknown tense = iota
	past
	present
	future
	// planned is a clause where a future cue governs the date but the
	// verb is past ("the vote scheduled for March was postponed"): the
	// date lies ahead of the planning, not necessarily of the reference,
	// so the occurrence nearest the reference is meant.
	planned
)

// tenseWindow bounds how far (bytes) either side of an expression the
// tense detector looks, keeping Tag linear in the input length.
const tenseWindow = 220

var pastWords = set("was", "were", "had", "did", "said", "told", "made", "took", "gave", "came", "went",
	"fell", "rose", "saw", "got", "began", "became", "sold", "bought", "paid", "lost", "won", "met",
	"left", "held", "kept", "led", "ran", "spent", "struck", "wrote", "found", "thought", "brought",
	"grew", "knew", "shed", "sank", "drew", "flew", "fought", "swung", "stood", "sent", "built",
	"felt", "heard", "meant", "spoke", "stole", "threw", "withdrew", "wore", "overtook", "ago",
	"dipped", "slid", "sought", "taught", "caught", "chose", "froze", "forgot", "hid", "rang", "shook",
	"underwent", "undertook", "laid", "fled", "broke", "swept", "spun", "stuck", "tore", "rode", "drove",
	"woke", "dealt", "dug", "lent", "understood", "upheld", "withheld", "withstood", "overcame", "oversaw",
	"overthrew", "mistook", "outgrew", "foresaw", "forbade", "forgave", "shrank", "sang", "swore", "slept",
	"strode", "arose", "befell", "leapt", "knelt", "sprang", "swam", "clung", "sped", "bled", "hung", "shone",
	"wasn't", "weren't", "hadn't", "didn't")

var futureWords = set("will", "shall", "would", "may", "might", "should", "could", "won't", "wouldn't",
	"expected", "expects", "expect", "plans", "planned", "plan", "planning", "scheduled", "slated", "intends",
	"intend", "aims", "upcoming", "next", "tomorrow", "forthcoming", "going", "until", "till")

// complementizers start a new clause: a verb before one does not set the
// tense after it ("said that it wants to cut jobs by June").
var complementizers = set("that", "which", "who", "whom", "whose", "when", "because", "while", "if", "although", "though", "whether")

var presentWords = set("is", "are", "am", "isn't", "aren't")

// articles and possessives come before nouns and their adjectives, never
// before a verb.
var articles = set("the", "a", "an", "its", "their", "his", "her", "our", "your", "these", "those")

// reportingVerbs attribute a statement: in "..., officials said Monday"
// they tell when it was said, not the tense of the clause the date is in.
var reportingVerbs = set("said", "says", "announced", "told", "reported", "added", "noted", "stated",
	"confirmed", "wrote", "explained", "tweeted", "posted", "according", "revealed", "insisted")

// edNotPast are words ending in -ed that are not simple past verbs.
var edNotPast = set("need", "based", "united", "limited", "red", "bed", "speed", "seed", "feed", "indeed",
	"hundred", "proceed", "exceed", "succeed", "breed", "embed", "allied", "related", "detailed",
	"advanced", "listed", "troubled", "unexpected", "supposed", "interested", "concerned", "skilled",
	"talented", "aged", "naked", "sacred", "kindred", "rugged", "beloved", "biased", "privileged",
	"armed", "owned", "ranked", "rated", "priced", "sized", "headquartered", "registered", "so-called",
	"called", "named", "titled", "dubbed", "shed")

// toFuture are words that make a following "to" point ahead: "set to
// begin", "wants to cut".
var toFuture = set("set", "due", "slated", "poised", "likely", "going", "about", "wants", "want", "hopes",
	"hope", "aims", "aim", "intends", "intend", "seeks", "seek", "plans", "plan", "expected", "scheduled",
	"planned", "unlikely", "ready", "needs", "need", "agreed", "promised", "vowed", "pledged", "threatened",
	"preparing", "prepared", "voted", "decided")

// forFuture are words that make a following "for" point ahead: "set for
// Wednesday", "pencilled in for March" reads "in" as part of the verb.
var forFuture = set("set", "slated", "rescheduled", "pencilled", "penciled", "earmarked", "targeted", "pegged", "timed", "booked", "due")

// gapWords stand between a word and the date it governs without loosening
// the link: "planned for Wednesday", "fell early in March".
var gapWords = set("on", "in", "for", "at", "during", "of", "from", "the", "early", "late", "mid", "around")

// clauseEnds are words that start a new clause or a coordinated one: a
// future cue beyond them says nothing about the clause of the date.
var clauseEnds = set("and", "but", "or", "after", "before", "so", "then")

// tenseAt guesses the tense of the clause around text[start:end] from the
// nearest tense marker in the same sentence. Prepositions between a word
// and the date it governs ("planned for", "fell on") do not add to its
// distance, so the governing word wins a tie with a verb after the date.
// A present copula says nothing about direction by itself and gives way to
// a future cue further out in the date's own clause ("the next meeting is
// in Q3", "Q3 revenue is expected to rise"), unless a past-tense verb on
// the other side is at least as close as that cue ("the ban that took
// effect on Monday is expected to last").
func tenseAt(text string, start, end int) tense {
	t, side, rival := nearestTense(text, start, end)
	if t == present {
		if d, ok := futureCueBeyond(text, start, end, side); ok && (rival.t != past || rival.d > d) {
			return future
		}
	}
	return t
}

// marker is a tense marker near an expression: its tense and how many
// words lie between it and the expression.
type marker struct {
	t tense
	d int
}

var noMarker = marker{unknown, 1 << 30}

// nearestTense is the tense of the nearest tense marker around
// text[start:end] in its sentence, the side it was found on (-1 before,
// +1 after, 0 neither or a preposition deciding on its own) and the
// nearest marker on the other side.
func nearestTense(text string, start, end int) (tense, int, marker) {
	lo, hi := sentenceBounds(text, start, end)
	before := words(text[lo:start])
	after := words(text[end:hi])
	// a heading or dateline ("March 21: The tribe issued ...") says
	// nothing about the tense of what follows
	if rest := strings.TrimLeft(text[end:hi], " "); strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, " -") || strings.HasPrefix(rest, "—") {
		if len(before) == 0 {
			return unknown, 0, noMarker
		}
	}
	// a deadline preposition right before the expression looks ahead
	// unless a past-tense verb is close: "by early June", "until Friday"
	if n := len(before); n > 0 {
		switch before[n-1] {
		case "until", "till", "by", "through", "thru":
			for i := n - 2; i >= 0 && i >= n-8 && !complementizers[before[i]]; i-- {
				if pastWords[before[i]] && markerTense(before, i) == past {
					return past, 0, noMarker // "had cut 10,000 jobs by March"; not "remain closed until"
				}
			}
			return future, 0, noMarker
		case "since":
			return past, 0, noMarker // "since March" began before the reference
		}
	}
	b, a := noMarker, noMarker
	gaps := 0 // gap words between before[i] and the expression
	for i := len(before) - 1; i >= 0; i-- {
		if t := markerTense(before, i); t != unknown {
			b = marker{t, len(before) - 1 - i - gaps}
			break
		}
		if gapWords[before[i]] {
			gaps++
		}
	}
	all := append(append([]string(nil), before...), after...)
	// Words from here on follow a comma. When the date is not fronted
	// ("On Monday, Google said ..."), a reporting verb there belongs to an
	// attribution ("..., officials said").
	attribution := len(after)
	if c := strings.IndexByte(text[end:hi], ','); c >= 0 && len(before) > 2 {
		attribution = len(words(text[end : end+c]))
	}
	for i := range after {
		if i >= attribution && reportingVerbs[after[i]] {
			continue
		}
		if t := markerTense(all, len(before)+i); t != unknown {
			a = marker{t, i}
			break
		}
	}
	switch {
	case b.t == unknown && a.t == unknown:
		return unknown, 0, noMarker
	case b.t == future && a.t == past && a.d <= b.d:
		// a date planned ahead of a past event: "the strike planned
		// for Wednesday was called off" may have been due either side
		// of the reference
		return planned, 0, noMarker
	case a.d < b.d:
		return a.t, 1, b
	}
	return b.t, -1, a
}

// markerTense classifies ws[i] as a tense marker, looking at the words
// before it for auxiliaries ("is expected", "has said", "set to").
func markerTense(ws []string, i int) tense {
	w := ws[i]
	prev, prev2 := "", ""
	if i > 0 {
		prev = ws[i-1]
	}
	if i > 1 {
		prev2 = ws[i-2]
	}
	aux := prev
	if strings.HasSuffix(prev, "ly") && prev2 != "" {
		aux = prev2 // "is officially reported"
	}
	switch {
	case w == "to":
		if toFuture[prev] {
			return future
		}
		return unknown
	case w == "for":
		if forFuture[prev] || prev == "in" && forFuture[prev2] {
			return future
		}
		return unknown
	case w == "due":
		if i+1 < len(ws) && ws[i+1] == "to" {
			return unknown // "due to begin" is for "to" to judge; "due to weak demand" is a cause
		}
		if aux == "was" || aux == "were" {
			return past
		}
		return future // "is due on Wednesday", "payments due in March"
	case futureWords[w]:
		if strings.HasSuffix(w, "ed") && (aux == "was" || aux == "were" || aux == "had") {
			return past // "was expected to", "had planned"
		}
		return future
	case strings.HasSuffix(w, "'ll"):
		return future
	case presentWords[w]:
		return present
	case !pastWords[w] && articles[prev]:
		return unknown // an -ed word after "the" describes: "the uncrewed mission"
	case pastWords[w] || len(w) >= 5 && strings.HasSuffix(w, "ed") && !edNotPast[w] && !strings.Contains(w, "-"):
		switch aux {
		case "is", "are", "be", "been", "being", "will", "to", "am", "has", "have", "'ve", "isn't", "aren't", "maybe", "get", "gets", "got":
			return present // passive, perfect or infinitive: "is set", "has announced"
		}
		return past
	}
	return unknown
}

// futureCueBeyond looks beyond the present copula on the given side of
// text[start:end] (-1 before it, +1 after it), up to the nearest
// punctuation mark or clause-starting word, for a future cue, and gives
// the number of words between that cue and the expression.
func futureCueBeyond(text string, start, end, side int) (int, bool) {
	lo, hi := sentenceBounds(text, start, end)
	if i := strings.LastIndexAny(text[lo:start], clausePunct); i >= 0 {
		_, n := utf8.DecodeRuneInString(text[lo+i:])
		lo += i + n
	}
	if i := strings.IndexAny(text[end:hi], clausePunct); i >= 0 {
		hi = end + i
	}
	before, after := words(text[lo:start]), words(text[end:hi])
	for i := len(before) - 1; i >= 0; i-- {
		if complementizers[before[i]] || clauseEnds[before[i]] {
			before = before[i+1:]
			break
		}
	}
	for i, w := range after {
		if complementizers[w] || clauseEnds[w] {
			after = after[:i]
			break
		}
	}
	all := append(append([]string(nil), before...), after...)
	from, to, step := len(before)-1, -1, -1 // nearest first, away from the expression
	if side > 0 {
		from, to, step = len(before), len(all), 1
	}
	copula := false
	for i := from; i != to; i += step {
		switch markerTense(all, i) {
		case present:
			copula = true
		case past:
			return 0, false
		case future:
			if copula {
				if side > 0 {
					return i - len(before), true
				}
				return len(before) - 1 - i, true
			}
		}
	}
	return 0, false
}

// clausePunct are the marks that close off a clause or an aside.
const clausePunct = ",;:()—–\""

// sentenceBounds returns the byte range of the sentence around [start,end),
// clipped to tenseWindow bytes either side.
func sentenceBounds(text string, start, end int) (lo, hi int) {
	lo = max(0, start-tenseWindow)
	for i := start - 1; i > lo; i-- {
		if isSentenceEnd(text, i) {
			lo = i + 1
			break
		}
	}
	hi = min(len(text), end+tenseWindow)
	for i := end; i < hi; i++ {
		if isSentenceEnd(text, i) {
			hi = i
			break
		}
	}
	// keep both ends on rune boundaries
	for lo < start && !utf8.RuneStart(text[lo]) {
		lo++
	}
	for hi > end && hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi--
	}
	return lo, hi
}

// isSentenceEnd reports whether text[i] ends a sentence: a full stop,
// question or exclamation mark followed by a space and a capital, where
// the word before is not a one-letter abbreviation ("U.S. Commerce").
func isSentenceEnd(text string, i int) bool {
	switch text[i] {
	case '\n':
		return true
	case '!', '?', ';':
		return true
	case '.':
	default:
		return false
	}
	if i+2 >= len(text) || text[i+1] != ' ' {
		return false
	}
	next := strings.TrimLeft(text[i+2:min(len(text), i+12)], "\"'“‘([")
	if r, _ := utf8.DecodeRuneInString(next); !unicode.IsUpper(r) {
		return false
	}
	if i >= 2 && text[i-2] == '.' {
		return false // "U.S."
	}
	if i >= 1 && unicode.IsUpper(rune(text[i-1])) && (i < 2 || !unicode.IsLetter(rune(text[i-2]))) {
		return false // initial: "John F. Kennedy"
	}
	return true
}

// words splits s into lower-cased word tokens (letters and apostrophes).
func words(s string) []string {
	s = strings.ReplaceAll(strings.ToLower(s), "’", "'")
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || r == '\'' || r == '’' || r == '-')
	})
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
