package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/jackc/pgx/v5"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func glove(t testing.TB) embed.Embedder {
	t.Helper()
	g, err := embed.NewGloVe()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// testArticles are the seeds and a few articles of our own, dated, from
// two sources.
func testArticles(t testing.TB) []corpus.Article {
	t.Helper()
	res, err := corpus.LoadSeeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	arts := slices.Clone(res.Articles)
	day := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	topics := []string{
		"The harbour authority of Port Elwood opened a new container terminal on Monday. Cranes from Finland were installed last year.",
		"Floods closed the rail line between Ambridge and Felpersham for a week. Engineers said the embankment had given way after heavy rain.",
		"The Elwood city council voted to rename the central square after a local poet. The vote was close, seven to six.",
		"A new species of orchid was found in the hills above Felpersham by a retired teacher who photographs wild flowers.",
	}
	for i, text := range topics {
		arts = append(arts, corpus.Article{
			ID: fmt.Sprintf("local-%d", i), Title: fmt.Sprintf("Local news %d", i),
			Published: day.AddDate(0, 0, 7*i), Source: []string{"Elwood Gazette", "Felpersham Post"}[i%2],
			URL: fmt.Sprintf("https://news.example/%d", i), Text: text + " " + text,
		})
	}
	return arts
}

func openStore(t testing.TB, url string, opts pgstore.Options) *pgstore.Store {
	t.Helper()
	opts.Logger = quiet
	st, err := pgstore.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}

// kinds are the lexical rankings each server offers.
func kinds(s pgtest.Server) []string {
	if s.Name == "pglite" {
		return []string{pgstore.LexicalPostings, pgstore.LexicalBM25Index}
	}
	return []string{pgstore.LexicalPostings}
}

var questions = []string{
	"Where is Meng Wanzhou under house arrest?",
	"What did Huawei report about its revenue?",
	"Which terminal opened in Port Elwood?",
	"Why was the rail line to Felpersham closed?",
	"orchid found by a retired teacher",
}

// TestStoreSearchesAsTheEmbeddedIndex loads the same articles into the
// embedded index and into the database and asks both the same
// questions: BM25 from postings must rank exactly as the embedded index,
// and the hybrid answers must agree at the top.
func TestStoreSearchesAsTheEmbeddedIndex(t *testing.T) {
	ctx := context.Background()
	emb := glove(t)
	arts := testArticles(t)
	local, err := index.Build(ctx, arts, emb, "fp", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, srv := range pgtest.Servers(t) {
		for _, kind := range kinds(srv) {
			t.Run(srv.Name+"/"+kind, func(t *testing.T) {
				st := openStore(t, pgtest.Fresh(t, srv), pgstore.Options{Lexical: kind})
				if got := st.Capabilities().Lexical; got != kind {
					t.Fatalf("lexical ranking %q, want %q", got, kind)
				}
				if _, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{}); err != nil {
					t.Fatal(err)
				}
				remote, err := st.Load(ctx, emb)
				if err != nil {
					t.Fatal(err)
				}
				if len(remote.Passages) != len(local.Passages) || len(remote.Articles) != len(local.Articles) {
					t.Fatalf("loaded %d articles, %d passages; built %d, %d", len(remote.Articles), len(remote.Passages), len(local.Articles), len(local.Passages))
				}
				if !reflect.DeepEqual(remote.Dates, local.Dates) {
					t.Errorf("the stored dates differ from the built ones")
				}
				for _, q := range questions {
					for _, mode := range modes(st) {
						want, _ := local.Search(ctx, q, index.SearchOptions{K: 5, Mode: mode})
						got, err := remote.Search(ctx, q, index.SearchOptions{K: 5, Mode: mode})
						if err != nil {
							t.Fatal(err)
						}
						switch {
						case len(got) == 0 || len(want) == 0:
							t.Errorf("%s %q: %d hits, want %d", mode, q, len(got), len(want))
						case kind == pgstore.LexicalPostings && mode == index.BM25 && !slices.Equal(passages(got), passages(want)):
							t.Errorf("%s %q: passages %v, the embedded index finds %v", mode, q, passages(got), passages(want))
						case got[0].Passage != want[0].Passage:
							t.Errorf("%s %q: best passage %q, the embedded index finds %q", mode, q, remote.Text(got[0].Passage), local.Text(want[0].Passage))
						}
					}
					terms := textseg.Terms(q)
					if got, want := remote.IDF(terms[0]), local.IDF(terms[0]); got != want {
						t.Errorf("IDF(%q) = %v, the embedded index says %v", terms[0], got, want)
					}
				}
			})
		}
	}
}

