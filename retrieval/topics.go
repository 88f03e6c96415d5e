package retrieval

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"weak"

	"github.com/kljensen/snowball/english"

	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// Topic suggestions.
const (
	// MaxTopicNameLen is the longest suggested topic, in characters; it is
	// also Discord's limit on an autocomplete choice.
	MaxTopicNameLen = 100
	// maxNameWords bounds a name, in words.
	maxNameWords = 6
	// maxTopics is how many of a corpus's names are kept for suggestions,
	// the most frequent.
	maxTopics = 5000
	// pruneArticles is the corpus size from which names mentioned by one
	// article only are not suggested.
	pruneArticles = 20
)

// Topics suggests timeline topics that match what a user has typed so far:
// the names that the most articles of the corpus mention, capitalised
// words and runs of them such as "Huawei", "Meng Wanzhou" or "Department
// of Commerce", most articles first. prefix matches case-insensitively at
// the start of a name or of any of its words ("wanz" finds "Meng
// Wanzhou"); names it starts come before names with a word it starts. An
// empty prefix gives the most frequent names. At most limit names are
// returned; limit <= 0 means all that match.
//
// The names are worked out once per index, on first use (Reindex gives a
// new index and so new names), and matching is a scan of at most a few
// thousand short strings, so a call costs well under a millisecond after
// the first. It is safe for concurrent use.
func (e *Engine) Topics(prefix string, limit int) []string {
	if len(prefix) > 4*MaxTopicNameLen {
		return nil // no name is that long; do not even read it
	}
	return topicsOf(e.live.Load()).match(prefix, limit)
}

// topicCache holds the names of each index in use, keyed weakly by the
// index so that a swapped-out index, and its entry, can be collected.
// (The entry holds only strings, never the index.)
var topicCache sync.Map // weak.Pointer[index.Index] -> *topicEntry

// topicEntry computes one index's names once.
type topicEntry struct {
	once sync.Once
	list *topicList
}

// topicBuilds counts name computations, for tests.
var topicBuilds atomic.Int64

// topicsOf returns the names of ix, working them out on first use.
// Concurrent first callers wait for one computation.
func topicsOf(ix *index.Index) *topicList {
	key := weak.Make(ix)
	v, ok := topicCache.Load(key)
	if !ok {
		var loaded bool
		if v, loaded = topicCache.LoadOrStore(key, &topicEntry{}); !loaded {
			runtime.AddCleanup(ix, func(k weak.Pointer[index.Index]) { topicCache.Delete(k) }, key)
		}
	}
	entry := v.(*topicEntry)
	entry.once.Do(func() {
		topicBuilds.Add(1)
		entry.list = buildTopics(ix)
	})
	return entry.list
}

// topicList is a corpus's names, most frequent first, with their
// matchKey forms.
type topicList struct {
	names []string
	lower []string
}

// match returns up to limit names (all when limit <= 0) that prefix
// starts, then those with a word it starts, each group most frequent first.
func (l *topicList) match(prefix string, limit int) []string {
	p := matchKey(strings.Join(strings.Fields(prefix), " "))
	if limit <= 0 || limit > len(l.names) {
		limit = len(l.names)
	}
	out := make([]string, 0, min(limit, 25))
	if p == "" {
		return append(out, l.names[:limit]...)
	}
	var inner []string // names with a word p starts, in rank order
	space, hyphen := " "+p, "-"+p
	for i, low := range l.lower {
		if len(out) == limit {
			return out
		}
		switch {
		case strings.HasPrefix(low, p):
			out = append(out, l.names[i])
		case len(inner) < limit && (strings.Contains(low, space) || strings.Contains(low, hyphen)):
			inner = append(inner, l.names[i])
		}
	}
	return append(out, inner[:min(len(inner), limit-len(out))]...)
}

// nameKey is the form of a name that its spellings share: without dots
// ("U.S.", "U.S" and "US" are one name), lower case unless it is written
// in capitals, which keeps acronyms apart from words ("US" from "Us").
func nameKey(form string) string {
	key := strings.ReplaceAll(form, ".", "")
	if allCaps(form) {
		return "\x00" + key
	}
	return strings.ToLower(key)
}

// matchKey is the form of a name or a typed prefix that matching compares:
// lower case, without dots.
func matchKey(s string) string { return strings.ToLower(strings.ReplaceAll(s, ".", "")) }

