package index

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
)

// pieces cuts the seed articles into small articles of three paragraphs
// each, a day apart, so that tests have a corpus of a few dozen real
// news articles to add, change and remove.
func pieces(t *testing.T) ([]corpus.Article, embed.Embedder) {
	t.Helper()
	res, err := corpus.LoadSeeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	emb, err := embed.NewGloVe()
	if err != nil {
		t.Fatal(err)
	}
	var out []corpus.Article
	for _, a := range res.Articles {
		var paras []string
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		for i := 0; i < len(paras); i += 3 {
			n := len(out)
			out = append(out, corpus.Article{
				ID:        fmt.Sprintf("%s-%d", a.ID, i/3),
				Title:     fmt.Sprintf("%s (%d)", a.Title, i/3),
				Published: a.Published.AddDate(0, 0, n),
				Source:    a.Source,
				Text:      strings.Join(paras[i:min(i+3, len(paras))], "\n\n"),
			})
		}
	}
	if len(out) < 12 {
		t.Fatalf("only %d pieces of the seeds", len(out))
	}
	return out, emb
}

// sameIndex fails unless got is the index want is, apart from its build time.
func sameIndex(t *testing.T, name string, got, want *Index) {
	t.Helper()
	gm, wm := got.Meta, want.Meta
	gm.Built, wm.Built = time.Time{}, time.Time{}
	if gm != wm {
		t.Errorf("%s: meta %+v, want %+v", name, gm, wm)
	}
	if !reflect.DeepEqual(got.Articles, want.Articles) {
		t.Errorf("%s: articles differ", name)
	}
	if !reflect.DeepEqual(got.Passages, want.Passages) {
		t.Errorf("%s: passages differ (%d, want %d)", name, len(got.Passages), len(want.Passages))
	}
	if !reflect.DeepEqual(got.Dates, want.Dates) {
		t.Errorf("%s: dates differ", name)
	}
	var gw, ww bytes.Buffer
	got.words.WriteTo(&gw)
	want.words.WriteTo(&ww)
	if !bytes.Equal(gw.Bytes(), ww.Bytes()) {
		t.Errorf("%s: BM25 indexes differ (%d docs %d terms, want %d and %d)", name, got.words.Len(), got.words.NumTerms(), want.words.Len(), want.words.NumTerms())
	}
	if got.vectors.dim != want.vectors.dim || got.vectors.rows != want.vectors.rows || !slices.Equal(got.vectors.data, want.vectors.data) {
		t.Errorf("%s: vectors differ", name)
	}
	if !got.Newest().Equal(want.Newest()) {
		t.Errorf("%s: newest %v, want %v", name, got.Newest(), want.Newest())
	}
	ctx := context.Background()
	for _, q := range []string{"Would Huawei sign a no-spy agreement?", "Meng Wanzhou house arrest", "phone call with Biden", "5G networks in Europe"} {
		for _, mode := range []string{Hybrid, BM25, Vector} {
			gh, err1 := got.Search(ctx, q, SearchOptions{K: 10, Mode: mode})
			wh, err2 := want.Search(ctx, q, SearchOptions{K: 10, Mode: mode})
			if err1 != nil || err2 != nil || !slices.Equal(gh, wh) {
				t.Errorf("%s: %s search %q: %v, want %v (%v, %v)", name, mode, q, gh, wh, err1, err2)
			}
		}
	}
}

// mapping returns Update's from for articles over old: the old position of
// each article old holds unchanged, else -1.
func mapping(old, articles []corpus.Article) []int {
	from := make([]int, len(articles))
	last := -1
	for i, a := range articles {
		from[i] = -1
		for o := last + 1; o < len(old); o++ {
			if reflect.DeepEqual(old[o], a) {
				from[i], last = o, o
				break
			}
		}
	}
	return from
}

