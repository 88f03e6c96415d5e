package embed

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// vocab maps a lower-case word to its row in the GloVe table.
type vocab map[string]int32

// appendWordIDs appends to ids the table rows of the words of text, in
// order, and returns the extended slice. Words not in the table are skipped.
//
// Tokenization follows GloVe's (Stanford PTB-style, lower-cased) closely
// enough for lookup: words are runs of letters and digits, folded to
// lower-case ASCII (accents dropped). A hyphenated compound
// ("well-known", "f-16") is looked up whole first; when the table lacks
// it, it is split into the longest known runs of parts from the left. Apostrophes (' and ’) end a word: clitics
// 's, 'll, 're, 've, 'd and 'm are dropped (the table has none of them and
// they carry little meaning), n't becomes "not" after its stem
// ("don't" → do not, "can't" → can not, "won't" → will not), and other
// apostrophe forms ("o'neill") give their parts.
func (v vocab) appendWordIDs(ids []int32, text string, buf []byte) ([]int32, []byte) {
	var parts [16]int // end offsets in buf of the hyphen-separated parts
	nparts := 0
	buf = buf[:0]
	flush := func() {
		// Greedy longest match over the hyphen-separated parts: the whole
		// compound if the table has it, else the longest known run from
		// the left ("semi-final-round" → semi-final, round).
		start := 0
		for s := 0; s < nparts; {
			e := nparts - 1
			for ; e > s; e-- {
				if id, ok := v[string(buf[start:parts[e]])]; ok {
					ids = append(ids, id)
					break
				}
			}
			if e == s {
				if id, ok := v[string(buf[start:parts[s]])]; ok {
					ids = append(ids, id)
				}
			}
			start = parts[e] + 1
			s = e + 1
		}
		buf, nparts = buf[:0], 0
	}
	endPart := func() {
		if nparts == len(parts) {
			// Too many parts to be a compound: emit what we have.
			flush()
			return
		}
		parts[nparts] = len(buf)
		nparts++
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				buf = append(buf, c)
				i++
				continue
			case c >= 'A' && c <= 'Z':
				buf = append(buf, c+'a'-'A')
				i++
				continue
			case c == '-' && len(buf) > 0 && buf[len(buf)-1] != '-' && i+1 < len(text) && isWordByte(text[i+1]):
				endPart()
				if len(buf) > 0 {
					buf = append(buf, '-')
				}
				i++
				continue
			case c == '\'':
				i = v.clitic(&ids, text, i+1, &buf, endPart, flush)
				continue
			}
			if len(buf) > 0 {
				endPart()
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '’' || r == '‘':
			i = v.clitic(&ids, text, i+size, &buf, endPart, flush)
			continue
		case r == '\u2010' || r == '\u2011': // Unicode hyphens
			if len(buf) > 0 && buf[len(buf)-1] != '-' && i+size < len(text) && isWordByte(text[i+size]) {
				endPart()
				if len(buf) > 0 {
					buf = append(buf, '-')
				}
				i += size
				continue
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			buf = appendFolded(buf, r)
			i += size
			continue
		case unicode.Is(unicode.Mn, r): // a combining accent: drop it
			i += size
			continue
		}
		if len(buf) > 0 {
			endPart()
			flush()
		}
		i += size
	}
	if len(buf) > 0 {
		endPart()
		flush()
	}
	return ids, buf
}

// clitic handles the text after an apostrophe at position i (just past the
// apostrophe) and returns the position to continue from.
func (v vocab) clitic(ids *[]int32, text string, i int, buf *[]byte, endPart, flush func()) int {
	if len(*buf) == 0 || (*buf)[len(*buf)-1] == '-' {
		return i // an opening quote, not an apostrophe
	}
	j := i
	for j < len(text) && j-i < 3 && isASCIILetter(text[j]) {
		j++
	}
	if j < len(text) && isWordByte(text[j]) {
		// A longer word follows ("o'neill"): end this word, continue.
		endPart()
		flush()
		return i
	}
	suffix := lowerASCII(text[i:j])
	switch suffix {
	case "s", "ll", "re", "ve", "d", "m", "":
		endPart()
		flush()
		return j
	case "t":
		b := *buf
		if len(b) >= 2 && b[len(b)-1] == 'n' {
			stem := b[:len(b)-1]
			switch string(stem) {
			case "ca":
				stem = append(stem[:0], "can"...)
			case "wo":
				stem = append(stem[:0], "will"...)
			case "sha":
				stem = append(stem[:0], "shall"...)
			}
			*buf = stem
			endPart()
			flush()
			if id, ok := v["not"]; ok {
				*ids = append(*ids, id)
			}
			return j
		}
	}
	endPart()
	flush()
	return i
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isWordByte reports whether c can start a word: an ASCII letter or digit,
// or the first byte of a multi-byte rune (checked properly later).
func isWordByte(c byte) bool {
	return isASCIILetter(c) || (c >= '0' && c <= '9') || c >= utf8.RuneSelf
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for k := range b {
				if b[k] >= 'A' && b[k] <= 'Z' {
					b[k] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// appendFolded appends the lower-case ASCII form of a non-ASCII letter or
// digit: its canonical decomposition without combining marks ("é" → "e"),
// or the lower-cased rune itself when it has no ASCII form (which then
// matches no table word, as GloVe's table here is ASCII-only).
func appendFolded(buf []byte, r rune) []byte {
	switch r {
	case 'ß':
		return append(buf, "ss"...)
	case 'æ', 'Æ':
		return append(buf, "ae"...)
	case 'ø', 'Ø':
		return append(buf, 'o')
	case 'œ', 'Œ':
		return append(buf, "oe"...)
	}
	var tmp [utf8.UTFMax]byte
	k := utf8.EncodeRune(tmp[:], r)
	d := norm.NFD.Append(nil, tmp[:k]...)
	if d[0] < utf8.RuneSelf {
		for _, c := range d {
			if c < utf8.RuneSelf {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
			}
		}
		return buf
	}
	return utf8.AppendRune(buf, unicode.ToLower(r))
}
