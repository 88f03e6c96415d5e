package bm25

import (
	"fmt"
	"strings"
)

// Merge returns a new index over documents taken from two indexes: a's
// document i becomes document aDoc[i], or is left out where aDoc[i] < 0,
// and b's document j becomes document bDoc[j]. The kept numbers must rise
// along each slice and together number the documents 0..n-1 once each.
//
// The result is the index a Builder would give for those documents in
// their new order: the same terms, postings, document lengths and so the
// same N, average length, norms and IDFs, written to the same bytes. It is
// made from the postings alone, without splitting any text, so updating a
// large index with a few documents (b, built from them) costs a pass over
// the postings. Neither a nor b is changed; both stay usable.
func Merge(a *Index, aDoc []int, b *Index, bDoc []int) (*Index, error) {
	if len(aDoc) != a.n || len(bDoc) != b.n {
		return nil, fmt.Errorf("bm25 merge: %d and %d document numbers for indexes of %d and %d", len(aDoc), len(bDoc), a.n, b.n)
	}
	if a.k1 != b.k1 || a.b != b.b {
		return nil, fmt.Errorf("bm25 merge: parameters k1=%v b=%v and k1=%v b=%v differ", a.k1, a.b, b.k1, b.b)
	}
	n := len(bDoc)
	for _, d := range aDoc {
		if d >= 0 {
			n++
		}
	}
	ix := &Index{k1: a.k1, b: a.b, n: n, docLen: make([]uint32, n)}
	placed := make([]bool, n)
	place := func(side string, docs []int, lens []uint32) error {
		last := -1
		for i, d := range docs {
			if d < 0 {
				continue
			}
			if d >= n || d <= last || placed[d] {
				return fmt.Errorf("bm25 merge: %s document %d cannot become document %d of %d", side, i, d, n)
			}
			placed[d], last = true, d
			ix.docLen[d] = lens[i]
		}
		return nil
	}
	if err := place("first", aDoc, a.docLen); err != nil {
		return nil, err
	}
	if err := place("second", bDoc, b.docLen); err != nil {
		return nil, err
	}

	// Walk both sorted term lists at once; a term whose documents were
	// all left out is dropped, as a Builder would never have seen it.
	na, nb := a.NumTerms(), b.NumTerms()
	var blob strings.Builder
	blob.Grow(len(a.termBlob) + len(b.termBlob))
	ix.termOff = make([]uint32, 1, na+nb+1)
	ix.postOff = make([]uint32, 1, na+nb+1)
	ix.postDoc = make([]uint32, 0, len(a.postDoc)+len(b.postDoc))
	ix.postTF = make([]uint16, 0, len(a.postDoc)+len(b.postDoc))
	for i, j := 0, 0; i < na || j < nb; {
		var term string
		ta, tb := -1, -1
		switch {
		case j == nb || (i < na && a.term(i) < b.term(j)):
			term, ta = a.term(i), i
			i++
		case i == na || b.term(j) < a.term(i):
			term, tb = b.term(j), j
			j++
		default:
			term, ta, tb = a.term(i), i, j
			i, j = i+1, j+1
		}
		if ix.mergePostings(a, ta, aDoc, b, tb, bDoc) {
			blob.WriteString(term)
			ix.termOff = append(ix.termOff, uint32(blob.Len()))
			ix.postOff = append(ix.postOff, uint32(len(ix.postDoc)))
		}
	}
	ix.termBlob = blob.String()
	ix.finish()
	return ix, nil
}

// mergePostings appends the postings of term ta of a and term tb of b (-1
// for none), renumbered, in ascending document order, and reports whether
// it appended any.
func (ix *Index) mergePostings(a *Index, ta int, aDoc []int, b *Index, tb int, bDoc []int) bool {
	var ad, bd []uint32
	var atf, btf []uint16
	if ta >= 0 {
		lo, hi := a.postOff[ta], a.postOff[ta+1]
		ad, atf = a.postDoc[lo:hi], a.postTF[lo:hi]
	}
	if tb >= 0 {
		lo, hi := b.postOff[tb], b.postOff[tb+1]
		bd, btf = b.postDoc[lo:hi], b.postTF[lo:hi]
	}
	before := len(ix.postDoc)
	i, j := 0, 0
	for i < len(ad) {
		to := aDoc[ad[i]]
		if to < 0 {
			i++
			continue
		}
		// b's postings that come first.
		for j < len(bd) && bDoc[bd[j]] < to {
			ix.postDoc = append(ix.postDoc, uint32(bDoc[bd[j]]))
			ix.postTF = append(ix.postTF, btf[j])
			j++
		}
		ix.postDoc = append(ix.postDoc, uint32(to))
		ix.postTF = append(ix.postTF, atf[i])
		i++
	}
	for ; j < len(bd); j++ {
		ix.postDoc = append(ix.postDoc, uint32(bDoc[bd[j]]))
		ix.postTF = append(ix.postTF, btf[j])
	}
	return len(ix.postDoc) > before
}
