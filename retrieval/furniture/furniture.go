// Package furniture tells page furniture from news in an article's
// sentences: publication stamps, bylines, copyright lines, photo credits
// and captions, and the prompts of a web page, which carry dates and
// words but report nothing.
package furniture

import (
	"regexp"
	"strings"

	"github.com/dossier-bot/dossier/retrieval/timex"
)

var (
	reStamp   = regexp.MustCompile(`(?i)^\W*(originally |first |last )?(published|posted|updated|modified|filed)\b`)
	reByline  = regexp.MustCompile(`^\W*(By|BY|Written by|Reporting by|Edited by)\s+\p{Lu}`)
	reCaption = regexp.MustCompile(`\b(photo|image|picture)s?\s*(caption|copyright|credit)?\s*:`)
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
// furniture rather than news: a stamp (IsStamp), or a short sentence with
// a phrase only furniture holds ("all rights reserved", "sign up").
func Is(text string, dates []timex.Expression) bool {
	text = strings.TrimSpace(text)
	if len(text) <= furnitureLen && hasFurniture(strings.ToLower(text)) {
		return true
	}
	return IsStamp(text, dates)
}

// IsStamp reports whether the sentence text, holding the dates, is a
// publication stamp ("Originally published on June 7, 2019 7:57 am"), a
// byline or a line that is mostly its date: furniture by its form alone,
// whatever its words. News about copyright or sign-ups is never a stamp.
func IsStamp(text string, dates []timex.Expression) bool {
	text = strings.TrimSpace(text)
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
