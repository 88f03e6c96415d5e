package bm25

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// The binary form is a fixed header followed by a body:
//
//	header: magic "DSBM25", version uint16, body length uint64,
//	        CRC-32C of the body uint32 (all little-endian)
//	body:   k1, b                    float64 bits, little-endian
//	        N, then N document lengths                     uvarint
//	        T, then T term lengths                          uvarint
//	        the terms' bytes, concatenated in byte order
//	        P, the total number of postings                 uvarint
//	        per term: df, df document gaps (the first is the
//	        document itself), df term frequencies           uvarint
//
// ReadIndex reads exactly header and body, so the index can sit inside a
// larger file between other sections.
const (
	magic      = "DSBM25"
	version    = 1
	headerSize = len(magic) + 2 + 8 + 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt is wrapped by the errors ReadIndex returns for input that is
// not a well-formed index.
var ErrCorrupt = errors.New("corrupt bm25 index")

// WriteTo writes the index to w in its binary form and returns the number
// of bytes written.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	body := ix.appendBody(make([]byte, 0, 16+5*ix.n+len(ix.termBlob)+2*len(ix.termOff)+3*len(ix.postDoc)))
	hdr := make([]byte, 0, headerSize)
	hdr = append(hdr, magic...)
	hdr = binary.LittleEndian.AppendUint16(hdr, version)
	hdr = binary.LittleEndian.AppendUint64(hdr, uint64(len(body)))
	hdr = binary.LittleEndian.AppendUint32(hdr, crc32.Checksum(body, castagnoli))
	n, err := w.Write(hdr)
	if err != nil {
		return int64(n), fmt.Errorf("write bm25 header: %w", err)
	}
	m, err := w.Write(body)
	if err != nil {
		return int64(n + m), fmt.Errorf("write bm25 body: %w", err)
	}
	return int64(n + m), nil
}

func (ix *Index) appendBody(b []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(ix.k1))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(ix.b))
	b = binary.AppendUvarint(b, uint64(ix.n))
	for _, l := range ix.docLen {
		b = binary.AppendUvarint(b, uint64(l))
	}
	nt := ix.NumTerms()
	b = binary.AppendUvarint(b, uint64(nt))
	for t := range nt {
		b = binary.AppendUvarint(b, uint64(ix.termOff[t+1]-ix.termOff[t]))
	}
	b = append(b, ix.termBlob...)
	b = binary.AppendUvarint(b, uint64(len(ix.postDoc)))
	for t := range nt {
		lo, hi := ix.postOff[t], ix.postOff[t+1]
		b = binary.AppendUvarint(b, uint64(hi-lo))
		last := uint32(0)
		for _, d := range ix.postDoc[lo:hi] {
			b = binary.AppendUvarint(b, uint64(d-last))
			last = d
		}
		for _, tf := range ix.postTF[lo:hi] {
			b = binary.AppendUvarint(b, uint64(tf))
		}
	}
	return b
}

// ReadIndex reads an index written by WriteTo. It reads exactly the bytes
// WriteTo wrote and returns an error wrapping ErrCorrupt when they are
// truncated, damaged or not an index at all.
func ReadIndex(r io.Reader) (*Index, error) {
	var hdr [headerSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("read bm25 header: %w", truncated(err))
	}
	if string(hdr[:len(magic)]) != magic {
		return nil, fmt.Errorf("read bm25 header: %w: bad magic", ErrCorrupt)
	}
	p := hdr[len(magic):]
	if v := binary.LittleEndian.Uint16(p); v != version {
		return nil, fmt.Errorf("read bm25 header: %w: unsupported version %d", ErrCorrupt, v)
	}
	size := binary.LittleEndian.Uint64(p[2:])
	sum := binary.LittleEndian.Uint32(p[10:])
	if size > math.MaxInt64 {
		return nil, fmt.Errorf("read bm25 header: %w: body length %d", ErrCorrupt, size)
	}
	// Grow the buffer as data arrives rather than trusting size up front,
	// so a damaged length cannot make us allocate gigabytes.
	var buf bytes.Buffer
	buf.Grow(int(min(size, 1<<24)))
	if _, err := io.CopyN(&buf, r, int64(size)); err != nil {
		return nil, fmt.Errorf("read bm25 body: %w", truncated(err))
	}
	body := buf.Bytes()
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, fmt.Errorf("read bm25 body: %w: checksum mismatch", ErrCorrupt)
	}
	ix, err := decodeBody(body)
	if err != nil {
		return nil, fmt.Errorf("read bm25 body: %w", err)
	}
	return ix, nil
}

