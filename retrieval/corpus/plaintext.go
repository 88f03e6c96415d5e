package corpus

import (
	"strings"
	"unicode/utf8"
)

// datelineWindow is how many non-empty body lines are searched for a
// dateline.
const datelineWindow = 10

// maxSiteNameRunes bounds the " | Site Name" suffix stripped from a title.
const maxSiteNameRunes = 40

// parsePlain reads a plain-text article. The first non-empty line is the
// title; a trailing " | Site Name" on it is cut off and kept as the source.
// When the next non-empty line repeats the title it is dropped too. A line
// holding only a date (see datelineRE) among the first lines of the body is
// the publication date and is removed from the text. Text is the rest,
// otherwise untouched, with surrounding whitespace trimmed; a file that
// is all title keeps it as its text.
func parsePlain(text string) Article {
	var a Article
	rest := text
	// Title: the first non-empty line.
	for rest != "" {
		line, after := cutLine(rest)
		rest = after
		if t := cleanField(line); t != "" {
			a.Title, a.Source = SplitSiteName(t)
			break
		}
	}
	// A repeated title is page furniture, not text.
	if line, after := nextNonEmpty(rest); line != "" {
		if t := cleanField(line); t == a.Title || (a.Source != "" && t == a.Title+" | "+a.Source) {
			rest = after
		}
	}
	// Dateline.
	seen := 0
	for l := range strings.Lines(rest) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if t, ok := parseDateline(l); ok {
			a.Published = t
			rest = removeFirstLine(rest, l)
			break
		}
		if seen++; seen >= datelineWindow {
			break
		}
	}
	a.Text = strings.TrimSpace(rest)
	if a.Text == "" {
		// A one-line file: its line is both title and text.
		a.Text = strings.TrimSpace(text)
	}
	return a
}

// removeFirstLine removes the first occurrence of line (with its newline)
// from text, through removeLines so no extra gap is left behind.
func removeFirstLine(text, line string) string {
	target := strings.TrimRight(line, "\n")
	done := false
	return removeLines(text, func(l string) bool {
		if !done && l == target {
			done = true
			return true
		}
		return false
	})
}

// SplitSiteName splits "Title | Site" into its parts when the suffix is
// short enough to be a site name; otherwise the title is returned whole.
func SplitSiteName(title string) (string, string) {
	i := strings.LastIndex(title, " | ")
	if i <= 0 {
		return title, ""
	}
	site := strings.TrimSpace(title[i+3:])
	if site == "" || utf8.RuneCountInString(site) > maxSiteNameRunes {
		return title, ""
	}
	return strings.TrimSpace(title[:i]), site
}

// cutLine returns the first line of s without its newline, and the rest.
func cutLine(s string) (line, rest string) {
	line, rest, _ = strings.Cut(s, "\n")
	return line, rest
}

// nextNonEmpty returns the first non-blank line of s and what follows it,
// or "" when there is none.
func nextNonEmpty(s string) (line, rest string) {
	for s != "" {
		line, s = cutLine(s)
		if strings.TrimSpace(line) != "" {
			return line, s
		}
	}
	return "", ""
}
