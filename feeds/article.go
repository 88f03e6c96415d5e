package feeds

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/dossier-bot/dossier/retrieval/corpus"
)

// Article is one fetched story as it is written to the data directory: a
// Markdown file with YAML front matter that dossier's corpus loader reads
// and a person can read, edit or delete.
type Article struct {
	ID        string    `yaml:"id"`
	Title     string    `yaml:"title"`
	Published time.Time `yaml:"published"`
	// DateFrom says where Published came from: "feed" or "page", or
	// "fetched" when the item had no date and the fetch time stands in.
	DateFrom string   `yaml:"date_from"`
	URL      string   `yaml:"url"`
	Source   string   `yaml:"source,omitempty"`
	Author   string   `yaml:"author,omitempty"`
	Feed     string   `yaml:"feed"`
	AlsoIn   []AlsoIn `yaml:"also_in,omitempty"`
	Text     string   `yaml:"-"`
}

// AlsoIn is another source that carried the same story.
type AlsoIn struct {
	Source string `yaml:"source,omitempty"`
	URL    string `yaml:"url"`
	Feed   string `yaml:"feed,omitempty"`
}

// fileName is where a is stored under the articles directory:
// YYYY/MM/YYYY-MM-DD-slug-id.md, stable for the same story.
func (a *Article) fileName() string {
	d := a.Published.UTC()
	return filepath.Join(d.Format("2006"), d.Format("01"), fmt.Sprintf("%s-%s-%s.md", d.Format("2006-01-02"), slug(a.Title), a.ID))
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug is a short file-name form of title.
func slug(title string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	if s == "" {
		s = "article"
	}
	return s
}

// marshal renders a as front matter and body.
func (a *Article) marshal() ([]byte, error) {
	fm, err := yaml.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n\n")
	b.WriteString(strings.TrimSpace(a.Text))
	b.WriteString("\n")
	return b.Bytes(), nil
}

// write stores a under dir atomically and returns its path relative to dir.
func (a *Article) write(dir string) (string, error) {
	rel := a.fileName()
	path := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", fmt.Errorf("store article: %w", err)
	}
	data, err := a.marshal()
	if err != nil {
		return "", err
	}
	if err := writeAtomic(path, data); err != nil {
		return "", fmt.Errorf("store article: %w", err)
	}
	return rel, nil
}

// readArticle reads an article file written by write.
func readArticle(path string) (*Article, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read article: %w", err)
	}
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, fmt.Errorf("%s has no front matter", path)
	}
	fm, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, fmt.Errorf("%s: front matter is not closed", path)
	}
	var a Article
	if err := yaml.Unmarshal(fm, &a); err != nil {
		return nil, fmt.Errorf("%s: front matter: %w", path, err)
	}
	a.Text = strings.TrimSpace(string(body))
	return &a, nil
}

// Export writes an indexed article under dir in the data directory's
// format, as a fetched one is written, and returns its path relative to
// dir: `dossier export` turns a shared index back into files.
func Export(dir string, a corpus.Article) (string, error) {
	fa := fromIndexed(a)
	return fa.write(dir)
}

// fromIndexed is an indexed article in the data directory's form.
func fromIndexed(a corpus.Article) Article {
	fa := Article{ID: a.ID, Title: a.Title, Published: a.Published, DateFrom: "export", URL: a.URL,
		Source: a.Source, Feed: a.Feed, Text: a.Text}
	for _, c := range a.AlsoIn {
		fa.AlsoIn = append(fa.AlsoIn, AlsoIn{Source: c.Source, URL: c.URL, Feed: c.Feed})
	}
	return fa
}

// restoreArticle writes an indexed article to path, atomically.
func restoreArticle(path string, a corpus.Article) error {
	fa := fromIndexed(a)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("restore article: %w", err)
	}
	data, err := fa.marshal()
	if err != nil {
		return err
	}
	return writeAtomic(path, data)
}
