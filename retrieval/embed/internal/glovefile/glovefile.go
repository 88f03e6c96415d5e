// Package glovefile reads and writes the compact quantized word-vector table
// that the embed package ships (glove100k.bin) and the converter produces.
//
// Layout, all integers little-endian, the whole stream optionally gzipped
// (a reader detects the gzip magic):
//
//	magic    [8]byte  "GLOVEQ8\x00"
//	version  uint32   1
//	n        uint32   number of words
//	dim      uint32   vector length
//	sifA     float64  SIF smoothing parameter a
//	zipfH    float64  Zipf normaliser: p(rank r) = 1 / (r * zipfH)
//	dimScale [dim]float32
//	common   [dim]float32  unit common component, in dequantized space
//	words    n × (uvarint length, bytes)
//	ranks    n × uvarint delta of the 1-based source frequency rank
//	rowScale [n]float32
//	q        [n*dim]int8   row-major
//
// A dequantized value is q[i*dim+j] * rowScale[i] * dimScale[j].
package glovefile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// Magic starts every table.
const Magic = "GLOVEQ8\x00"

// Version is the layout version written by Write.
const Version = 1

// Table is a quantized word-vector table in frequency order.
type Table struct {
	Words    []string  // lower-case words, most frequent first
	Ranks    []uint32  // 1-based frequency rank of each word in the source list
	Dim      int       // vector length
	SIFA     float64   // SIF smoothing parameter a
	ZipfH    float64   // p(rank r) = 1 / (r * ZipfH)
	DimScale []float32 // per-dimension scale, len Dim
	RowScale []float32 // per-row scale, len(Words)
	Q        []int8    // quantized rows, len(Words)*Dim
	Common   []float32 // unit common component to remove, len Dim
}

// Prob is the estimated unigram probability of the i-th word.
func (t *Table) Prob(i int) float64 {
	return 1 / (float64(t.Ranks[i]) * t.ZipfH)
}

// Weight is the SIF weight a/(a+p) of the i-th word.
func (t *Table) Weight(i int) float64 {
	return t.SIFA / (t.SIFA + t.Prob(i))
}

// Vector returns the dequantized vector of the i-th word.
func (t *Table) Vector(i int) []float32 {
	v := make([]float32, t.Dim)
	row := t.Q[i*t.Dim : (i+1)*t.Dim]
	for j, q := range row {
		v[j] = float32(q) * t.RowScale[i] * t.DimScale[j]
	}
	return v
}

// Quantize turns float rows into int8 rows with a per-dimension scale (the
// root mean square of that dimension) times a per-row scale (the row's
// largest absolute value after dividing by the dimension scales, over 127).
// The per-dimension factor evens out GloVe's unequal dimension ranges, the
// per-row factor keeps rare words with small or large norms precise.
func Quantize(rows [][]float32, dim int) (dimScale, rowScale []float32, q []int8) {
	dimScale = make([]float32, dim)
	sq := make([]float64, dim)
	for _, r := range rows {
		for j, x := range r {
			sq[j] += float64(x) * float64(x)
		}
	}
	for j := range sq {
		rms := math.Sqrt(sq[j] / float64(max(len(rows), 1)))
		if rms == 0 {
			rms = 1
		}
		dimScale[j] = float32(rms)
	}
	rowScale = make([]float32, len(rows))
	q = make([]int8, len(rows)*dim)
	for i, r := range rows {
		var m float64
		for j, x := range r {
			m = math.Max(m, math.Abs(float64(x)/float64(dimScale[j])))
		}
		s := m / 127
		if s == 0 {
			s = 1
		}
		rowScale[i] = float32(s)
		for j, x := range r {
			v := math.Round(float64(x) / float64(dimScale[j]) / s)
			q[i*dim+j] = int8(max(-127, min(127, v)))
		}
	}
	return dimScale, rowScale, q
}

// Write encodes t, uncompressed, to w.
func Write(w io.Writer, t *Table) error {
	if err := t.check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	le := binary.LittleEndian
	buf := make([]byte, 0, 64)
	buf = append(buf, Magic...)
	buf = le.AppendUint32(buf, Version)
	buf = le.AppendUint32(buf, uint32(len(t.Words)))
	buf = le.AppendUint32(buf, uint32(t.Dim))
	buf = le.AppendUint64(buf, math.Float64bits(t.SIFA))
	buf = le.AppendUint64(buf, math.Float64bits(t.ZipfH))
	bw.Write(buf)
	writeF32s(bw, t.DimScale)
	writeF32s(bw, t.Common)
	var tmp [binary.MaxVarintLen64]byte
	for _, word := range t.Words {
		bw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(len(word)))])
		bw.WriteString(word)
	}
	var prev uint32
	for _, r := range t.Ranks {
		bw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(r-prev))])
		prev = r
	}
	writeF32s(bw, t.RowScale)
	for _, q := range t.Q {
		bw.WriteByte(byte(q))
	}
	return bw.Flush()
}

