package feeds

import (
	"hash/fnv"
	"math/bits"
	"strings"
	"unicode"
)

// Near-duplicate detection. A syndicated story arrives from several feeds
// with small edits (a byline, a trimmed sentence). Its SimHash (Charikar)
// over word shingles of the title and lead stays within nearBits bits of
// the original's, while different stories differ in about half of them.
// It is a few lines over the standard library's FNV hash; the Go SimHash
// modules we found are unmaintained.
const (
	shingleWords = 3
	leadWords    = 120
	nearBits     = 6
)

// simHash fingerprints a story by its title and the first leadWords words
// of its text.
func simHash(title, text string) uint64 {
	words := strings.FieldsFunc(strings.ToLower(title+" "+text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	words = words[:min(len(words), leadWords)]
	var counts [64]int
	n := 0
	for i := 0; i+shingleWords <= len(words); i++ {
		h := fnv.New64a()
		h.Write([]byte(strings.Join(words[i:i+shingleWords], " ")))
		v := h.Sum64()
		for b := 0; b < 64; b++ {
			if v&(1<<b) != 0 {
				counts[b]++
			} else {
				counts[b]--
			}
		}
		n++
	}
	if n == 0 {
		return 0
	}
	var out uint64
	for b := 0; b < 64; b++ {
		if counts[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

// near reports whether two fingerprints are of the same story.
func near(a, b uint64) bool {
	return a != 0 && b != 0 && bits.OnesCount64(a^b) <= nearBits
}
