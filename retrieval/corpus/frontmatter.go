package corpus

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// frontMatter holds the fields dossier reads from a YAML front matter
// block. Published may also be given as date, the Hugo and Jekyll name.
type frontMatter struct {
	ID, Title, Published, Date, URL, Source, Feed string
	// AlsoIn holds the other sources of the story (feeds' also_in list).
	AlsoIn []Copy
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
	fm, err := decodeFrontMatter(yamlText)
	if err != nil {
		return Article{}, err
	}
	a := Article{
		ID:     strings.TrimSpace(fm.ID),
		Title:  cleanField(fm.Title),
		URL:    strings.TrimSpace(fm.URL),
		Source: cleanField(fm.Source),
		Feed:   strings.TrimSpace(fm.Feed),
		AlsoIn: fm.AlsoIn,
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

// field returns where the value of the front matter field name goes, or
// nil for a field dossier does not read.
func (fm *frontMatter) field(name string) *string {
	switch name {
	case "id":
		return &fm.ID
	case "title":
		return &fm.Title
	case "published":
		return &fm.Published
	case "date":
		return &fm.Date
	case "url":
		return &fm.URL
	case "source":
		return &fm.Source
	case "feed":
		return &fm.Feed
	}
	return nil
}

// alsoIn reads an also_in list: other sources, each a name or a mapping
// with a source, url and feed; anything else in it is ignored, and so is
// an entry with neither a source nor a url.
func alsoIn(n *yaml.Node) []Copy {
	if n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []Copy
	for _, item := range n.Content {
		item = resolveAlias(item)
		var c Copy
		switch item.Kind {
		case yaml.ScalarNode:
			c.Source = cleanField(item.Value)
		case yaml.MappingNode:
			for i := 0; i+1 < len(item.Content); i += 2 {
				switch v := resolveAlias(item.Content[i+1]); item.Content[i].Value {
				case "source":
					c.Source = cleanField(v.Value)
				case "url":
					c.URL = strings.TrimSpace(v.Value)
				case "feed":
					c.Feed = strings.TrimSpace(v.Value)
				}
			}
		}
		if c.Name() != "" {
			out = append(out, c)
		}
	}
	return out
}

// decodeFrontMatter reads the YAML between the "---" lines. Its errors
// name the line of the file, counting the opening "---" as line 1, and
// say what is wrong in YAML's terms rather than Go's:
//
//	front matter line 3: "title" must be a string, not a list
func decodeFrontMatter(src string) (frontMatter, error) {
	var fm frontMatter
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return fm, fmt.Errorf("front matter %s", yamlProblem(err))
	}
	if len(doc.Content) == 0 {
		return fm, nil // an empty block
	}
	root := resolveAlias(doc.Content[0])
	switch {
	case root.Kind == yaml.ScalarNode && root.Tag == "!!null":
		return fm, nil
	case root.Kind != yaml.MappingNode:
		return fm, fmt.Errorf(`front matter must be fields such as "title: ...", not %s`, yamlKind(root))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := resolveAlias(root.Content[i]), resolveAlias(root.Content[i+1])
		if key.Value == "also_in" {
			fm.AlsoIn = alsoIn(val)
			continue
		}
		dst := fm.field(key.Value)
		if key.Kind != yaml.ScalarNode || dst == nil {
			continue
		}
		line := key.Line + 1
		if first, dup := seen[key.Value]; dup {
			return fm, fmt.Errorf("front matter line %d: %q is given twice, first on line %d", line, key.Value, first)
		}
		seen[key.Value] = line
		switch {
		case val.Kind == yaml.ScalarNode && val.Tag == "!!null":
		case val.Kind == yaml.ScalarNode:
			*dst = val.Value
		default:
			return fm, fmt.Errorf("front matter line %d: %q must be a string, not %s", line, key.Value, yamlKind(val))
		}
	}
	return fm, nil
}

// resolveAlias returns the node an alias such as *name stands for.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for range 16 {
		if n.Kind != yaml.AliasNode || n.Alias == nil {
			break
		}
		n = n.Alias
	}
	return n
}

// yamlKind names a kind of YAML node with its article, as "a list".
func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a single value"
}

// yamlLineRE matches yaml.v3's "yaml: line N: message".
var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlProblem renders a YAML syntax error as "line N: message", N counted
// from the opening "---" line, or ": message".
func yamlProblem(err error) string {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("line %d: %s", n+1, m[2])
	}
	return ": " + strings.TrimPrefix(msg, "yaml: ")
}
