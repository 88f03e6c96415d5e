package corpus

import (
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/seeds"
)

// LoadSeeds reads the embedded seed articles with the metadata in
// seeds.Articles applied: title, date, source and URL replace what the
// text says, boilerplate lines are removed from the text, and parts start
// at the first line that begins with their marker. A seed that does not
// load is an error: the seeds ship with the binary.
func LoadSeeds(ctx context.Context) (*Result, error) {
	l := newLoader(seeds.FS, Options{})
	l.display = func(rel string) string { return "seeds/" + rel }
	l.adjust = func(rel string, a *Article) error {
		meta, ok := seeds.Articles[path.Base(rel)]
		if !ok {
			return nil
		}
		return applySeedMeta(a, meta)
	}
	res, err := l.loadTree(ctx)
	if err != nil {
		return nil, fmt.Errorf("load seeds: %w", err)
	}
	if len(res.Skipped) > 0 {
		s := res.Skipped[0]
		return nil, fmt.Errorf("load seeds: %s: %s", s.Path, s.Reason)
	}
	return res, nil
}

// applySeedMeta applies one seed's metadata to its parsed article.
func applySeedMeta(a *Article, meta seeds.Meta) error {
	if meta.Title != "" {
		a.Title = meta.Title
	}
	if meta.Published != "" {
		t, err := time.Parse(time.DateOnly, meta.Published)
		if err != nil {
			return fmt.Errorf("published: %w", err)
		}
		a.Published = t
	}
	if meta.Source != "" {
		a.Source = meta.Source
	}
	if meta.URL != "" {
		a.URL = meta.URL
	}
	if len(meta.Boilerplate) > 0 {
		a.Text = strings.TrimSpace(removeLines(a.Text, func(line string) bool {
			line = strings.TrimSpace(line)
			for _, b := range meta.Boilerplate {
				if strings.HasPrefix(line, b) {
					return true
				}
			}
			return false
		}))
	}
	a.Parts = nil
	for _, p := range meta.Parts {
		start, ok := lineStarting(a.Text, p.Marker)
		if !ok {
			return fmt.Errorf("part %q: no line starts with %q", p.Label, p.Marker)
		}
		a.Parts = append(a.Parts, Part{Label: p.Label, Start: start})
	}
	return nil
}

// lineStarting returns the byte offset of the first line of text that
// begins with prefix.
func lineStarting(text, prefix string) (int, bool) {
	off := 0
	for l := range strings.Lines(text) {
		if strings.HasPrefix(l, prefix) {
			return off, true
		}
		off += len(l)
	}
	return 0, false
}
