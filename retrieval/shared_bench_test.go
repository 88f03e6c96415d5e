package retrieval

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/internal/benchdata"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// sharedBenchPassages is the size of the shared-index benchmark: large
// enough for the database's indexes to matter, small enough to load into
// PGlite in a minute or two.
const sharedBenchPassages = 10_000

// BenchmarkSharedAsk times a full Ask on the embedded index and on the
// shared index in each test database the environment names (see
// pgtest), over the same ~10k passages of rtqa-2022, in one run; each
// database case reports x-embedded, its ns/op divided by the embedded
// Ask's. The database is loaded once per case, outside the timing.
// PGlite is PostgreSQL compiled to WASM and run single-threaded in
// Node.js: its figure shows the cost of the SQL path, not what a real
// server would do under load.
func BenchmarkSharedAsk(b *testing.B) {
	d := benchdata.Load(b, benchDir)
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	local := benchEngine(b, d, sharedBenchPassages)
	arts := local.live.Load().Articles
	var embeddedNs float64
	ask := func(b *testing.B, e *Engine) {
		for i := 0; i < b.N; i++ {
			if _, err := e.Ask(ctx, d.Questions[i%len(d.Questions)], AskOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run(fmt.Sprintf("n=%dk/embedded", sharedBenchPassages/1000), func(b *testing.B) {
		ask(b, local)
		embeddedNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	for _, srv := range pgtest.Servers(b) {
		kinds := []string{pgstore.LexicalPostings}
		if srv.Name == "pglite" {
			kinds = append(kinds, pgstore.LexicalBM25Index)
		}
		for _, kind := range kinds {
			b.Run(fmt.Sprintf("n=%dk/%s-%s", sharedBenchPassages/1000, srv.Name, kind), func(b *testing.B) {
				st, err := pgstore.Open(ctx, pgtest.Fresh(b, srv), pgstore.Options{Lexical: kind, Logger: quiet})
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				path := filepath.Join(b.TempDir(), "articles.jsonl")
				if err := writeJSONL(path, arts); err != nil {
					b.Fatal(err)
				}
				e, _, err := Open(ctx, Options{Store: st, Embedder: d.Embedder, Logger: quiet, SyncCorpus: true, Corpus: path}, nil)
				if err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				ask(b, e)
				if embeddedNs > 0 {
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/embeddedNs, "x-embedded")
				}
				b.ReportMetric(boolMetric(st.Capabilities().Vector), "vectors")
			})
		}
	}
}

func boolMetric(v bool) float64 {
	if v {
		return 1
	}
	return 0
}

// BenchmarkSharedFollow times how a replica picks up a new generation of
// the shared index after one article was added (the Sync is not timed):
// a full Load beside LoadChanges, which reads only what changed, over
// about 100k passages of rtqa-2022 on the full test server. LoadChanges
// reports x-full, its ns/op divided by Load's.
func BenchmarkSharedFollow(b *testing.B) {
	d := benchdata.Load(b, benchDir)
	ctx := context.Background()
	srv := pgtest.Full(b)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := pgstore.Open(ctx, pgtest.Fresh(b, srv), pgstore.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	arts := slices.Clone(d.Prefix(benchdata.Sizes[len(benchdata.Sizes)-1]))
	if _, err := st.Sync(ctx, arts, d.Embedder, pgstore.SyncOptions{}); err != nil {
		b.Fatal(err)
	}
	held, err := st.Load(ctx, d.Embedder)
	if err != nil {
		b.Fatal(err)
	}
	added := 0
	addOne := func(b *testing.B) {
		b.StopTimer()
		a := arts[added%len(arts)]
		a.ID, a.Text = fmt.Sprintf("%s-again-%d", a.ID, added), a.Text+" Updated."
		added++
		if _, err := st.Sync(ctx, []corpus.Article{a}, d.Embedder, pgstore.SyncOptions{KeepOthers: true}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	var fullNs float64
	b.Run("Load", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			addOne(b)
			if held, err = st.Load(ctx, d.Embedder); err != nil {
				b.Fatal(err)
			}
		}
		fullNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(float64(len(held.Passages)), "passages")
	})
	b.Run("LoadChanges", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			addOne(b)
			if held, err = st.LoadChanges(ctx, d.Embedder, held); err != nil {
				b.Fatal(err)
			}
		}
		if fullNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/fullNs, "x-full")
		}
	})
}
