package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/corpus"
)

// tinyEmbedder gives every text a fixed 3-dimensional unit vector.
type tinyEmbedder struct{}

func (tinyEmbedder) Name() string { return "tiny/1" }
func (tinyEmbedder) Dim() int     { return 3 }
func (tinyEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := []float32{1, 0, 0}
		if len(t)%2 == 1 {
			v = []float32{0, 1, 0}
		}
		out[i] = v
	}
	return out, nil
}

// tinySnapshot is the snapshot of a two-article corpus, small enough to
// fuzz quickly, and the articles it refers to.
func tinySnapshot(tb testing.TB) ([]byte, []corpus.Article) {
	tb.Helper()
	articles := []corpus.Article{
		{ID: "a", Title: "Harbour plan approved", Published: time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC),
			Text: "The council approved the harbour plan on Monday, March 4, after a long debate. Work starts in May. The mayor said 1,200 jobs would follow."},
		{ID: "b", Title: "Bridge closes", Published: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
			Text: "The old bridge closes for repairs next week, the city said. Traffic will use the harbour road until June 2024."},
	}
	ix, err := Build(context.Background(), articles, tinyEmbedder{}, "fp", nil)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ix.write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), articles
}

// withChecksum makes body a snapshot: the magic, body, and its checksum,
// so that a mutation gets past the checksum to the sections.
func withChecksum(body []byte) []byte {
	data := append(append([]byte(nil), magic...), body...)
	return binary.LittleEndian.AppendUint32(data, crc32.Checksum(data, castagnoli))
}

// FuzzDecode feeds mutated snapshots to the whole decoder. With fix set,
// the input is a snapshot's body and gets a valid checksum, so mutations
// reach the metadata, passages, BM25 and vector sections. decode must
// return an error, never panic nor allocate far beyond the input's size;
// an index it accepts must be searchable and its passages' and
// sentences' spans must slice their articles.
func FuzzDecode(f *testing.F) {
	snap, articles := tinySnapshot(f)
	body := snap[len(magic) : len(snap)-4]
	f.Add(body, true)
	f.Add(snap, false)
	f.Add(body[:len(body)/2], true)
	f.Add([]byte{}, true)
	sections, err := splitSections(body, 4)
	if err != nil {
		f.Fatal(err)
	}
	// Each section alone replaced by garbage of its own length.
	for i := range sections {
		var b bytes.Buffer
		for j, s := range sections {
			binary.Write(&b, binary.LittleEndian, uint64(len(s)))
			if j == i {
				s = bytes.Repeat([]byte{0xff}, len(s))
			}
			b.Write(s)
		}
		f.Add(b.Bytes(), true)
	}
	ctx := context.Background()
	if _, err := decode(ctx, withChecksum(body), "fp", articles, tinyEmbedder{}); err != nil {
		f.Fatalf("the unmutated snapshot does not decode: %v", err)
	}
	f.Fuzz(func(t *testing.T, data []byte, fix bool) {
		if fix {
			data = withChecksum(data)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ix, err := decode(ctx, data, "fp", articles, tinyEmbedder{})
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20+uint64(200*len(data)) {
			t.Fatalf("decoding %d bytes allocated %d bytes", len(data), grew)
		}
		if err != nil {
			if ix != nil {
				t.Fatalf("decode returned an index with the error %v", err)
			}
			return
		}
		for i, p := range ix.Passages {
			_ = ix.Text(i)
			for _, sp := range p.Sentences {
				_ = ix.Articles[p.Article].Text[sp.Start:sp.End]
			}
		}
		for _, mode := range []string{Hybrid, BM25, Vector} {
			if _, err := ix.Search(ctx, "harbour plan bridge", SearchOptions{K: 5, Mode: mode}); err != nil {
				t.Fatalf("search of an accepted index: %v", err)
			}
		}
	})
}
