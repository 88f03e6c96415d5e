package corpus

import (
	"fmt"
	"path"
	"strings"
)

// format is a kind of corpus file.
type format int

const (
	formatUnknown format = iota
	formatText
	formatMarkdown
	formatHTML
	formatJSONL
)

// formatOf picks a file's format from its extension.
func formatOf(name string) format {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text":
		return formatText
	case ".md", ".markdown":
		return formatMarkdown
	case ".html", ".htm":
		return formatHTML
	case ".jsonl", ".ndjson":
		return formatJSONL
	}
	return formatUnknown
}

// unsupported is the skip reason for a file of no known format.
func unsupported(name string) string {
	ext := path.Ext(name)
	if ext == "" {
		return "unsupported type (no extension)"
	}
	return "unsupported type " + strings.ToLower(ext)
}

// looksLikeHTML reports whether text, whatever its extension, is an HTML
// document.
func looksLikeHTML(text string) bool {
	head := strings.ToLower(strings.TrimSpace(text[:min(len(text), 512)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

// parseText turns a whole file's normalised text into an article
// according to its format, sniffing front matter and HTML in text files.
func parseText(f format, text string) (Article, error) {
	if f == formatText && looksLikeHTML(text) {
		f = formatHTML
	}
	switch {
	case f == formatHTML:
		return parseHTML(text)
	case hasFrontMatter(text):
		return parseFrontMatter(text)
	case f == formatMarkdown:
		return parseMarkdown(text), nil
	default:
		return parsePlain(text), nil
	}
}

// parseMarkdown reads Markdown without front matter: the first "# heading"
// is the title, and the text is kept as written without that heading.
func parseMarkdown(text string) Article {
	var a Article
	a.Text = strings.TrimSpace(text)
	if line, rest := nextNonEmpty(text); strings.HasPrefix(line, "# ") {
		a.Title = cleanField(strings.TrimPrefix(line, "# "))
		a.Text = strings.TrimSpace(rest)
	}
	return a
}

// formatSize renders a byte count for a skip reason, such as "5 MB".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