// modes are the search modes st offers: vectors need pgvector.
func modes(st *pgstore.Store) []string {
	if st.Capabilities().Vector {
		return []string{index.BM25, index.Hybrid, index.Vector}
	}
	return []string{index.BM25, index.Hybrid}
}

func passages(hits []index.Hit) []int {
	var out []int
	for _, h := range hits {
		out = append(out, h.Passage)
	}
	return out
}

// TestSyncChangesOnlyWhatChanged adds, changes and removes articles and
// checks what each Sync did, that the generation moves only on change,
// and that the term statistics stay those of a fresh build.
func TestSyncChangesOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	emb := glove(t)
	arts := testArticles(t)
	for _, srv := range pgtest.Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			st := openStore(t, pgtest.Fresh(t, srv), pgstore.Options{})
			first, err := st.Sync(ctx, arts[:len(arts)-1], emb, pgstore.SyncOptions{})
			if err != nil {
				t.Fatal(err)
			}
			again, err := st.Sync(ctx, arts[:len(arts)-1], emb, pgstore.SyncOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if again.Generation != first.Generation || again.Added != 0 || again.Kept != len(arts)-1 {
				t.Errorf("a Sync of the same articles: %+v after %+v", again, first)
			}
			changed := slices.Clone(arts)
			changed[0].Text += "\n\nThe company later denied the report."
			changed = slices.Delete(changed, 2, 3) // one removed, the last added
			sum, err := st.Sync(ctx, changed, emb, pgstore.SyncOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Added != 2 || sum.Removed != 2 || sum.Generation != first.Generation+1 {
				t.Errorf("after one change, one removal and one addition: %+v", sum)
			}
			remote, err := st.Load(ctx, emb)
			if err != nil {
				t.Fatal(err)
			}
			local, err := index.Build(ctx, changed, emb, "fp", nil)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range remote.Articles {
				ids = append(ids, a.ID)
			}
			if len(ids) != len(changed) || slices.Contains(ids, arts[2].ID) {
				t.Errorf("articles after the Sync: %v", ids)
			}
			for _, term := range []string{"huawei", "denied", "orchid", "elwood", "nosuchterm"} {
				if got, want := remote.IDF(textseg.Terms(term)[0]), local.IDF(textseg.Terms(term)[0]); got != want {
					t.Errorf("IDF(%q) = %v after updates, a fresh build says %v", term, got, want)
				}
			}
			hits, err := remote.Search(ctx, "company later denied the report", index.SearchOptions{K: 1, Mode: index.BM25})
			if err != nil || len(hits) == 0 || remote.Articles[remote.Passages[hits[0].Passage].Article].ID != changed[0].ID {
				t.Errorf("the changed article's new text is not found: %v %v", hits, err)
			}
		})
	}
}

// TestFilterAppliesInsideTheSearch asks for one hit from a source whose
// articles rank below many others: a filter applied after the search
// would return nothing.
func TestFilterAppliesInsideTheSearch(t *testing.T) {
	ctx := context.Background()
	emb := glove(t)
	var arts []corpus.Article
	day := time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := range 150 {
		arts = append(arts, corpus.Article{ID: fmt.Sprint("a", i), Title: "Budget vote", Source: "Daily",
			Published: day, Text: fmt.Sprintf("The budget vote in parliament passed. The budget vote was the %dth this year.", i)})
	}
	arts = append(arts, corpus.Article{ID: "rare", Title: "Weather", Source: "Weekly", Published: day.AddDate(0, 1, 0),
		Text: "Rain is expected. Parliament will hold another budget vote next week."})
	for _, srv := range pgtest.Servers(t) {
		for _, kind := range kinds(srv) {
			t.Run(srv.Name+"/"+kind, func(t *testing.T) {
				st := openStore(t, pgtest.Fresh(t, srv), pgstore.Options{Lexical: kind})
				if _, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{}); err != nil {
					t.Fatal(err)
				}
				remote, err := st.Load(ctx, emb)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range []index.Filter{{Source: "Weekly"}, {Since: day.AddDate(0, 0, 20)}, {Until: day.AddDate(0, 2, 0), Since: day.AddDate(0, 1, 0)}} {
					for _, mode := range modes(st) {
						hits, err := remote.Search(ctx, "budget vote in parliament", index.SearchOptions{K: 1, Mode: mode, Filter: f})
						if err != nil {
							t.Fatal(err)
						}
						if len(hits) != 1 || remote.Articles[remote.Passages[hits[0].Passage].Article].ID != "rare" {
							t.Errorf("%s with filter %+v: %v, want the one article it keeps", mode, f, hits)
						}
					}
				}
			})
		}
	}
}

