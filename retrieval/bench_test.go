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
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/internal/benchdata"
)

// benchDir is rtqa-2022 beside the repository, relative to this package.
var benchDir = filepath.Join("..", "..", "shared", "eval", "rtqa-2022")

// benchEngine returns an engine over the index of about n passages, loading
// its cached snapshot or building and saving it.
func benchEngine(tb testing.TB, d *benchdata.Data, n int) *Engine {
	tb.Helper()
	ix, _ := d.Index(tb, "engine", n)
	e := &Engine{opts: Options{Embedder: d.Embedder, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	e.live.Store(ix)
	return e
}

// BenchmarkAsk compares Engine.Ask (default options: hybrid retrieval, three
// citations with excerpts) with chromem-go's Query (embed the question,
// score every vector, return the top ten) on the collection the index
// holds, questions taken round-robin from rtqa-2022. Ask reports x-chromem:
// its ns/op divided by chromem-Query's; at most 1 meets the target.
func BenchmarkAsk(b *testing.B) {
	d := benchdata.Load(b, benchDir)
	ctx := context.Background()
	for _, n := range benchdata.Sizes {
		b.Run(fmt.Sprintf("n=%dk", n/1000), func(b *testing.B) {
			e := benchEngine(b, d, n)
			ix := e.live.Load()
			coll := ix.Collection()
			var chromemNs float64
			b.Run("chromem-Query", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := coll.Query(ctx, d.Questions[i%len(d.Questions)], benchdata.ChromemK, nil, nil); err != nil {
						b.Fatal(err)
					}
				}
				chromemNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(float64(len(ix.Passages)), "passages")
			})
			b.Run("Ask", func(b *testing.B) {
				found := 0
				for i := 0; i < b.N; i++ {
					ans, err := e.Ask(ctx, d.Questions[i%len(d.Questions)], AskOptions{})
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

// BenchmarkTimeline times a topic timeline (the default 20 dates) at about
// 100k passages beside one full Ask in the same run, topics taken
// round-robin from rtqa-2022's questions (their first two words of four
// letters or more). Timeline reports x-ask: its ns/op divided by Ask's;
// the target is at most 10.
func BenchmarkTimeline(b *testing.B) {
	d := benchdata.Load(b, benchDir)
	ctx := context.Background()
	n := benchdata.Sizes[len(benchdata.Sizes)-1]
	e := benchEngine(b, d, n)
	topics := benchTopics(d.Questions)
	var askNs float64
	b.Run(fmt.Sprintf("n=%dk/Ask", n/1000), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := e.Ask(ctx, d.Questions[i%len(d.Questions)], AskOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		askNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run(fmt.Sprintf("n=%dk/Timeline", n/1000), func(b *testing.B) {
		events := 0
		for i := 0; i < b.N; i++ {
			tl, err := e.Timeline(ctx, topics[i%len(topics)], TimelineOptions{})
			if err != nil {
				b.Fatal(err)
			}
			events += len(tl.Events)
		}
		if askNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/askNs, "x-ask")
		}
		b.ReportMetric(float64(events)/float64(b.N), "events")
	})
}

// benchTopics makes a short topic of each question: its first two words
// of at least four letters.
func benchTopics(questions []string) []string {
	var out []string
	for _, q := range questions {
		var words []string
		for _, w := range strings.Fields(q) {
			w = strings.Trim(w, `?!.,;:'"()`)
			if len(w) >= 4 && len(words) < 2 {
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			out = append(out, strings.Join(words, " "))
		}
	}
	return out
}

// BenchmarkRefresh times Engine.Refresh end to end at about 100k passages:
// the corpus file holds the 100k index's articles and the next 100 of
// rtqa-2022, so each Refresh reads it, finds 100 articles added, updates
// the index and saves the snapshot. Reindex, the full rebuild of the same
// file with the same save, runs first in the same run; Refresh reports
// x-full-reindex, its ns/op divided by Reindex's.
func BenchmarkRefresh(b *testing.B) {
	d := benchdata.Load(b, benchDir)
	ctx := context.Background()
	base, _ := d.Index(b, "engine", benchdata.Sizes[len(benchdata.Sizes)-1])
	if len(d.Articles) < len(base.Articles)+100 {
		b.Skipf("rtqa-2022 has %d articles beyond the 100k index, want 100", len(d.Articles)-len(base.Articles))
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "articles.jsonl")
	if err := writeJSONL(path, d.Articles[:len(base.Articles)+100]); err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := &Engine{opts: Options{Corpus: path, IndexPath: filepath.Join(dir, "index.snap"), Embedder: d.Embedder, Logger: quiet}}
	var reindexNs float64
	b.Run("Reindex", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			e.live.Store(base)
			if _, err := e.Reindex(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		reindexNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("Refresh-add100", func(b *testing.B) {
		var sum RefreshSummary
		for i := 0; i < b.N; i++ {
			e.live.Store(base)
			var err error
			if sum, err = e.Refresh(ctx, nil); err != nil {
				b.Fatal(err)
			}
			if sum.Added != 100 || sum.Changed != 0 || sum.Removed != 0 || sum.Full {
				b.Fatalf("refresh did %+v, want 100 articles added", sum)
			}
		}
		if reindexNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/reindexNs, "x-full-reindex")
		}
		b.ReportMetric(float64(sum.Passages), "passages")
	})
}

// writeJSONL writes articles as a JSON Lines corpus.
func writeJSONL(path string, articles []corpus.Article) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, a := range articles {
		rec := map[string]string{"id": a.ID, "title": a.Title, "url": a.URL, "source": a.Source, "text": a.Text}
		if !a.Published.IsZero() {
			rec["published"] = a.Published.Format(time.RFC3339)
		}
		if err := enc.Encode(rec); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
