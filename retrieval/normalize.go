package retrieval

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeText is s as questions and topics are read: invalid UTF-8,
// control characters other than white space (NUL included) and invisible
// characters (zero-width spaces and joiners, bidi marks, the BOM, soft
// hyphens, variation selectors, Hangul fillers and the other default
// ignorable code points) removed, then in Unicode NFKC form, so that
// "ｈｕａｗｅｉ" is "huawei" and a question of zero-width spaces is empty.
// White space is kept; callers trim it.
func NormalizeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return norm.NFKC.String(s)
}

// invisible reports whether r is a control or format character, or
// another default ignorable code point, that is not white space.
func invisible(r rune) bool {
	if unicode.IsSpace(r) {
		return false
	}
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}