// TestMigrationsApplyOnce opens a store twice and from two processes'
// worth of goroutines at once: every migration is recorded once.
func TestMigrationsApplyOnce(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Full(t)
	url := pgtest.Fresh(t, srv)
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			st, err := pgstore.Open(ctx, url, pgstore.Options{Logger: quiet})
			if err == nil {
				st.Close()
			}
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	st := openStore(t, url, pgstore.Options{})
	ms, _ := pgstore.Migrations()
	n, err := st.CountMigrations(ctx)
	if err != nil || n != len(ms) {
		t.Errorf("schema_migrations holds %d rows (err %v), want %d", n, err, len(ms))
	}
}

func TestOpenRefusesABadURLWithoutRepeatingIt(t *testing.T) {
	_, err := pgstore.Open(context.Background(), "postgres://dossier:s3cret@127.0.0.1:1/x?connect_timeout=2", pgstore.Options{Logger: quiet})
	if err == nil {
		t.Fatal("opened a database on port 1")
	}
	if s := err.Error(); strings.Contains(s, "s3cret") {
		t.Errorf("the error repeats the password: %s", s)
	}
	if _, err := pgstore.Open(context.Background(), "::not a url s3cret", pgstore.Options{Logger: quiet}); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("a malformed URL: %v", err)
	}
}

// TestLeaderLockPassesOnWhenTheLeaderDies needs a full server: PGlite
// runs every connection on one session, where advisory locks are shared.
func TestLeaderLockPassesOnWhenTheLeaderDies(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Fresh(t, pgtest.Full(t))
	a, b := openStore(t, url, pgstore.Options{}), openStore(t, url, pgstore.Options{})
	la, err := a.TryLead(ctx)
	if err != nil || la == nil {
		t.Fatalf("the first replica could not lead: %v", err)
	}
	if lb, err := b.TryLead(ctx); err != nil || lb != nil {
		t.Fatalf("a second replica took the lead while the first held it (err %v)", err)
	}
	if err := a.KillLeaderConnection(ctx, la); err != nil {
		t.Fatal(err)
	}
	if err := la.Check(ctx); err == nil {
		t.Error("the old leader's Check did not notice that its session was gone")
	}
	la.Release()
	lb, err := b.TryLead(ctx)
	if err != nil || lb == nil {
		t.Fatalf("the second replica did not take over from a dead leader (err %v)", err)
	}
	lb.Release()
	if la, err = a.TryLead(ctx); err != nil || la == nil {
		t.Fatalf("the lead was not free after Release (err %v)", err)
	}
	la.Release()
}

func TestDocumentsRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, srv := range pgtest.Servers(t) {
		st := openStore(t, pgtest.Fresh(t, srv), pgstore.Options{})
		if _, _, ok, err := st.GetDocument(ctx, "feeds.json"); ok || err != nil {
			t.Fatalf("a missing document: ok %v, err %v", ok, err)
		}
		for _, body := range []string{`{"feeds":[]}`, `{"feeds":[1]}`} {
			if err := st.PutDocument(ctx, "feeds.json", []byte(body)); err != nil {
				t.Fatal(err)
			}
			got, _, ok, err := st.GetDocument(ctx, "feeds.json")
			if err != nil || !ok || string(got) != body {
				t.Errorf("%s: got %q, %v, %v", srv.Name, got, ok, err)
			}
		}
	}
}

// A database that accepts connections and then says nothing fails Open
// when the caller's deadline passes, instead of hanging the start.
func TestOpenGivesUpOnAStalledServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := pgstore.Open(ctx, "postgres://dossier:pw@"+ln.Addr().String()+"/x?sslmode=disable", pgstore.Options{Logger: quiet})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("opened a database that never answered")
		}
	case <-time.After(time.Minute):
		t.Fatal("Open still waiting a minute after its deadline")
	}
}

