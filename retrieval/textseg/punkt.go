package textseg

import (
	"regexp"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/data"
	englishsent "github.com/neurosnap/sentences/english"
)

// newPunkt builds the English Punkt tokenizer as
// englishsent.NewSentenceTokenizer does, with one repair. Since
// neurosnap/sentences v1.1.2 every token of digits and a period ("1998.",
// "79.") counts as a list number, after which a sentence never ends, so
// "It opened in 1998. The company grew." stayed one sentence. Here only
// such a token at the start of what is tokenized is a list number:
// blockSentences hands Punkt each numbered list item ("1. Open the box")
// on its own. Elsewhere Punkt's own number heuristic decides.
func newPunkt() (*sentences.DefaultSentenceTokenizer, error) {
	b, err := data.Asset("data/english.json")
	if err != nil {
		return nil, err
	}
	training, err := sentences.LoadTraining(b)
	if err != nil {
		return nil, err
	}
	for _, abbr := range []string{"sgt", "gov", "no"} { // as the english package adds
		training.AbbrevTypes.Add(abbr)
	}
	lang := sentences.NewPunctStrings()
	word := englishsent.NewWordTokenizer(lang)
	annotations := sentences.NewAnnotations(training, lang, word)
	ortho := &sentences.OrthoContext{Storage: training, PunctStrings: lang, TokenType: word, TokenFirst: word}
	annotations = append(annotations, &englishsent.MultiPunctWordAnnotation{
		Storage:      training,
		TokenParser:  lineStartLists{word},
		TokenGrouper: &sentences.DefaultTokenGrouper{},
		Ortho:        ortho,
	})
	return &sentences.DefaultSentenceTokenizer{
		Storage:       training,
		PunctStrings:  lang,
		WordTokenizer: word,
		Annotations:   annotations,
	}, nil
}

// lineStartLists is the English word tokenizer with list numbers only at
// the start of the text.
type lineStartLists struct{ *englishsent.WordTokenizer }

var listNumber = regexp.MustCompile(`^\d+[.)]\)?$`)

// IsListNumber reports whether t is a list marker such as "1." or "2)".
func (l lineStartLists) IsListNumber(t *sentences.Token) bool {
	return t.Position == len(t.Tok) && listNumber.MatchString(t.Tok) // Position is where the token ends
}