func TestUpdateEqualsBuild(t *testing.T) {
	arts, emb := pieces(t)
	ctx := context.Background()
	base := arts[:10]
	changed := slices.Clone(base)
	changed[3].Text += "\n\nThe company later said the talks would resume in the spring."
	changed[6].Title = "A new headline"
	inserted := slices.Concat(base[:2], arts[12:13], base[2:])
	cases := map[string][]corpus.Article{
		"added":           arts[:14],
		"removed":         slices.Concat(base[1:4], base[5:9]),
		"changed":         changed,
		"inserted":        inserted,
		"all at once":     slices.Concat(changed[:1], arts[11:12], changed[2:5], changed[6:], arts[10:11]),
		"all new":         arts[10:],
		"nothing changed": base,
	}
	old, err := Build(ctx, base, emb, "old", nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, next := range cases {
		got, err := Update(ctx, old, next, mapping(base, next), "new", nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := Build(ctx, next, emb, "new", nil)
		if err != nil {
			t.Fatal(err)
		}
		sameIndex(t, name, got, want)
	}

	// An update of an update, and an update of a loaded snapshot.
	first, err := Update(ctx, old, arts[:14], mapping(base, arts[:14]), "first", nil)
	if err != nil {
		t.Fatal(err)
	}
	next := slices.Concat(arts[1:7], arts[9:])
	second, err := Update(ctx, first, next, mapping(arts[:14], next), "second", nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Build(ctx, next, emb, "second", nil)
	if err != nil {
		t.Fatal(err)
	}
	sameIndex(t, "update of an update", second, want)

	path := filepath.Join(t.TempDir(), "index.snap")
	if err := first.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(ctx, path, "first", arts[:14], emb)
	if err != nil {
		t.Fatal(err)
	}
	fromLoaded, err := Update(ctx, loaded, next, mapping(arts[:14], next), "second", nil)
	if err != nil {
		t.Fatal(err)
	}
	sameIndex(t, "update of a loaded snapshot", fromLoaded, want)
	if err := fromLoaded.Save(path); err != nil {
		t.Fatal(err)
	}
	again, err := Load(ctx, path, "second", next, emb)
	if err != nil {
		t.Fatal(err)
	}
	sameIndex(t, "snapshot of an update", again, want)
}

func TestUpdateRejectsBadMappings(t *testing.T) {
	arts, emb := pieces(t)
	ctx := context.Background()
	old, err := Build(ctx, arts[:4], emb, "old", nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		articles []corpus.Article
		from     []int
	}{
		"too few positions":  {arts[:4], []int{0, 1, 2}},
		"falling":            {[]corpus.Article{arts[1], arts[0]}, []int{1, 0}},
		"out of range":       {arts[:1], []int{7}},
		"another article":    {arts[4:5], []int{0}},
		"a position reused":  {[]corpus.Article{arts[0], arts[0]}, []int{0, 0}},
		"beyond the old end": {arts[:5], []int{0, 1, 2, 3, 4}},
	}
	for name, c := range cases {
		if _, err := Update(ctx, old, c.articles, c.from, "new", nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestSearchesDuringUpdate searches the old index from several goroutines
// while updates are made from it; run with -race. The old index's answers
// must not change.
func TestSearchesDuringUpdate(t *testing.T) {
	arts, emb := pieces(t)
	ctx := context.Background()
	base := arts[:12]
	old, err := Build(ctx, base, emb, "old", nil)
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"Would Huawei sign a no-spy agreement?", "Meng Wanzhou house arrest", "phone call with Biden"}
	want := map[string][]Hit{}
	for _, q := range queries {
		if want[q], err = old.Search(ctx, q, SearchOptions{K: 10}); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				q := queries[i%len(queries)]
				got, err := old.Search(ctx, q, SearchOptions{K: 10})
				if err == nil && !slices.Equal(got, want[q]) {
					err = fmt.Errorf("%q: %v, want %v", q, got, want[q])
				}
				if err == nil {
					_, err = old.Collection().QueryEmbedding(ctx, old.vectors.data[:old.vectors.dim], 3, nil, nil)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	next := slices.Concat(base[2:5], base[6:], arts[12:])
	for range 3 {
		ix, err := Update(ctx, old, next, mapping(base, next), "new", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Save(filepath.Join(t.TempDir(), "index.snap")); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