// A replica that loads only the changes since its generation holds what
// a full Load holds, after additions, changes and removals, and after a
// rebuild.
func TestLoadChangesMatchesAFullLoad(t *testing.T) {
	ctx := context.Background()
	emb := glove(t)
	arts := testArticles(t)
	for _, srv := range pgtest.Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			st := openStore(t, pgtest.Fresh(t, srv), pgstore.Options{Lexical: pgstore.LexicalPostings})
			if _, err := st.Sync(ctx, arts[:4], emb, pgstore.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			held, err := st.Load(ctx, emb)
			if err != nil {
				t.Fatal(err)
			}
			changed := slices.Clone(arts)
			changed[1].Text += "\n\nThe company later denied the report."
			changed = slices.Delete(changed, 0, 1)
			steps := []struct {
				name string
				arts []corpus.Article
				opts pgstore.SyncOptions
			}{
				{"added, changed and removed", changed, pgstore.SyncOptions{}},
				{"nothing changed", changed, pgstore.SyncOptions{}},
				{"rebuilt", arts[2:], pgstore.SyncOptions{Rebuild: true}},
			}
			for _, step := range steps {
				if _, err := st.Sync(ctx, step.arts, emb, step.opts); err != nil {
					t.Fatal(err)
				}
				inc, err := st.LoadChanges(ctx, emb, held)
				if err != nil {
					t.Fatal(err)
				}
				full, err := st.Load(ctx, emb)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(inc.Articles, full.Articles) || !reflect.DeepEqual(inc.Passages, full.Passages) || !reflect.DeepEqual(inc.Dates, full.Dates) {
					t.Fatalf("%s: the changes loaded onto the old generation differ from a full load", step.name)
				}
				for _, q := range append(questions, "company later denied") {
					a, err1 := inc.Search(ctx, q, index.SearchOptions{K: 10, Mode: index.BM25})
					b, err2 := full.Search(ctx, q, index.SearchOptions{K: 10, Mode: index.BM25})
					if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
						t.Errorf("%s: %q found %v, a full load finds %v (%v %v)", step.name, q, a, b, err1, err2)
					}
					for _, term := range textseg.Terms(q) {
						if inc.IDF(term) != full.IDF(term) {
							t.Errorf("%s: IDF(%q) = %v, a full load says %v", step.name, term, inc.IDF(term), full.IDF(term))
						}
					}
				}
				held = inc
			}
		})
	}
}

// The other sources of a story keep their links and feeds in the shared
// index: a replica that restores the story from it can tell a later copy
// from the same link, which it merges, from a new source.
func TestCopiesKeepTheirLinks(t *testing.T) {
	ctx := context.Background()
	emb := glove(t)
	arts := testArticles(t)
	arts[len(arts)-1].AlsoIn = []corpus.Copy{
		{Source: "Coast Wire", URL: "https://wire.example/orchid", Feed: "https://wire.example/rss"},
		{URL: "https://other.example/orchid"},
	}
	for _, srv := range pgtest.Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			st := openStore(t, pgtest.Fresh(t, srv), pgstore.Options{})
			if _, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, a := range []corpus.Article{arts[0], arts[len(arts)-1]} {
				got, ok, err := st.Article(ctx, a.ID)
				if err != nil || !ok || !reflect.DeepEqual(got.AlsoIn, a.AlsoIn) {
					t.Errorf("article %s also in %+v (found %v, err %v); want %+v", a.ID, got.AlsoIn, ok, err, a.AlsoIn)
				}
			}
			again, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{})
			if err != nil || again.Added != 0 {
				t.Errorf("a Sync of the same articles added %d (err %v): the copies read back differ", again.Added, err)
			}
		})
	}
}

