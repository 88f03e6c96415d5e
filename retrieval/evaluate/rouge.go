package evaluate

import (
	"regexp"
	"strings"

	"github.com/kljensen/snowball/english"
)

// rougeWord is a ROUGE token: a run of lower-case letters and digits.
var rougeWord = regexp.MustCompile(`[a-z0-9]+`)

// rougeStop is the stop-word list of the tls-dev scorer (score_tls.py),
// which ROUGE-1.5.5 runs with stop words removed also approximates.
var rougeStop = func() map[string]bool {
	words := `a about above after again against all almost alone along already also although always am among an and
another any anybody anyone anything anywhere are around as at be became because become becomes been
before being below between both but by can cannot could did do does doing done down during each either
else enough etc even ever every few for from further get gets got had has have having he her here hers
herself him himself his how however i if in into is it its itself just least less like made make many
may me might more most mostly much must my myself neither never no nobody none nor not nothing now of
off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps
put rather same say says said see seem seemed seems several shall she should since so some somehow
someone something sometime sometimes somewhere still such than that the their theirs them themselves
then there thereby therefore these they this those though through throughout thus to together too
toward towards under until up upon us very via was we well were what whatever when whenever where
whether which while who whoever whole whom whose why will with within without would yet you your yours
yourself yourselves s t re ve ll d m n't nt`
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}()

// rougeTokens returns the stemmed content tokens of text. The stemmer is
// Snowball's English (Porter2); the Python scorer uses the original
// Porter, which differs on a few suffixes.
func rougeTokens(text string) []string {
	var out []string
	for _, w := range rougeWord.FindAllString(strings.ToLower(text), -1) {
		if !rougeStop[w] {
			out = append(out, english.Stem(w, false))
		}
	}
	return out
}

// ngrams counts the n-grams of toks.
func ngrams(toks []string, n int) map[string]int {
	out := map[string]int{}
	for i := 0; i+n <= len(toks); i++ {
		out[strings.Join(toks[i:i+n], " ")]++
	}
	return out
}

// overlap is the clipped count of n-grams a and b share.
func overlap(a, b map[string]int) int {
	n := 0
	for g, c := range a {
		n += min(c, b[g])
	}
	return n
}

// total is the number of n-grams counted in a.
func total(a map[string]int) int {
	n := 0
	for _, c := range a {
		n += c
	}
	return n
}

// rouge1F is the ROUGE-1 F1 of pred against ref.
func rouge1F(pred, ref []string) float64 {
	pc, rc := ngrams(pred, 1), ngrams(ref, 1)
	m := float64(overlap(pc, rc))
	if m == 0 {
		return 0
	}
	p, r := m/float64(total(pc)), m/float64(total(rc))
	return 2 * p * r / (p + r)
}
