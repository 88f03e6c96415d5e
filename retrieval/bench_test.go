package retrieval

// BenchmarkAsk times a full answer (retrieval, excerpt choice, re-ranking,
// citations) on rtqa-2022 at about 1k, 10k and 100k passages, beside
// chromem-go's plain Query on the same collection in the same run. See
// docs/benchmarks.md for the command and the figures.
//
// An index of "n passages" is built from the shortest prefix of the corpus
// (in file order) whose articles split into at least n passages: real,
// whole articles at every size. It is cached in a snapshot under the system
// temp directory named by a fingerprint of the test binary, the passage
// sizes and the articles, so repeated runs do not rebuild and a code change
// never reuses a stale file.

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/passage"
)

var (
	benchArticles  = filepath.Join("..", "..", "shared", "eval", "rtqa-2022", "articles.jsonl")
	benchQuestions = filepath.Join("..", "..", "shared", "eval", "rtqa-2022", "qa.jsonl")
	benchSizes     = []int{1_000, 10_000, 100_000}
)

// chromemK is the number of results asked of chromem-go's Query; its cost
// hardly depends on it, since it scores every document either way.
const chromemK = 10

type benchData struct {
	articles  []corpus.Article
	counts    []int // passages per article
	questions []string
	emb       embed.Embedder
}

var (
	benchOnce sync.Once
	benchD    *benchData
	benchErr  error
)

// loadBenchData reads rtqa-2022 once, skipping the benchmark when the
// evaluation data is not beside the repository.
func loadBenchData(b *testing.B) *benchData {
	b.Helper()
	for _, p := range []string{benchArticles, benchQuestions} {
		if _, err := os.Stat(p); err != nil {
			b.Skipf("evaluation data not present: %v", err)
		}
	}
	benchOnce.Do(func() { benchD, benchErr = readBenchData() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchD
}

func readBenchData() (*benchData, error) {
	res, err := corpus.Load(context.Background(), benchArticles, corpus.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	qs, err := readQuestions(benchQuestions)
	if err != nil {
		return nil, err
	}
	emb, err := embed.NewGloVe()
	if err != nil {
		return nil, err
	}
	d := &benchData{articles: res.Articles, counts: make([]int, len(res.Articles)), questions: qs, emb: emb}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(d.articles); i += workers {
				d.counts[i] = len(passage.Split(i, d.articles[i].Text, passage.DefaultSizes))
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

// prefix returns the shortest prefix of the articles that splits into at
// least n passages (all of them when the corpus is smaller).
func (d *benchData) prefix(n int) []corpus.Article {
	total := 0
	for i, c := range d.counts {
		total += c
		if total >= n {
			return d.articles[:i+1]
		}
	}
	return d.articles
}

// benchFingerprint identifies an index built by this test binary from these
// articles with these passage sizes.
func benchFingerprint(articles []corpus.Article, emb embed.Embedder) (string, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "%v|%s|%d\n", passage.DefaultSizes, emb.Name(), len(articles))
	for _, a := range articles {
		fmt.Fprintf(h, "%s|%d|%s\n", a.ID, len(a.Text), a.Title)
		io.WriteString(h, a.Text)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// benchEngine returns an engine over the index of about n passages, loading
// its cached snapshot or building and saving it.
func benchEngine(b *testing.B, n int) *Engine {
	b.Helper()
	d := loadBenchData(b)
	arts := d.prefix(n)
	fp, err := benchFingerprint(arts, d.emb)
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(os.TempDir(), "dossier-bench")
	base := fmt.Sprintf("engine-n%d-", n)
	path := filepath.Join(dir, base+fp+".idx")
	if old, _ := filepath.Glob(filepath.Join(dir, base+"*.idx")); len(old) > 0 {
		for _, p := range old {
			if p != path {
				os.Remove(p)
			}
		}
	}
	ctx := context.Background()
	ix, err := index.Load(ctx, path, fp, d.emb)
	if err != nil {
		start := time.Now()
		if ix, err = index.Build(ctx, arts, d.emb, fp, nil); err != nil {
			b.Fatal(err)
		}
		if err := ix.Save(path); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d-passage index from %d articles in %v, cached at %s", len(ix.Passages), len(arts), time.Since(start), path)
	}
	e := &Engine{opts: Options{Embedder: d.emb, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	e.live.Store(ix)
	return e
}

// BenchmarkAsk compares Engine.Ask (default options: hybrid retrieval, three
// citations with excerpts) with chromem-go's Query (embed the question,
// score every vector, return the top ten) on the collection the index
// holds, questions taken round-robin from rtqa-2022. Ask reports x-chromem:
// its ns/op divided by chromem-Query's; at most 1 meets the target.
func BenchmarkAsk(b *testing.B) {
	d := loadBenchData(b)
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%dk", n/1000), func(b *testing.B) {
			e := benchEngine(b, n)
			ix := e.live.Load()
			coll := ix.Collection()
			var chromemNs float64
			b.Run("chromem-Query", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := coll.Query(ctx, d.questions[i%len(d.questions)], chromemK, nil, nil); err != nil {
						b.Fatal(err)
					}
				}
				chromemNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(float64(len(ix.Passages)), "passages")
			})
			b.Run("Ask", func(b *testing.B) {
				found := 0
				for i := 0; i < b.N; i++ {
					ans, err := e.Ask(ctx, d.questions[i%len(d.questions)], AskOptions{})
					if err != nil {
						b.Fatal(err)
					}
					if ans.Found {
						found++
					}
				}
				if chromemNs > 0 {
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chromemNs, "x-chromem")
				}
				b.ReportMetric(float64(found)/float64(b.N), "found")
			})
		})
	}
}