// A shared index made before copies kept their links holds their names
// alone; the migration turns each into a copy with a source only. A row
// that a replica of the version before writes during an upgrade (names,
// no copies) reads the same way, and the names stay for such replicas.
func TestCopiesMigrateFromNamesAlone(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Fresh(t, pgtest.Full(t))
	arts := testArticles(t)
	arts[1].AlsoIn = []corpus.Copy{{Source: "Coast Wire", URL: "https://wire.example/a"}, {URL: "https://other.example/a"}}
	st := openStore(t, url, pgstore.Options{})
	if _, err := st.Sync(ctx, arts, glove(t), pgstore.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if n := pgtest.Int(t, url, `SELECT count(*) FROM articles WHERE also_in = '{"Coast Wire","https://other.example/a"}'`); n != 1 {
		t.Errorf("%d rows keep the copies' names for the version before, want 1", n)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	last, prev := arts[len(arts)-1].ID, arts[len(arts)-2].ID
	for _, sql := range []string{ // back to the schema before migration 4
		`ALTER TABLE articles DROP COLUMN copies`,
		`UPDATE articles SET also_in = '{"Coast Wire","Radio Lenz"}' WHERE key = '` + last + `'`,
		`DELETE FROM schema_migrations WHERE version = 4`,
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	st = openStore(t, url, pgstore.Options{})
	// A replica of the version before writes a row: names, no copies.
	if _, err := conn.Exec(ctx, `UPDATE articles SET also_in = '{"Harbour Radio"}', copies = '[]' WHERE key = '`+prev+`'`); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string][]corpus.Copy{
		last:       {{Source: "Coast Wire"}, {Source: "Radio Lenz"}},
		prev:       {{Source: "Harbour Radio"}},
		arts[0].ID: nil,
	} {
		got, ok, err := st.Article(ctx, key)
		if err != nil || !ok || !reflect.DeepEqual(got.AlsoIn, want) {
			t.Errorf("article %s after the migration: also in %+v (found %v, err %v); want %+v", key, got.AlsoIn, ok, err, want)
		}
	}
}

// A database index whose passages and terms another version of dossier
// made is never searched with this version's terms: loading it says so
// and how to mend it, and the next Sync rebuilds it.
func TestAnIndexOfAnotherPipelineIsRebuiltNotSearched(t *testing.T) {
	ctx := context.Background()
	emb := glove(t)
	arts := testArticles(t)
	for _, srv := range pgtest.Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			url := pgtest.Fresh(t, srv)
			st := openStore(t, url, pgstore.Options{})
			if _, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Load(ctx, emb); err != nil {
				t.Fatalf("a fresh index: %v", err)
			}
			if pgtest.Int(t, url, `UPDATE dossier_meta SET value = 'passages/1' WHERE key = 'pipeline' RETURNING 1`) != 1 {
				t.Fatal("the index records no pipeline")
			}
			_, err := st.Load(ctx, emb)
			if !errors.Is(err, pgstore.ErrOtherPipeline) || !strings.Contains(err.Error(), "passages/1, not "+index.Pipeline) || !strings.Contains(err.Error(), "--rebuild") {
				t.Fatalf("loading an index of another pipeline: %v", err)
			}
			sum, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{})
			if err != nil || sum.Added != len(arts) {
				t.Fatalf("the Sync after it: %+v, %v; want every article indexed anew", sum, err)
			}
			if _, err := st.Load(ctx, emb); err != nil {
				t.Errorf("after the rebuild: %v", err)
			}
			// A newer version's index is not rebuilt by this older one:
			// the two would rebuild it in turn on every Sync.
			pgtest.Int(t, url, `UPDATE dossier_meta SET value = 'passages/99' WHERE key = 'pipeline' RETURNING 1`)
			if _, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{}); !errors.Is(err, pgstore.ErrNewerVersion) || !strings.Contains(err.Error(), "passages/99") {
				t.Errorf("a Sync of a newer version's index: %v; want ErrNewerVersion", err)
			}
			if sum, err := st.Sync(ctx, arts, emb, pgstore.SyncOptions{Rebuild: true}); err != nil || sum.Added != len(arts) {
				t.Errorf("a Sync with Rebuild of it: %+v, %v; want it replaced", sum, err)
			}
		})
	}
}

// A rebuild that a new version forces on a Sync that keeps the others'
// articles (the feed leader's) keeps them too.
func TestAForcedRebuildKeepsTheOthersArticles(t *testing.T) {
	ctx := context.Background()
	emb := glove(t)
	arts := testArticles(t)
	url := pgtest.Fresh(t, pgtest.Full(t))
	st := openStore(t, url, pgstore.Options{})
	if _, err := st.Sync(ctx, arts[:3], emb, pgstore.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	pgtest.Int(t, url, `UPDATE dossier_meta SET value = 'passages/1' WHERE key = 'pipeline' RETURNING 1`)
	if _, err := st.Sync(ctx, arts[3:], emb, pgstore.SyncOptions{KeepOthers: true}); err != nil {
		t.Fatal(err)
	}
	ix, err := st.Load(ctx, emb)
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.Articles) != len(arts) {
		t.Errorf("after the rebuild the store holds %d articles, want all %d", len(ix.Articles), len(arts))
	}
}
