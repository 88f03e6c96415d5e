package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/passage"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

func seedIndex(t *testing.T) (*Index, embed.Embedder) {
	t.Helper()
	ctx := context.Background()
	res, err := corpus.LoadSeeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	emb, err := embed.NewGloVe()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Build(ctx, res.Articles, emb, "fp-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix, emb
}

func TestPassagesAreVerbatimSlices(t *testing.T) {
	ix, _ := seedIndex(t)
	if len(ix.Passages) < 10 {
		t.Fatalf("only %d passages from the seeds", len(ix.Passages))
	}
	for i, p := range ix.Passages {
		text := ix.Articles[p.Article].Text
		for _, s := range p.Sentences {
			if s.Start < p.Start || s.End > p.End || !strings.Contains(text, text[s.Start:s.End]) {
				t.Fatalf("passage %d: sentence %v outside the passage", i, s)
			}
		}
		if n := len(strings.Fields(ix.Text(i))); n > 180 {
			t.Errorf("passage %d has %d words", i, n)
		}
	}
}

func TestSearchModes(t *testing.T) {
	ix, _ := seedIndex(t)
	ctx := context.Background()
	for _, mode := range []string{Hybrid, BM25, Vector} {
		hits, err := ix.Search(ctx, "Meng Wanzhou house arrest Canada", SearchOptions{K: 3, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || !strings.Contains(ix.Text(hits[0].Passage), "Meng") {
			t.Errorf("%s: top passage does not mention Meng: %q", mode, ix.Text(hits[0].Passage))
		}
	}
	none, err := ix.Search(ctx, "Meng Wanzhou", SearchOptions{K: 3, Filter: Filter{Source: "no such source"}})
	if err != nil || len(none) != 0 {
		t.Errorf("a filter that keeps nothing returned %d hits (err %v)", len(none), err)
	}
	src := ix.Articles[0].Source
	some, err := ix.Search(ctx, "Huawei", SearchOptions{K: 50, Filter: Filter{Source: src}})
	if err != nil || len(some) == 0 {
		t.Fatalf("a filter on source %q returned %d hits (err %v)", src, len(some), err)
	}
	for _, h := range some {
		if got := ix.Articles[ix.Passages[h.Passage].Article].Source; got != src {
			t.Errorf("a search filtered on source %q found a passage of %q", src, got)
		}
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	ix, emb := seedIndex(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "index.snap")
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(ctx, path, "fp-1", ix.Articles, emb)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Passages, ix.Passages) || len(got.Articles) != len(ix.Articles) || got.Meta.Fingerprint != "fp-1" {
		t.Fatal("loaded index differs from the saved one")
	}
	want, _ := ix.Search(ctx, "no-spy agreement", SearchOptions{K: 5})
	have, _ := got.Search(ctx, "no-spy agreement", SearchOptions{K: 5})
	if !reflect.DeepEqual(want, have) {
		t.Fatalf("search after load differs:\n got %+v\nwant %+v", have, want)
	}
	if len(ix.Dates) != len(ix.Articles) || len(ix.Dates[0]) == 0 || !reflect.DeepEqual(got.Dates, ix.Dates) {
		t.Fatalf("dates after load differ: %d articles' dates, want %d, same as built", len(got.Dates), len(ix.Articles))
	}
	if m, err := ReadMeta(path); err != nil || m.Passages != len(ix.Passages) {
		t.Fatalf("ReadMeta = %+v, %v", m, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left beside the snapshot: %v", entries)
	}
}

func TestSnapshotStaleOrCorruptIsRefused(t *testing.T) {
	ix, emb := seedIndex(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.snap")
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(ctx, path, "another-corpus", ix.Articles, emb); !errors.Is(err, ErrStale) {
		t.Errorf("fingerprint change: err = %v, want ErrStale", err)
	}
	// Dates found by another version of the tagger are rebuilt.
	old := *ix
	old.Meta.Tagger = timex.Version - 1
	oldPath := filepath.Join(t.TempDir(), "old.snap")
	if err := old.Save(oldPath); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(ctx, oldPath, ix.Meta.Fingerprint, ix.Articles, emb); !errors.Is(err, ErrStale) {
		t.Errorf("tagger change: err = %v, want ErrStale", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"flipped byte": flip(data, len(data)/2),
		"truncated":    data[:len(data)/3],
		"empty":        {},
		"not an index": []byte("hello, world"),
	}
	for name, bad := range cases {
		p := filepath.Join(t.TempDir(), "bad.snap")
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(ctx, p, "fp-1", ix.Articles, emb); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", name, err)
		}
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 0xff
	return c
}

// A snapshot whose checksum holds but whose passages' sentence spans point
// outside the passage is refused: answers slice the article by them.
func TestSnapshotWithSentencesOutOfRangeIsCorrupt(t *testing.T) {
	ix, emb := seedIndex(t)
	bad := *ix
	bad.Passages = append([]passage.Passage(nil), ix.Passages...)
	p := &bad.Passages[3]
	p.Sentences = append([]textseg.Span(nil), p.Sentences...)
	p.Sentences[0].End = len(ix.Articles[p.Article].Text) + 10
	path := filepath.Join(t.TempDir(), "index.snap")
	if err := bad.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), path, "fp-1", ix.Articles, emb); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}
