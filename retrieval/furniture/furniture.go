// Package furniture tells page furniture from news in an article's
// sentences: publication stamps, bylines, copyright lines, photo credits
// and captions, and the prompts of a web page, which carry dates and
// words but report nothing.
package furniture

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-bot/dossier/retrieval/timex"
)

var (
	reStamp = regexp.MustCompile(`(?i)^\W*(originally |first |last )?(published|posted|updated|modified|filed)\b`)
	// reDatedStamp is a stamp whose verb its date or time follows.
	reDatedStamp = regexp.MustCompile(`(?i)^\W*(originally |first |last )?(published|posted|updated|modified|filed)\s*(on\b|at\b|:|-|—|\d|(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)`)
	reByline     = regexp.MustCompile(`^\W*(By|BY|Written by|Reporting by|Edited by)\s+\p{Lu}`)
	reCaption    = regexp.MustCompile(`\b(photo|image|picture)s?\s*(caption|copyright|credit)?\s*:`)
	// furniture are phrases, in lower case, that only page furniture holds.
	furniture = []string{
		"originally published", "first published", "copyright", "©", "all rights reserved",
		"getty images", "ap photo", "afp photo", "photograph:", "click here", "sign up", "subscribe",
		"download pdf", "rush transcript", "read more", "this article was", "this article has been",
		"contributed to this report",
	}
)

// furnitureLen is the longest sentence, in bytes, that a furniture phrase
// marks as furniture: page furniture is short, and a long sentence that
// says "copyright" or "sign up" is news about them.
const furnitureLen = 200

// Is reports whether the sentence text, holding the dates, is page
// furniture rather than news: a short sentence with a phrase only
// furniture holds ("all rights reserved", "sign up"), a line that opens
// like a stamp ("Updated …"), a short "By …" line, or a sentence mostly
// date. It errs towards furniture: what a timeline can spare.
func Is(text string, dates []timex.Expression) bool {
	text = strings.TrimSpace(text)
	if len(text) <= furnitureLen && hasFurniture(strings.ToLower(text)) {
		return true
	}
	for _, line := range strings.Split(text, "\n") {
		if reStamp.MatchString(line) {
			return true
		}
	}
	if reByline.MatchString(text) && len(strings.Fields(text)) <= 12 {
		return true
	}
	return dateShare(text, dates) > 0.5
}

// IsStamp reports whether text, one line holding the dates, is furniture
// by its form alone, whatever its words: a publication stamp of a few
// words with its date ("Originally published on June 7, 2019 7:57 am"), a
// byline that is names only ("By Pallavi Gogoi"), or a line mostly date.
// It errs towards news, for excerpts: "Updated figures show …", "By
// Monday, Huawei had …" and news about copyright are no stamps.
func IsStamp(text string, dates []timex.Expression) bool {
	text = strings.TrimSpace(text)
	words := strings.Fields(text)
	switch {
	case reDatedStamp.MatchString(text) && len(words) <= maxStampWords && len(dates) > 0:
		return true
	case reByline.MatchString(text) && len(words) <= maxStampWords && namesOnly(words[1:]):
		return true
	}
	return dateShare(text, dates) > 0.5
}

// maxStampWords is the most words a stamp or a byline has.
const maxStampWords = 10

// nameJoiners may stand between the names of a byline.
var nameJoiners = map[string]bool{"and": true, "of": true, "the": true, "de": true, "van": true, "von": true, "der": true, "da": true, "di": true, "la": true, "le": true}

// namesOnly reports whether every word is capitalised or joins names.
func namesOnly(words []string) bool {
	for _, w := range words {
		w = strings.Trim(w, ",.;:")
		if r, _ := utf8.DecodeRuneInString(w); w != "" && !unicode.IsUpper(r) && !nameJoiners[w] {
			return false
		}
	}
	return true
}

// SkipLines returns where the text[start:end] of a sentence starts once
// the lines that open it and that is calls furniture (is gets each line's
// offsets) are skipped, with the white space after them: a sentence
// splitter joins "Jun 4, 2019\nOriginally published on ..." to the first
// line of news when no full stop ends them. The last line is never
// skipped: whether the whole sentence is furniture is the caller's call.
func SkipLines(text string, start, end int, is func(start, end int) bool) int {
	for {
		nl := strings.IndexByte(text[start:end], '\n')
		if nl < 0 || !is(start, start+nl) {
			return start
		}
		start += nl + 1
		for start < end && strings.IndexByte(" \t\n\r", text[start]) >= 0 {
			start++
		}
	}
}

// hasFurniture reports whether lower, a lower-cased sentence, holds a
// furniture phrase or reads like a photo caption.
func hasFurniture(lower string) bool {
	for _, f := range furniture {
		if strings.Contains(lower, f) {
			return true
		}
	}
	return (strings.Contains(lower, "photo") || strings.Contains(lower, "image") || strings.Contains(lower, "picture")) &&
		reCaption.MatchString(lower)
}

// dateShare is the share of the sentence's letters and digits that lie
// inside its temporal expressions: "June 7, 2019 7:57 am" is a stamp.
func dateShare(text string, dates []timex.Expression) float64 {
	total := countAlnum(text)
	if total == 0 {
		return 1
	}
	inside := 0
	for _, d := range dates {
		inside += countAlnum(d.Text)
	}
	return float64(inside) / float64(total)
}

// countAlnum counts the letters and digits of s.
func countAlnum(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 {
			n++
		}
	}
	return n
}
