// Package corpus reads news articles from files: plain text, Markdown or
// text with YAML front matter, HTML and JSON Lines, plus the embedded seeds.
// Bad files are skipped with a reason; one bad file never stops a load.
//
// The format follows the file extension: .txt (plain text, or front matter
// when it opens with "---", or HTML when it opens with a doctype), .md and
// .markdown, .html and .htm, .jsonl. In plain text the first line is the
// title and a line holding only a date near the top is the publication
// date; both are kept out of Text. Text is otherwise the file's text with
// CRLF turned into LF and NUL bytes dropped, so every excerpt sliced from
// it is verbatim. HTML is the exception: its Text is the plain text of the
// main content, one blank line between paragraphs.
//
// Files are read as UTF-8 unless a byte-order mark (UTF-8 or UTF-16) or an
// HTML page's <meta> charset says otherwise; a file that is not UTF-8 but
// reads as text, with no NUL bytes and next to no control bytes, is
// Windows-1252, which takes in Latin-1. Only what is really binary is
// skipped.
//
// IDs come from an explicit id, else from the file name, else (JSON Lines)
// from a hash of the URL or text; they are unique within a Result. Articles
// whose text exactly repeats an earlier one are dropped and counted.
package corpus

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Article is one news article. Text is the body that passages and excerpts
// are sliced from; nothing downstream re-types it.
type Article struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Published time.Time `json:"published"` // zero when unknown
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Feed      string    `json:"feed,omitempty"`    // the feed it was fetched from
	AlsoIn    []Copy    `json:"also_in,omitempty"` // other sources that carried the story
	Path      string    `json:"path,omitempty"`    // file it was read from
	Text      string    `json:"text"`
	Parts     []Part    `json:"parts,omitempty"`
}

// Copy is another source that carried the same story: its name, the
// link to its copy and the feed it came from, each possibly empty.
type Copy struct {
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
	Feed   string `json:"feed,omitempty"`
}

// Name is what a reader is shown of the copy: its source, else its link.
func (c Copy) Name() string {
	if c.Source != "" {
		return c.Source
	}
	return c.URL
}

// UnmarshalJSON reads a copy as an object or, as older shared indexes
// hold it, as the source's name alone.
func (c *Copy) UnmarshalJSON(data []byte) error {
	if name := ""; json.Unmarshal(data, &name) == nil {
		*c = Copy{Source: name}
		return nil
	}
	type plain Copy // without this method
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return fmt.Errorf("also_in: %w", err)
	}
	*c = Copy(p)
	return nil
}

// CopyNames returns the names of copies, as Copy.Name gives them.
func CopyNames(copies []Copy) []string {
	var out []string
	for _, c := range copies {
		if n := c.Name(); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// Part is a named section of an article's text starting at byte offset
// Start, such as the broadcast transcript that follows a story.
type Part struct {
	Label string `json:"label"`
	Start int    `json:"start"`
}

// PartAt returns the label of the part holding the byte offset, or "" when
// the article has no named parts.
func (a *Article) PartAt(offset int) string {
	label := ""
	for _, p := range a.Parts {
		if p.Start <= offset {
			label = p.Label
		}
	}
	return label
}

// Skipped records a file, or a line of a JSON Lines file, that was not
// loaded and why.
type Skipped struct {
	Path   string `json:"path"`           // the file, with ":line" for a line
	Line   int    `json:"line,omitempty"` // the 1-based line; 0 for a whole file
	Reason string `json:"reason"`
}

// File returns the path of the file skipped or holding the skipped line.
func (s Skipped) File() string {
	if s.Line == 0 {
		return s.Path
	}
	return strings.TrimSuffix(s.Path, ":"+strconv.Itoa(s.Line))
}

// Warning records a problem with an article that was loaded all the
// same, such as a date that could not be read.
type Warning struct {
	Path    string `json:"path"` // the file, with ":line" for a JSON Lines line
	Message string `json:"message"`
}

// Result is what a load produced.
type Result struct {
	Articles []Article
	Skipped  []Skipped
	Warnings []Warning
	// Duplicates counts exact-duplicate articles that were dropped.
	Duplicates int
}
