package summarize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// notCovered is the exact reply the model is told to give when the sources
// do not answer.
const notCovered = "NOT_COVERED"

// markerRe matches one citation marker: [1], [2,3], [2, 3], [1-3], and the
// spellings models slip into, [Excerpt 2] or [source 4].
var markerRe = regexp.MustCompile(`(?i)\[\s*(?:(?:excerpt|source|event)s?\s*#?\s*)?(\d{1,4}(?:\s*(?:[,;]|[-–]|and)\s*\d{1,4})*)\s*\]`)

// maxRange bounds how many numbers a range marker such as [1-3] expands to.
const maxRange = 20

// checker verifies generated text against the sources it may cite.
type checker struct {
	// support maps each citable number to the text that backs it (title,
	// date, excerpt); a number absent from the map is invalid.
	support map[int]string
	// supportNumbers and knownNumbers are the numbers of the support texts
	// and of the known text, worked out once: a streamed answer is checked
	// again at every update.
	supportNumbers map[int]map[string]bool
	knownNumbers   map[string]bool
}

// newChecker returns a checker for the sources in support. known is text
// whose numbers need no citation (the question, the topic).
func newChecker(known string, support map[int]string) checker {
	c := checker{support: support, supportNumbers: make(map[int]map[string]bool, len(support)), knownNumbers: numbersIn(known)}
	for n, text := range support {
		c.supportNumbers[n] = numbersIn(text)
	}
	return c
}

// verdict is the outcome of checking generated text.
type verdict struct {
	Text           string // the cleaned text, mentions neutralised
	InvalidMarkers int    // marker numbers that cite no source
	Removed        int    // sentences removed as unsupported
	Sentences      int    // sentences in the generated text
}

// Dropped is the number of invalid markers and removed sentences.
func (v verdict) Dropped() int { return v.InvalidMarkers + v.Removed }

// check cleans raw model output: it drops markers that cite no source,
// removes sentences left without a valid marker or stating a number their
// sources do not contain, and neutralises Discord mentions. It fails with
// ErrNotCovered when the model said the sources do not answer, and with
// ErrUnverified when nothing valid remains or more than half of the
// sentences were removed.
func (c checker) check(raw string) (verdict, error) {
	text := strings.TrimSpace(stripThinking(raw))
	var v verdict
	if strings.Contains(strings.ToUpper(text), notCovered) {
		return v, ErrNotCovered
	}
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		var kept []string
		for _, sent := range sentencesOf(line) {
			v.Sentences++
			out, ok := c.sentence(sent, &v)
			if !ok {
				v.Removed++
				continue
			}
			kept = append(kept, out)
		}
		if len(kept) > 0 {
			lines = append(lines, joinSentences(kept))
		}
	}
	v.Text = neutraliseMentions(strings.Join(lines, "\n"))
	switch {
	case c.citesNoSource(v.Text):
		return v, fmt.Errorf("%w: the cleaned text still cites no source somewhere", ErrUnverified)
	case v.Sentences == 0 || len(lines) == 0:
		return v, fmt.Errorf("%w: no sentence with a valid citation (%d sentences, %d invalid markers)", ErrUnverified, v.Sentences, v.InvalidMarkers)
	case v.Removed*2 > v.Sentences:
		return v, fmt.Errorf("%w: %d of %d sentences unsupported", ErrUnverified, v.Removed, v.Sentences)
	}
	return v, nil
}