func truncated(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: truncated", ErrCorrupt)
	}
	return err
}

// decoder reads uvarints from a byte slice; the first failure sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a count of items that each take at least per bytes of the
// rest of the body, so a damaged count fails before it is allocated.
func (d *decoder) count(what string, per int) int {
	v := d.uvarint()
	if d.err == nil && v > uint64(len(d.b)/per) {
		d.fail("%s count %d exceeds the data", what, v)
		return 0
	}
	return int(v)
}

func (d *decoder) float64() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.fail("truncated")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

// uvarint1 is binary.Uvarint with an inlined path for one-byte values,
// which most document gaps and all usual term frequencies are.
func uvarint1(b []byte) (uint64, int) {
	if len(b) > 0 && b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	return binary.Uvarint(b)
}

// postings decodes the document gaps and term frequencies of term t into
// docs and tfs, checking that documents ascend below n and frequencies
// fit. It is the hot loop of ReadIndex.
func (d *decoder) postings(t, n int, docs []uint32, tfs []uint16) bool {
	b := d.b
	last := uint64(0)
	for i := range docs {
		gap, w := uvarint1(b)
		switch {
		case w <= 0:
			d.fail("term %d: bad varint", t)
		case i > 0 && gap == 0:
			d.fail("term %d: documents out of order", t)
		case gap >= uint64(n)-last:
			d.fail("term %d: document beyond %d", t, n)
		}
		if d.err != nil {
			return false
		}
		b = b[w:]
		last += gap
		docs[i] = uint32(last)
	}
	for i := range tfs {
		tf, w := uvarint1(b)
		if w <= 0 || tf == 0 || tf > math.MaxUint16 {
			d.fail("term %d: bad term frequency", t)
			return false
		}
		b = b[w:]
		tfs[i] = uint16(tf)
	}
	d.b = b
	return true
}

func decodeBody(body []byte) (*Index, error) {
	d := &decoder{b: body}
	ix := &Index{k1: d.float64(), b: d.float64()}
	if d.err == nil && !(ix.k1 >= 0 && ix.k1 <= 100 && ix.b >= 0 && ix.b <= 1) {
		d.fail("parameters k1=%v b=%v out of range", ix.k1, ix.b)
	}
	ix.n = d.count("document", 1)
	if ix.n > math.MaxUint32 {
		d.fail("%d documents", ix.n)
	}
	ix.docLen = make([]uint32, ix.n)
	for i := range ix.docLen {
		l := d.uvarint()
		if l > math.MaxUint32 {
			d.fail("document length %d", l)
		}
		ix.docLen[i] = uint32(l)
	}

	// Each term takes a length byte and at least a df and a posting.
	nt := d.count("term", 4)
	ix.termOff = make([]uint32, nt+1)
	var total uint64
	for t := 0; t < nt && d.err == nil; t++ {
		l := d.uvarint()
		if l > uint64(len(d.b))-total {
			d.fail("term data exceeds the body")
			break
		}
		total += l
		ix.termOff[t+1] = uint32(total)
	}
	if d.err == nil && total > uint64(len(d.b)) {
		d.fail("term data exceeds the body")
	}
	if d.err == nil {
		ix.termBlob = string(d.b[:total])
		d.b = d.b[total:]
		for t := 1; t < nt; t++ {
			if ix.term(t) <= ix.term(t-1) {
				d.fail("terms out of order at %d", t)
				break
			}
		}
	}

	np := d.count("posting", 2)
	if np > math.MaxUint32 {
		d.fail("%d postings", np)
	}
	ix.postOff = make([]uint32, nt+1)
	ix.postDoc = make([]uint32, np)
	ix.postTF = make([]uint16, np)
	at := 0
	for t := 0; t < nt && d.err == nil; t++ {
		df := d.uvarint()
		if df == 0 || df > uint64(np-at) {
			d.fail("term %d: document frequency %d", t, df)
			break
		}
		docs := ix.postDoc[at : at+int(df)]
		tfs := ix.postTF[at : at+int(df)]
		if !d.postings(t, ix.n, docs, tfs) {
			break
		}
		at += int(df)
		ix.postOff[t+1] = uint32(at)
	}
	if d.err == nil && at != np {
		d.fail("%d postings, header says %d", at, np)
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d trailing bytes", len(d.b))
	}
	if d.err != nil {
		return nil, d.err
	}
	ix.finish()
	return ix, nil
}
