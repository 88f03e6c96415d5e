package bm25

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"
)

func encode(t testing.TB, ix *Index) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := ix.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteTo reported %d bytes, wrote %d", n, buf.Len())
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	corpus := synthCorpus(2000, 21)
	corpus = append(corpus, "", "the of and") // documents without terms
	ix := buildIndex(corpus)
	data := encode(t, ix)

	// The index sits inside a larger stream: ReadIndex must stop at its end.
	stream := append(slices.Clone(data), "NEXT SECTION"...)
	r := bytes.NewReader(stream)
	got, err := ReadIndex(r)
	if err != nil {
		t.Fatal(err)
	}
	if rest, _ := io.ReadAll(r); string(rest) != "NEXT SECTION" {
		t.Fatalf("ReadIndex left %q, want the next section untouched", rest)
	}
	if got.Len() != ix.Len() || got.NumTerms() != ix.NumTerms() {
		t.Fatalf("read Len %d terms %d, want %d and %d", got.Len(), got.NumTerms(), ix.Len(), ix.NumTerms())
	}
	for _, q := range synthQueries(200, 21) {
		want := ix.Search(q, 10, nil)
		if len(want) == 0 {
			t.Fatalf("query %q matches nothing; the test needs matches", q)
		}
		if have := got.Search(q, 10, nil); !slices.Equal(have, want) {
			t.Fatalf("%q after round trip: %v, want %v", q, have, want)
		}
		for _, term := range []string{synthWord(3), synthWord(4000), "absent"} {
			if got.IDF(term) != ix.IDF(term) {
				t.Fatalf("IDF(%q) = %v after round trip, want %v", term, got.IDF(term), ix.IDF(term))
			}
		}
	}
	// Writing the read index gives the same bytes.
	if again := encode(t, got); !bytes.Equal(again, data) {
		t.Fatal("re-encoding the read index changed its bytes")
	}
}

func TestRoundTripEmpty(t *testing.T) {
	got, err := ReadIndex(bytes.NewReader(encode(t, NewBuilder().Build())))
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != 0 || len(got.Search("storm", 3, nil)) != 0 {
		t.Fatalf("empty index read back as Len %d", got.Len())
	}
}

func TestReadIndexRejectsDamage(t *testing.T) {
	data := encode(t, buildIndex(synthCorpus(8, 9)))
	check := func(name string, b []byte) {
		t.Helper()
		ix, err := ReadIndex(bytes.NewReader(b))
		if err == nil || ix != nil {
			t.Fatalf("%s: ReadIndex accepted damaged input", name)
		}
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("%s: error %v does not wrap ErrCorrupt", name, err)
		}
	}
	for n := 0; n < len(data); n++ {
		check("truncated", data[:n])
	}
	for i := range data {
		b := slices.Clone(data)
		b[i] ^= 0x41
		check("flipped byte", b)
	}
	check("not an index", []byte("{\"json\": true, \"and more\": \"text here\"}"))
}

// TestDecodeBodyRejectsBadStructure feeds bodies that pass no checksum
// check, as a damaged file written with a valid checksum would.
func TestDecodeBodyRejectsBadStructure(t *testing.T) {
	body := buildIndex([]string{"storm coast", "coast guard"}).appendBody(nil)
	if _, err := decodeBody(body); err != nil {
		t.Fatalf("valid body rejected: %v", err)
	}
	for n := 0; n < len(body); n++ {
		if _, err := decodeBody(body[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("body truncated to %d bytes: err %v", n, err)
		}
	}
	if _, err := decodeBody(append(slices.Clone(body), 0)); err == nil {
		t.Fatal("trailing byte accepted")
	}
}

func FuzzReadIndex(f *testing.F) {
	small := buildIndex([]string{"storm hits coast", "coast guard rescue", "", "storm warning storm"})
	var buf bytes.Buffer
	if _, err := small.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(small.appendBody(nil))
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Through the header and checksum, and straight into the body
		// parser, which random bytes rarely reach past the checksum.
		if ix, err := ReadIndex(bytes.NewReader(data)); err == nil {
			exercise(t, ix)
		}
		if ix, err := decodeBody(data); err == nil {
			exercise(t, ix)
		}
	})
}

// exercise runs every query path over an index that was read successfully.
func exercise(t *testing.T, ix *Index) {
	for i := range ix.NumTerms() {
		term := ix.term(i)
		if ix.IDF(term) <= 0 {
			t.Fatalf("IDF(%q) = %v", term, ix.IDF(term))
		}
		hits := ix.SearchTerms([]string{term, "storm"}, 3, nil)
		if len(hits) == 0 {
			t.Fatalf("indexed term %q matches nothing", term)
		}
		for _, h := range hits {
			if h.Doc < 0 || h.Doc >= ix.Len() || !(h.Score > 0) {
				t.Fatalf("bad hit %+v", h)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadIndex(&buf); err != nil {
		t.Fatalf("re-reading a read index: %v", err)
	}
}
