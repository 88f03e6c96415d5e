package bm25

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// Builder collects documents for a new Index. Documents are numbered in the
// order they are added, starting at 0. A Builder is not safe for concurrent
// use; build once, then search the Index from many goroutines.
type Builder struct {
	k1, b float64

	// words caches textseg.Terms of single words: word → provisional term
	// id, -1 for a stop word. News text repeats words, so most words skip
	// the stemmer and the term dictionary both.
	words map[string]int32

	dict  map[string]uint32 // term → provisional id, in order of first sight
	names []string          // provisional id → term

	// Per document, its distinct terms with their frequencies, flat:
	// document d owns pairs[docEnd[d-1]:docEnd[d]].
	pairTerm []uint32
	pairTF   []uint32
	docEnd   []int
	docLen   []uint32

	// Scratch for counting term frequencies within one document.
	seenIn  []int32 // provisional id → last document it was counted in, +1
	seenPos []int32 // provisional id → its pair index in that document
}

// NewBuilder returns an empty Builder with the default BM25 parameters.
func NewBuilder() *Builder {
	return &Builder{
		k1:    DefaultK1,
		b:     DefaultB,
		words: make(map[string]int32),
		dict:  make(map[string]uint32),
	}
}

// Len returns the number of documents added so far.
func (bl *Builder) Len() int { return len(bl.docLen) }

// Add indexes text as document doc. It splits text into terms exactly as
// textseg.Terms does. Documents must be added in increasing order; numbers
// skipped over become empty documents that no query matches. Add panics if
// doc is below Len(), which is a programming error.
func (bl *Builder) Add(doc int, text string) {
	bl.startDoc(doc)
	n := 0
	for _, w := range textseg.Words(text) {
		id, ok := bl.words[w]
		if !ok {
			// textseg.Terms of a single word is that word's term, or
			// nothing for a stop word.
			id = -1
			if ts := textseg.Terms(w); len(ts) == 1 {
				id = int32(bl.termID(ts[0]))
			}
			// Clone: w points into text, which the cache must not keep.
			bl.words[strings.Clone(w)] = id
		}
		if id >= 0 {
			bl.count(uint32(id))
			n++
		}
	}
	bl.endDoc(n)
}

// AddTerms indexes terms as document doc, for callers that computed the
// terms themselves (for example textseg.Terms of a passage plus its
// article's title). Terms should come from textseg.Terms so that queries
// match them. Ordering rules are those of Add.
func (bl *Builder) AddTerms(doc int, terms []string) {
	bl.startDoc(doc)
	for _, term := range terms {
		bl.count(bl.termID(term))
	}
	bl.endDoc(len(terms))
}

// startDoc checks the order of doc and fills any gap before it with empty
// documents.
func (bl *Builder) startDoc(doc int) {
	if doc < bl.Len() {
		panic(fmt.Sprintf("bm25: document %d added after document %d", doc, bl.Len()-1))
	}
	for bl.Len() < doc {
		bl.endDoc(0)
	}
}

// termID returns the provisional id of term, adding it if it is new.
func (bl *Builder) termID(term string) uint32 {
	id, ok := bl.dict[term]
	if !ok {
		term = strings.Clone(term)
		id = uint32(len(bl.names))
		bl.dict[term] = id
		bl.names = append(bl.names, term)
		bl.seenIn = append(bl.seenIn, 0)
		bl.seenPos = append(bl.seenPos, 0)
	}
	return id
}

// count adds one occurrence of term id to the document being added.
func (bl *Builder) count(id uint32) {
	d := int32(bl.Len()) + 1
	if bl.seenIn[id] == d {
		bl.pairTF[bl.seenPos[id]]++
		return
	}
	bl.seenIn[id] = d
	bl.seenPos[id] = int32(len(bl.pairTerm))
	bl.pairTerm = append(bl.pairTerm, id)
	bl.pairTF = append(bl.pairTF, 1)
}

// endDoc closes the document being added; length is its number of terms.
func (bl *Builder) endDoc(length int) {
	bl.docEnd = append(bl.docEnd, len(bl.pairTerm))
	bl.docLen = append(bl.docLen, uint32(min(length, 1<<32-1)))
}

// Build returns the Index of the documents added so far. The Builder can
// keep adding documents afterwards and build again.
func (bl *Builder) Build() *Index {
	nt := len(bl.names)
	// Number terms in byte order so the index can find them by binary search.
	order := make([]uint32, nt) // rank → provisional id
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int {
		a, b := bl.names[x], bl.names[y]
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	})

	df := make([]uint32, nt)
	for _, id := range bl.pairTerm {
		df[id]++
	}
	ix := &Index{
		k1:      bl.k1,
		b:       bl.b,
		n:       bl.Len(),
		docLen:  slices.Clone(bl.docLen),
		termOff: make([]uint32, nt+1),
		postOff: make([]uint32, nt+1),
		postDoc: make([]uint32, len(bl.pairTerm)),
		postTF:  make([]uint16, len(bl.pairTerm)),
	}
	cursor := make([]uint32, nt) // provisional id → next posting slot
	blobLen := 0
	for rank, id := range order {
		cursor[id] = ix.postOff[rank]
		ix.postOff[rank+1] = ix.postOff[rank] + df[id]
		blobLen += len(bl.names[id])
	}
	blob := make([]byte, 0, blobLen)
	for rank, id := range order {
		blob = append(blob, bl.names[id]...)
		ix.termOff[rank+1] = uint32(len(blob))
	}
	ix.termBlob = string(blob)

	start := 0
	for d, end := range bl.docEnd {
		for p := start; p < end; p++ {
			id := bl.pairTerm[p]
			c := cursor[id]
			ix.postDoc[c] = uint32(d)
			ix.postTF[c] = uint16(min(bl.pairTF[p], 1<<16-1))
			cursor[id] = c + 1
		}
		start = end
	}
	ix.finish()
	return ix
}