func writeF32s(w *bufio.Writer, fs []float32) {
	var b [4]byte
	for _, f := range fs {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(f))
		w.Write(b[:])
	}
}

func (t *Table) check() error {
	n := len(t.Words)
	switch {
	case t.Dim <= 0:
		return errors.New("glovefile: dimension must be positive")
	case len(t.Ranks) != n || len(t.RowScale) != n || len(t.Q) != n*t.Dim:
		return errors.New("glovefile: words, ranks, row scales and rows disagree in length")
	case len(t.DimScale) != t.Dim || len(t.Common) != t.Dim:
		return errors.New("glovefile: dimension scales or common component have the wrong length")
	}
	var prev uint32
	for i, r := range t.Ranks {
		if r == 0 || r < prev {
			return fmt.Errorf("glovefile: rank %d of word %d is not a positive non-decreasing rank", r, i)
		}
		prev = r
	}
	return nil
}

// Read decodes a table written by Write, gzipped or not. The returned
// table's Q aliases data when data is not gzipped, so data must not change.
func Read(data []byte) (*Table, error) {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("glovefile: gunzip: %w", err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("glovefile: gunzip: %w", err)
		}
		data = raw
	}
	r := reader{b: data}
	if string(r.next(len(Magic))) != Magic {
		return nil, errors.New("glovefile: not a quantized GloVe table (bad magic)")
	}
	if v := r.u32(); v != Version && r.err == nil {
		return nil, fmt.Errorf("glovefile: unsupported version %d", v)
	}
	n, dim := int(r.u32()), int(r.u32())
	if r.err != nil || dim <= 0 || dim > 1<<16 || n < 0 || n > len(data) {
		return nil, errors.New("glovefile: truncated or corrupt header")
	}
	t := &Table{Dim: dim}
	t.SIFA = math.Float64frombits(r.u64())
	t.ZipfH = math.Float64frombits(r.u64())
	t.DimScale = r.f32s(dim)
	t.Common = r.f32s(dim)
	// Words: one string for all of them, sliced, instead of n allocations.
	wordsStart := len(data) - len(r.b)
	offs := make([]int, 2*n)
	for i := 0; i < n; i++ {
		k := int(r.uvarint())
		offs[2*i] = len(data) - len(r.b)
		r.next(k)
		offs[2*i+1] = len(data) - len(r.b)
	}
	if r.err != nil {
		return nil, fmt.Errorf("glovefile: %w", r.err)
	}
	all := string(data[wordsStart : len(data)-len(r.b)])
	t.Words = make([]string, n)
	for i := range t.Words {
		t.Words[i] = all[offs[2*i]-wordsStart : offs[2*i+1]-wordsStart]
	}
	t.Ranks = make([]uint32, n)
	var prev uint64
	for i := range t.Ranks {
		prev += r.uvarint()
		t.Ranks[i] = uint32(prev)
	}
	t.RowScale = r.f32s(n)
	qb := r.next(n * dim)
	if r.err != nil {
		return nil, fmt.Errorf("glovefile: %w", r.err)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("glovefile: %d trailing bytes", len(r.b))
	}
	t.Q = bytesAsInt8(qb)
	if err := t.check(); err != nil {
		return nil, err
	}
	return t, nil
}

var errShort = errors.New("truncated table")

type reader struct {
	b   []byte
	err error
}

func (r *reader) next(k int) []byte {
	if r.err != nil || k < 0 || k > len(r.b) {
		r.err = errShort
		return nil
	}
	out := r.b[:k]
	r.b = r.b[k:]
	return out
}

func (r *reader) u32() uint32 {
	b := r.next(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (r *reader) u64() uint64 {
	b := r.next(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *reader) f32s(k int) []float32 {
	b := r.next(4 * k)
	if b == nil {
		return make([]float32, k)
	}
	out := make([]float32, k)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// Reachable reports whether the embed tokenizer can produce word: lower-case
// ASCII letters and digits, optionally joined by single inner hyphens
// ("well-known", "f-16"). The converter keeps only such words.
func Reachable(word string) bool {
	if word == "" {
		return false
	}
	prevHyphen := true // a leading hyphen is not allowed
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevHyphen = false
		case c == '-' && !prevHyphen:
			prevHyphen = true
		default:
			return false
		}
	}
	return !prevHyphen
}