// allCaps reports whether s has letters and no lower-case one.
func allCaps(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

// nameCount is what is known of one name, keyed by nameKey.
type nameCount struct {
	articles int // articles that mention it
	mentions int
	inside   int // mentions that do not open a clause
	lower    int // the name's one word written in lower case
	words    int
	last     int // the article that last mentioned it, plus one
	// form is the spelling most mentions use (a majority vote: form and
	// its lead over the other spellings).
	form string
	lead int
}

// nameCounter counts the names of a corpus, article by article.
type nameCounter struct {
	counts  map[string]*nameCount
	article int    // the article being read, plus one
	words   []word // the sentence being read
}

// buildTopics counts the names of every article of ix, in its title and
// in each sentence of its text, and ranks them. A name must be seen once
// at least other than opening a clause ("Engineers said" proves nothing),
// and a one-word name more often so than in lower case ("However" and
// "Officials" open many sentences, and "however" and "officials" fill the
// rest). In a corpus of pruneArticles or more, a name needs two articles.
func buildTopics(ix *index.Index) *topicList {
	// The sentences of each article, once each (passages may share one).
	sents := make([][]textseg.Span, len(ix.Articles))
	lastEnd := make([]int, len(ix.Articles))
	for _, p := range ix.Passages {
		for _, s := range p.Sentences {
			if len(sents[p.Article]) > 0 && s.Start < lastEnd[p.Article] {
				continue
			}
			sents[p.Article] = append(sents[p.Article], s)
			lastEnd[p.Article] = s.End
		}
	}
	nc := &nameCounter{counts: map[string]*nameCount{}}
	for ai, a := range ix.Articles {
		nc.article = ai + 1
		nc.sentence(a.Title)
		for _, s := range sents[ai] {
			nc.sentence(a.Text[s.Start:s.End])
		}
	}
	nc.mergeAcronyms()
	need := 1
	if len(ix.Articles) >= pruneArticles {
		need = 2
	}
	keep := make([]*nameCount, 0, len(nc.counts)/4)
	for _, c := range nc.counts {
		if c.articles >= need && (c.words > 1 || (c.inside > 0 && c.inside > c.lower)) {
			keep = append(keep, c)
		}
	}
	slices.SortFunc(keep, func(a, b *nameCount) int {
		if a.articles != b.articles {
			return b.articles - a.articles
		}
		if a.mentions != b.mentions {
			return b.mentions - a.mentions
		}
		return strings.Compare(a.form, b.form)
	})
	keep = keep[:min(len(keep), maxTopics)]
	l := &topicList{names: make([]string, len(keep)), lower: make([]string, len(keep))}
	for i, c := range keep {
		l.names[i], l.lower[i] = c.form, matchKey(c.form)
	}
	return l
}

// mergeAcronyms makes one name of an acronym and its spelling as a word
// ("COVID" and "Covid"), under the spelling more mentions use. The
// articles that mention either are at least as many as mention the more
// mentioned one.
func (nc *nameCounter) mergeAcronyms() {
	for key, a := range nc.counts {
		if !strings.HasPrefix(key, "\x00") {
			continue
		}
		twin := strings.ToLower(key[1:])
		w, ok := nc.counts[twin]
		if !ok {
			continue
		}
		keep, drop, dropKey := w, a, key
		if a.mentions > w.mentions {
			keep, drop, dropKey = a, w, twin
		}
		keep.articles = max(keep.articles, drop.articles)
		keep.mentions += drop.mentions
		keep.inside += drop.inside
		keep.lower = max(keep.lower, drop.lower)
		delete(nc.counts, dropKey)
	}
}

// seen counts one mention of a name of words words; first reports that it
// opens a clause.
func (nc *nameCounter) seen(form string, first bool, words int) {
	key := nameKey(form)
	c := nc.counts[key]
	if c == nil {
		c = &nameCount{words: words}
		nc.counts[key] = c
	}
	if c.last != nc.article {
		c.last = nc.article
		c.articles++
	}
	c.mentions++
	if !first {
		c.inside++
	}
	switch {
	case c.form == form:
		c.lead++
	case c.lead == 0:
		c.form, c.lead = form, 1
	default:
		c.lead--
	}
}

// maxHeadline is the longest sentence, in bytes, checked for title case.
const maxHeadline = 300

// titleCased reports whether words are set in title case, as in "Huawei
// Chairman Willing To Sign A 'No-Spy' Deal With The United States": then
// capitals say nothing about names. That is: a capitalised stop word that
// opens no clause and at most one lower-case word besides stop words, or
// four words and more and none in lower case but stop words.
func titleCased(words []word) bool {
	lower, n, capStops := 0, 0, 0
	for i, w := range words {
		switch {
		case !w.capital:
			if english.IsStopWord(w.text) {
				continue
			}
			if lower++; lower > 1 {
				return false // the usual sentence, told at its second such word
			}
		case english.IsStopWord(strings.ToLower(w.text)):
			if i > 0 && !w.opens {
				capStops++
			}
			continue
		}
		n++
	}
	return (capStops > 0 && n >= 2) || (lower == 0 && n >= 4)
}

// word is one word of a sentence as a nameCounter reads it.
type word struct {
	text    string
	capital bool   // starts with an upper-case letter
	joined  bool   // only spaces or tabs separate it from the word before
	opens   bool   // it opens a clause: first, or after a quote, colon, dash or bracket
	ends    bool   // a name cannot go on past it (a possessive, "Huawei's")
	low     string // text in lower case, once it is in a run
}

// abbreviations take their dot into a name: "St. Louis".
var abbreviations = map[string]bool{"St": true, "Mt": true, "Ft": true}

// appendWords appends the words of s to words: a letter followed by
// letters, digits and marks, with inner apostrophes, hyphens and dots kept
// ("O'Brien", "T-Mobile", "U.S." with its final dot). A possessive 's is
// cut off and ends the name. Digits and other characters separate words.
func appendWords(words []word, s string) []word {
	gapOK := true // the text since the last word is spaces or tabs only
	opens := true // the text since the last word opens a clause
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			if r != ' ' && r != '\t' {
				gapOK = false
			}
			opens = opens || strings.ContainsRune(clauseOpeners, r)
			i += n
			continue
		}
		start, dotted := i, false
		i += n
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
				i += n
				continue
			}
			if r == '\'' || r == '’' || r == '-' || r == '.' {
				if next, _ := utf8.DecodeRuneInString(s[i+n:]); unicode.IsLetter(next) {
					dotted = dotted || r == '.'
					i += n
					continue
				}
				if r == '.' && (dotted || abbreviations[s[start:i]]) {
					i += n // the last dot of U.S., the dot of St.
				}
			}
			break
		}
		w := word{text: s[start:i], joined: gapOK, opens: opens}
		first, _ := utf8.DecodeRuneInString(w.text)
		w.capital = unicode.IsUpper(first) || unicode.IsTitle(first)
		for _, poss := range []string{"'s", "’s", "'S", "’S"} {
			if strings.HasSuffix(w.text, poss) && len(w.text) > len(poss) {
				w.text, w.ends = w.text[:len(w.text)-len(poss)], true
			}
		}
		words = append(words, w)
		gapOK, opens = !w.ends, false
	}
	return words
}

