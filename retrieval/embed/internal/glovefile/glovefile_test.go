package glovefile

import (
	"bytes"
	"compress/gzip"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// synthetic returns n GloVe-like rows: dimensions with unequal spreads and
// rows with unequal norms.
func synthetic(n, dim int, seed uint64) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	rows := make([][]float32, n)
	for i := range rows {
		rows[i] = make([]float32, dim)
		norm := 0.5 + 3*rng.Float64()
		for j := range rows[i] {
			spread := 0.1 + float64(j%7)*0.3
			rows[i][j] = float32(rng.NormFloat64() * spread * norm)
		}
	}
	return rows
}

func testTable(rows [][]float32) *Table {
	dim := len(rows[0])
	t := &Table{Dim: dim, SIFA: 1e-3, ZipfH: HarmonicNumber(400000)}
	for i := range rows {
		t.Words = append(t.Words, "w"+strings.Repeat("x", i%5)+string(rune('a'+i%26))+string(rune('a'+i/26%26)))
		t.Ranks = append(t.Ranks, uint32(i+1+i/10)) // gaps, as when words are skipped
	}
	t.DimScale, t.RowScale, t.Q = Quantize(rows, dim)
	t.Common = CommonComponent(t, 20)
	return t
}

func TestQuantizeKeepsVectorsClose(t *testing.T) {
	rows := synthetic(2000, 100, 1)
	tab := testTable(rows)
	for i, row := range rows {
		v := tab.Vector(i)
		if c := Cosine(row, v); c < 0.9995 {
			t.Fatalf("row %d: cosine to original %.6f, want >= 0.9995", i, c)
		}
		for j := range row {
			// Error at most half a quantization step.
			step := float64(tab.RowScale[i] * tab.DimScale[j])
			if d := math.Abs(float64(row[j] - v[j])); d > step/2+1e-6 {
				t.Fatalf("row %d dim %d: error %g exceeds half a step %g", i, j, d, step/2)
			}
		}
	}
	zero := [][]float32{make([]float32, 4), {1, -2, 3, -4}}
	ds, rs, q := Quantize(zero, 4)
	if ds == nil || rs[0] == 0 || q[0] != 0 {
		t.Fatalf("zero row quantized badly: %v %v %v", ds, rs, q)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	tab := testTable(synthetic(500, 50, 2))
	var raw bytes.Buffer
	if err := Write(&raw, tab); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	for name, data := range map[string][]byte{"raw": raw.Bytes(), "gzip": gz.Bytes()} {
		got, err := Read(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Dim != tab.Dim || got.SIFA != tab.SIFA || got.ZipfH != tab.ZipfH {
			t.Fatalf("%s: header %d %g %g, want %d %g %g", name, got.Dim, got.SIFA, got.ZipfH, tab.Dim, tab.SIFA, tab.ZipfH)
		}
		for i := range tab.Words {
			if got.Words[i] != tab.Words[i] || got.Ranks[i] != tab.Ranks[i] || got.Prob(i) != tab.Prob(i) {
				t.Fatalf("%s: word %d = %q rank %d, want %q rank %d", name, i, got.Words[i], got.Ranks[i], tab.Words[i], tab.Ranks[i])
			}
			a, b := got.Vector(i), tab.Vector(i)
			for j := range a {
				if a[j] != b[j] {
					t.Fatalf("%s: vector %d differs at %d", name, i, j)
				}
			}
		}
		for j := range tab.Common {
			if got.Common[j] != tab.Common[j] {
				t.Fatalf("%s: common component differs at %d", name, j)
			}
		}
	}
}

func TestReadRejectsCorruptInput(t *testing.T) {
	tab := testTable(synthetic(50, 8, 3))
	var buf bytes.Buffer
	if err := Write(&buf, tab); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	cases := map[string][]byte{
		"empty":     nil,
		"bad magic": append([]byte("NOTGLOVE"), good[8:]...),
		"truncated": good[:len(good)-10],
		"trailing":  append(append([]byte(nil), good...), 0),
		"bad gzip":  {0x1f, 0x8b, 0, 0},
	}
	for name, data := range cases {
		if _, err := Read(data); err == nil {
			t.Errorf("%s: Read succeeded", name)
		}
	}
}

func TestWriteRejectsInconsistentTable(t *testing.T) {
	tab := testTable(synthetic(10, 4, 4))
	tab.Ranks[3] = tab.Ranks[2] - 1
	if err := Write(&bytes.Buffer{}, tab); err == nil {
		t.Error("Write accepted decreasing ranks")
	}
}

// With every word sharing a strong offset along one axis, the common
// component must be that axis.
func TestCommonComponentFindsSharedDirection(t *testing.T) {
	rows := synthetic(3000, 20, 5)
	for _, r := range rows {
		r[7] += 6
	}
	tab := testTable(rows)
	c := tab.Common
	var n float64
	for _, x := range c {
		n += float64(x) * float64(x)
	}
	if math.Abs(n-1) > 1e-6 {
		t.Fatalf("common component norm² %v, want 1", n)
	}
	if c[7] < 0.99 {
		t.Fatalf("common component %v, want ≈ +e7", c)
	}
}

func TestReachable(t *testing.T) {
	for w, want := range map[string]bool{
		"the": true, "f-16": true, "well-known": true, "state-of-the-art": true, "2010": true,
		"": false, "-": false, "anti-": false, "-x": false, "a--b": false, "u.s.": false, "n't": false, "Cap": false, "café": false,
	} {
		if got := Reachable(w); got != want {
			t.Errorf("Reachable(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestHarmonicNumber(t *testing.T) {
	if h := HarmonicNumber(4); math.Abs(h-25.0/12) > 1e-12 {
		t.Errorf("H_4 = %v", h)
	}
	// H_n ≈ ln n + γ for large n.
	if h := HarmonicNumber(400000); math.Abs(h-(math.Log(400000)+0.5772156649)) > 1e-5 {
		t.Errorf("H_400000 = %v", h)
	}
}
