package corpus

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// frontMatter holds the fields dossier reads from a YAML front matter
// block. Published may also be given as date, the Hugo and Jekyll name.
type frontMatter struct {
	ID        string `yaml:"id"`
	Title     string `yaml:"title"`
	Published string `yaml:"published"`
	Date      string `yaml:"date"`
	URL       string `yaml:"url"`
	Source    string `yaml:"source"`
}

// hasFrontMatter reports whether text opens with a "---" line.
func hasFrontMatter(text string) bool {
	line, _ := cutLine(text)
	return strings.TrimRight(line, " \t") == "---"
}

// parseFrontMatter reads a Markdown or text article that opens with a YAML
// front matter block between "---" lines (the closing line may also be
// "..."). The body after it is the text, kept as written. Without a title
// field the first "# heading" is the title; a leading heading that is the
// title is not repeated in the text. An unclosed block, invalid YAML or an
// unreadable date is an error.
func parseFrontMatter(text string) (Article, error) {
	_, rest := cutLine(text)
	var yamlText string
	found := false
	for off := 0; off < len(rest); {
		line, _ := cutLine(rest[off:])
		if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
			yamlText = rest[:off]
			rest = rest[min(off+len(line)+1, len(rest)):]
			found = true
			break
		}
		off += len(line) + 1
	}
	if !found {
		return Article{}, fmt.Errorf("front matter has no closing ---")
	}
	var fm frontMatter
	if err := yaml.Unmarshal([]byte(yamlText), &fm); err != nil {
		return Article{}, fmt.Errorf("front matter: %w", err)
	}
	a := Article{
		ID:     strings.TrimSpace(fm.ID),
		Title:  cleanField(fm.Title),
		URL:    strings.TrimSpace(fm.URL),
		Source: cleanField(fm.Source),
	}
	published := fm.Published
	if published == "" {
		published = fm.Date
	}
	t, err := parsePublished(published)
	if err != nil {
		return Article{}, fmt.Errorf("front matter published: %w", err)
	}
	a.Published = t
	// A leading "# heading" is the title, or repeats it.
	if line, after := nextNonEmpty(rest); strings.HasPrefix(line, "# ") {
		heading := cleanField(strings.TrimPrefix(line, "# "))
		if a.Title == "" {
			a.Title = heading
		}
		if heading == a.Title {
			rest = after
		}
	}
	a.Text = strings.TrimSpace(rest)
	return a, nil
}
