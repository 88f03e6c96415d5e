// Package benchdata is test support for the retrieval benchmarks: it loads
// the rtqa-2022 evaluation corpus once per test binary and keeps the
// benchmark indexes cached as snapshots between runs. Import it only from
// _test.go files; no program code may depend on it.
package benchdata

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/passage"
)

// Sizes are the index sizes, in passages, the benchmarks run at.
var Sizes = []int{1_000, 10_000, 100_000}

// ChromemK is the number of results asked of chromem-go's Query; its cost
// hardly depends on it, since it scores every document either way.
const ChromemK = 10

// Data is the corpus, the questions and the embedder, read once per test
// binary.
type Data struct {
	Articles  []corpus.Article
	Counts    []int    // passages per article, in the order of Articles
	Questions []string // the "question" field of each qa.jsonl line
	Embedder  embed.Embedder
}

var (
	once    sync.Once
	loaded  *Data
	loadErr error
)

// Load reads articles.jsonl and qa.jsonl from dir (the rtqa-2022 directory,
// relative to the calling package) once per test binary. It skips the
// benchmark when the evaluation data is not there and fails it when the data
// cannot be read.
func Load(tb testing.TB, dir string) *Data {
	tb.Helper()
	articles := filepath.Join(dir, "articles.jsonl")
	questions := filepath.Join(dir, "qa.jsonl")
	for _, p := range []string{articles, questions} {
		if _, err := os.Stat(p); err != nil {
			tb.Skipf("evaluation data not present: %v", err)
		}
	}
	once.Do(func() { loaded, loadErr = read(articles, questions) })
	if loadErr != nil {
		tb.Fatal(loadErr)
	}
	return loaded
}

func read(articles, questions string) (*Data, error) {
	res, err := corpus.Load(context.Background(), articles, corpus.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, fmt.Errorf("load benchmark corpus: %w", err)
	}
	qs, err := readQuestions(questions)
	if err != nil {
		return nil, err
	}
	emb, err := embed.NewGloVe()
	if err != nil {
		return nil, fmt.Errorf("load benchmark embedder: %w", err)
	}
	d := &Data{Articles: res.Articles, Counts: make([]int, len(res.Articles)), Questions: qs, Embedder: emb}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(d.Articles); i += workers {
				d.Counts[i] = len(passage.Split(i, d.Articles[i].Text, passage.DefaultSizes))
			}
		}()
	}
	wg.Wait()
	return d, nil
}

// readQuestions returns the "question" field of each line of a qa.jsonl file.
func readQuestions(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var q struct {
			Question string `json:"question"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("read questions %s: %w", path, err)
		}
		if strings.TrimSpace(q.Question) != "" {
			qs = append(qs, q.Question)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read questions %s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("read questions %s: none found", path)
	}
	return qs, nil
}

// Prefix returns the shortest prefix of the articles that splits into at
// least n passages (all of them when the corpus is smaller), so an index of
// "n passages" is made of real, whole articles at every size.
func (d *Data) Prefix(n int) []corpus.Article {
	total := 0
	for i, c := range d.Counts {
		total += c
		if total >= n {
			return d.Articles[:i+1]
		}
	}
	return d.Articles
}
