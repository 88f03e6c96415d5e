package retrieval

import (
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// Respelling. A question word that no article holds and that is no
// English word either (not among GloVe's 100,000) is most likely a typo
// of a word the articles do hold: "Huwaei" for "Huawei", "Wanzou" for
// "Wanzhou". Ask reads it as a word one edit away (a letter dropped,
// added, changed or two swapped) that is common in the articles, at
// least one passage in respellShare, and says so: a typo is of a word
// often written, and a rare name one edit from another ("Kealty",
// "Realty") is no typo of it. The word must be an English word or a
// name that stems to itself ("wanzhou"): a stem alone ("superb" for
// "superbant") is no word. A real word the articles lack ("molybdenum")
// is left as asked, and counts against the answer.
const (
	minRespellLen = 5    // shorter words have too many neighbours to guess
	maxRespellLen = 24   // longer ones are no typo of a word
	maxRespelled  = 3    // distinct words respelled in one question, at most
	maxRespellTry = 6    // unknown words tried in one question, at most: each costs a thousand lookups
	respellShare  = 1000 // a respelling is held by one passage in this many, at least
)

// wordRE matches the words of a question that respell may change.
var wordRE = regexp.MustCompile(`\p{L}+`)

// respell returns question with its typos, as above, replaced by the
// articles' words, and whether it replaced any.
func respell(ix *index.Index, question string) (string, bool) {
	g, err := embed.NewGloVe()
	if err != nil {
		return question, false
	}
	tried := map[string]string{} // lower-case word -> its respelling, "" for none
	fixed := 0
	out := wordRE.ReplaceAllStringFunc(question, func(w string) string {
		low := strings.ToLower(w)
		if fix, done := tried[low]; done {
			if fix == "" {
				return w
			}
			return sameCase(fix, w)
		}
		if len(tried) == maxRespellTry || fixed == maxRespelled || len(w) < minRespellLen || len(w) > maxRespellLen || !isASCIILetters(w) || g.Knows(w) {
			return w
		}
		if ts := textseg.Terms(w); len(ts) != 1 || ix.Seen(ts[0]) {
			return w
		}
		fix, _ := nearestCommon(ix, g, low)
		tried[low] = fix
		if fix == "" {
			return w
		}
		fixed++
		return sameCase(fix, w)
	})
	return out, fixed > 0
}

// nearestCommon returns, of the words one edit away from w that are
// words (known to g, or stemming to themselves) and common in the
// articles (see respellShare), the one the most passages hold, if any.
func nearestCommon(ix *index.Index, g *embed.GloVe, w string) (string, bool) {
	n := float64(len(ix.Passages))
	minDF := max(2, n/respellShare)
	maxIDF := math.Log(1 + (n-minDF+0.5)/(minDF+0.5)) // BM25's IDF of minDF passages
	best, bestIDF := "", 0.0
	for _, c := range oneEditAway(w) {
		term, ok := textseg.TermOf(c)
		if !ok || (term != c && !g.Knows(c)) {
			continue
		}
		idf := ix.IDF(term)
		if idf > maxIDF+1e-4 { // held by fewer than minDF passages; IDFs are stored as float32
			continue
		}
		if best == "" || idf < bestIDF || idf == bestIDF && c < best {
			best, bestIDF = c, idf
		}
	}
	return best, best != ""
}

// oneEditAway returns the lower-case ASCII words one deletion, insertion,
// substitution or swap of adjacent letters away from w.
func oneEditAway(w string) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	var out []string
	for i := 0; i <= len(w); i++ {
		if i < len(w) {
			out = append(out, w[:i]+w[i+1:])
		}
		if i+1 < len(w) {
			out = append(out, w[:i]+w[i+1:i+2]+w[i:i+1]+w[i+2:])
		}
		for _, r := range letters {
			out = append(out, w[:i]+string(r)+w[i:])
			if i < len(w) && w[i] != byte(r) {
				out = append(out, w[:i]+string(r)+w[i+1:])
			}
		}
	}
	return out
}

// isASCIILetters reports whether w holds only the letters a to z, in
// either case.
func isASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// sameCase returns fix, lower-case, in the case of the word it replaces:
// "HUAWEI" for "HUWAEI", "Huawei" for "Huwaei".
func sameCase(fix, asked string) string {
	switch {
	case asked == strings.ToUpper(asked):
		return strings.ToUpper(fix)
	case unicode.IsUpper(rune(asked[0])):
		return strings.ToUpper(fix[:1]) + fix[1:]
	}
	return fix
}

// readAs is the note that opens an answer to a respelled question.
func readAs(question string) string {
	note := "Read as “" + question + "”"
	if last, _ := utf8.DecodeLastRuneInString(question); !strings.ContainsRune(".?!", last) {
		note += "."
	}
	return note
}