// clauseOpeners are the characters after which a capital may only start a
// clause, not a name: quotes, colons, dashes and brackets.
const clauseOpeners = "\"“‘«:;—–([{"

// roles are titles and offices written before a name; they split a run
// ("Huawei CEO Ren Zhengfei" names Huawei and Ren Zhengfei) and are no
// names themselves.
var roles = map[string]bool{
	"president": true, "vice": true, "chairman": true, "chairwoman": true, "chair": true, "ceo": true, "cfo": true, "coo": true, "cto": true,
	"founder": true, "chief": true, "executive": true, "financial": true, "officer": true, "secretary": true, "minister": true, "prime": true,
	"senator": true, "sen": true, "rep": true, "representative": true, "gov": true, "governor": true, "mayor": true, "judge": true, "justice": true,
	"gen": true, "general": true, "lt": true, "col": true, "colonel": true, "capt": true, "captain": true, "king": true, "queen": true,
	"prince": true, "princess": true, "pope": true, "director": true, "commissioner": true, "spokesman": true, "spokeswoman": true,
	"spokesperson": true, "professor": true, "deputy": true, "ambassador": true, "chancellor": true, "premier": true, "host": true, "byline": true,
}

// nameConnectors may join the capitalised words of one name: "Bank of
// England", "Charles de Gaulle".
var nameConnectors = map[string]bool{"of": true, "for": true, "de": true, "du": true, "da": true, "del": true, "la": true, "van": true, "von": true, "der": true, "al": true, "bin": true}