// joinSentences joins sentences with a space, or with nothing after a
// sentence ending in CJK punctuation.
func joinSentences(sents []string) string {
	var b strings.Builder
	for i, s := range sents {
		if i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(sents[i-1]); !isWide(r) {
				b.WriteString(" ")
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

// sentence rewrites one sentence's markers and reports whether it is
// supported: it cites at least one valid source, and every number it
// states appears in a cited source or in the known text.
func (c checker) sentence(sent string, v *verdict) (string, bool) {
	var cited []int
	out, settled := rewriteAllMarkers(sent, func(nums []int) string {
		var ok []int
		for _, n := range nums {
			if _, valid := c.support[n]; !valid {
				v.InvalidMarkers++
				continue
			}
			ok = appendUnique(ok, n)
			cited = appendUnique(cited, n)
		}
		return renderMarkers(ok)
	})
	if !settled || len(cited) == 0 {
		return "", false
	}
	for num := range numbersIn(markerRe.ReplaceAllString(out, " ")) {
		if !c.backs(cited, num) {
			return "", false
		}
	}
	return tidyEnd(out), true
}

// backs reports whether num is in the known text or in one of the cited
// sources.
func (c checker) backs(cited []int, num string) bool {
	if c.knownNumbers[num] {
		return true
	}
	for _, n := range cited {
		if c.supportNumbers[n][num] {
			return true
		}
	}
	return false
}

// listPrefixRe matches a bullet or list number at the start of a line.
var listPrefixRe = regexp.MustCompile(`^\s*(?:[-*•]|\d{1,2}[.)])\s+`)

// sentencesOf splits one line of generated text into sentences. A sentence
// that is only markers, or that starts with markers, gives them to the
// sentence before it: "It was banned.[1] Then…" splits after the [1].
func sentencesOf(line string) []string {
	line = strings.TrimSpace(listPrefixRe.ReplaceAllString(line, ""))
	if line == "" {
		return nil
	}
	var out []string
	for _, sp := range textseg.Sentences(line) {
		s := line[sp.Start:sp.End]
		if n := leadingMarkers(s); n > 0 && len(out) > 0 {
			out[len(out)-1] += " " + s[:n]
			s = strings.TrimSpace(s[n:])
		}
		if s == "" {
			continue
		}
		if !hasWords(markerRe.ReplaceAllString(s, "")) {
			if len(out) > 0 {
				out[len(out)-1] += " " + s
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// leadingMarkers returns the length of the markers (and punctuation right
// after them) that s starts with, or 0.
func leadingMarkers(s string) int {
	n := 0
	for {
		loc := markerRe.FindStringIndex(s[n:])
		if loc == nil || strings.TrimSpace(s[n:n+loc[0]]) != "" {
			break
		}
		n += loc[1]
	}
	if n == 0 {
		return 0
	}
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !strings.ContainsRune(".!?。！？", r) {
			break
		}
		n += size
	}
	return n
}

func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// rewriteMarkers replaces every run of adjacent markers ("[1][2]", "[1], [2]") in s with
// replace(numbers), where numbers are the run's numbers in order, ranges
// expanded. A run replaced by nothing takes the space before it along.
func rewriteMarkers(s string, replace func([]int) string) string {
	locs := markerRe.FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(locs); {
		start, end := locs[i][0], locs[i][1]
		nums := parseNumbers(s[locs[i][2]:locs[i][3]])
		j := i + 1
		for ; j < len(locs) && strings.Trim(s[end:locs[j][0]], " \t,;") == ""; j++ {
			nums = append(nums, parseNumbers(s[locs[j][2]:locs[j][3]])...)
			end = locs[j][1]
		}
		before := s[last:start]
		rep := replace(nums)
		if rep == "" {
			before = strings.TrimRightFunc(before, unicode.IsSpace)
		}
		b.WriteString(before)
		b.WriteString(rep)
		last, i = end, j
	}
	b.WriteString(s[last:])
	return b.String()
}

// maxMarkerPasses bounds how often rewriteAllMarkers rewrites a text.
const maxMarkerPasses = 8

// rewriteAllMarkers applies rewriteMarkers until the text no longer
// changes: dropping a marker can join the text around it into another
// ("[[9]7]" becomes "[7]"), which must be rewritten too. settled is false
// when the text still changed after maxMarkerPasses passes; callers then
// show none of it.
func rewriteAllMarkers(s string, replace func([]int) string) (out string, settled bool) {
	for range maxMarkerPasses {
		next := rewriteMarkers(s, replace)
		if next == s {
			return s, true
		}
		s = next
	}
	return s, false
}

// citesNoSource reports whether a marker in text cites a number that is no
// source.
func (c checker) citesNoSource(text string) bool {
	for _, m := range markerRe.FindAllStringSubmatch(text, -1) {
		for _, n := range parseNumbers(m[1]) {
			if _, ok := c.support[n]; !ok {
				return true
			}
		}
	}
	return false
}

// listSepRe separates the numbers inside one marker.
var listSepRe = regexp.MustCompile(`\s*(?:[,;]|and)\s*`)

// parseNumbers reads "2, 3" or "1-3" (the inside of a marker).
func parseNumbers(inner string) []int {
	var nums []int
	fields := listSepRe.Split(inner, -1)
	for _, f := range fields {
		lo, hi, isRange := strings.Cut(strings.ReplaceAll(f, "–", "-"), "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			continue
		}
		if !isRange {
			nums = append(nums, a)
			continue
		}
		b, err := strconv.Atoi(strings.TrimSpace(hi))
		if err != nil || b < a || b-a >= maxRange {
			// A reversed or huge range cites nothing real: count it once.
			nums = append(nums, -1)
			continue
		}
		for n := a; n <= b; n++ {
			nums = append(nums, n)
		}
	}
	return nums
}

func renderMarkers(nums []int) string {
	var b strings.Builder
	for _, n := range nums {
		fmt.Fprintf(&b, "[%d]", n)
	}
	return b.String()
}

func appendUnique(list []int, n int) []int {
	for _, m := range list {
		if m == n {
			return list
		}
	}
	return append(list, n)
}

// tidyEnd moves trailing markers before the sentence's final punctuation:
// "It was banned. [1]" and "It was banned.[1]" become "It was banned [1]."
func tidyEnd(s string) string {
	s = strings.TrimSpace(s)
	body, markers, punct := s, "", ""
	for {
		body = strings.TrimRightFunc(body, unicode.IsSpace)
		if loc := markerRe.FindAllStringIndex(body, -1); len(loc) > 0 && loc[len(loc)-1][1] == len(body) {
			m := loc[len(loc)-1]
			markers = body[m[0]:m[1]] + markers
			body = body[:m[0]]
			continue
		}
		r, size := utf8.DecodeLastRuneInString(body)
		if size > 0 && strings.ContainsRune(".!?。！？", r) && markers != "" {
			punct = string(r) + punct
			body = body[:len(body)-size]
			continue
		}
		break
	}
	if markers == "" {
		return s
	}
	sep := " "
	if r, _ := utf8.DecodeLastRuneInString(body); isWide(r) {
		sep = ""
	}
	return body + sep + markers + punct
}

func isWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || strings.ContainsRune("。，、」』）", r)
}

// thousandsRe matches a thousands separator between digits: 1,200 or 1.200.
var thousandsRe = regexp.MustCompile(`(\d)[,.\x{00A0}\x{202F}\x{2009}'](\d{3})`)

// digitsRe matches a run of digits.
var digitsRe = regexp.MustCompile(`\d+`)

// numbersIn returns the digit runs of text, thousands separators removed and
// leading zeros dropped, so "1,200", "1200" and "05"/"5" compare equal.
func numbersIn(text string) map[string]bool {
	for {
		joined := thousandsRe.ReplaceAllString(text, "$1$2")
		if joined == text {
			break
		}
		text = joined
	}
	nums := make(map[string]bool)
	for _, d := range digitsRe.FindAllString(text, -1) {
		d = strings.TrimLeft(d, "0")
		if d == "" {
			d = "0"
		}
		nums[d] = true
	}
	return nums
}

// thinkRe matches a reasoning block some local models (DeepSeek-R1, Qwen3)
// put in the content.
var thinkRe = regexp.MustCompile(`(?s)<think>.*?</think>`)

// stripThinking removes reasoning blocks, and an unclosed one to the end.
func stripThinking(s string) string {
	s = thinkRe.ReplaceAllString(s, "")
	if i := strings.Index(s, "<think>"); i >= 0 {
		s = s[:i]
	}
	return s
}

// mentionRe matches Discord mention syntax: @everyone, @here, <@id>,
// <@!id>, <@&id>, <#id>.
var mentionRe = regexp.MustCompile(`@(everyone|here)|<(@[!&]?|#)(\d+)>`)

// neutraliseMentions puts a zero-width space after the @ or # of every
// mention so Discord shows it as text and pings nobody.
func neutraliseMentions(s string) string {
	return mentionRe.ReplaceAllStringFunc(s, func(m string) string {
		if m[0] == '@' {
			return "@\u200b" + m[1:]
		}
		return m[:2] + "\u200b" + m[2:]
	})
}