// notNames are capitalised words that start no name and are dropped from
// either end of one: calendar words, forms of address and I with a verb.
var notNames = map[string]bool{
	"i'm": true, "i’m": true, "i've": true, "i’ve": true, "i'll": true, "i’ll": true, "i'd": true, "i’d": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sir": true, "madam": true,
}

// sentence counts the names in one sentence: runs of capitalised words
// written one after the other (connectors such as "of" allowed between
// them), less stop words, calendar words and titles at either end; a
// capitalised stop word inside a run ends a name and starts the next. It
// also counts the lower-case words that are one-word names elsewhere. A
// headline that capitalises every word has no names to tell.
func (nc *nameCounter) sentence(s string) {
	nc.words = appendWords(nc.words[:0], s)
	if len(s) <= maxHeadline && titleCased(nc.words) {
		return
	}
	run := make([]word, 0, 8)
	for _, w := range nc.words {
		if len(run) > 0 && (!w.joined || (!w.capital && !nameConnectors[w.text])) {
			nc.emit(run)
			run = run[:0]
		}
		if !w.capital {
			switch {
			case len(run) > 0 && nameConnectors[w.text]:
				w.low = w.text
				run = append(run, w)
			case english.IsStopWord(w.text):
			default:
				if c := nc.counts[w.text]; c != nil && c.words == 1 {
					c.lower++
				}
			}
			continue
		}
		w.low = strings.ToLower(w.text)
		run = append(run, w)
		if w.ends {
			nc.emit(run)
			run = run[:0]
		}
	}
	nc.emit(run)
}

// emit splits a run of capitalised words at its stop words and titles and
// counts the names in it.
func (nc *nameCounter) emit(run []word) {
	if len(run) == 0 || shouted(run) {
		return
	}
	runFirst := run[0].opens
	for len(run) > 0 {
		// Skip to the first word that can start a name, past any title
		// ("Secretary of State Mike Pompeo").
		i := 0
		for i < len(run) && !canStart(run[i]) {
			if roles[run[i].low] && i+2 < len(run) && nameConnectors[run[i+1].low] {
				i += 2
			}
			i++
		}
		if i > 0 {
			runFirst = false
		}
		run = run[i:]
		if len(run) == 0 {
			return
		}
		// The name runs to the next capitalised stop word or title, or
		// the run's end.
		j := 1
		for j < len(run) && (nameConnectors[run[j].low] || canEnd(run[j])) {
			j++
		}
		name := run[:j]
		for len(name) > 0 && !canEnd(name[len(name)-1]) {
			name = name[:len(name)-1]
		}
		if k := len(name); k > 0 && k <= maxNameWords {
			form := name[0].text
			if k > 1 {
				parts := make([]string, k)
				for x, w := range name {
					parts[x] = w.text
				}
				form = strings.Join(parts, " ")
			}
			if n := utf8.RuneCountInString(form); n >= 2 && n <= MaxTopicNameLen {
				nc.seen(form, runFirst, k)
			}
		}
		run, runFirst = run[j:], false
	}
}

// canStart reports whether a word of a run can start a name.
func canStart(w word) bool { return canEnd(w) && utf8.RuneCountInString(w.text) > 1 }

// canEnd reports whether a word of a run can end a name. An acronym may
// be spelt like a stop word: "US", "WHO".
func canEnd(w word) bool {
	acronym := len(w.text) > 1 && allCaps(w.text)
	return (acronym || !english.IsStopWord(w.low)) && !notNames[w.low] && !nameConnectors[w.low] && !roles[w.low]
}

// shouted reports whether a run is set in capitals as a whole, as speaker
// labels of transcripts are ("AUDIE CORNISH, HOST:"): several words, or
// one too long for an acronym.
func shouted(run []word) bool {
	for _, w := range run {
		if !allCaps(w.text) {
			return false
		}
	}
	return len(run) > 1 || (len(run) == 1 && utf8.RuneCountInString(run[0].text) > 5)
}
