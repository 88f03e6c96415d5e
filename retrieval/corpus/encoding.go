package corpus

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// binaryFraction is the share of NUL, control or invalid bytes above
// which a file is taken for binary rather than text; straySlack such
// bytes are forgiven in any file, so a short text with one stray byte is
// still text. See byteCounts.kind.
const (
	binaryFraction = 0.01
	straySlack     = 2
)

// textKind is what a file's bytes were found to be.
type textKind int

const (
	kindUTF8   textKind = iota // UTF-8, perhaps with a few stray bytes
	kindLegacy                 // a legacy 8-bit encoding, read as Windows-1252
	kindBinary                 // not text
)

// byteCounts tallies the bytes of a file that tell text from binary.
type byteCounts struct {
	total   int
	nul     int // NUL bytes
	invalid int // bytes that are no part of valid UTF-8
	multi   int // valid UTF-8 sequences of more than one byte
	control int // control bytes other than whitespace; undefined in Windows-1252
}

// countBytes tallies b. A sequence cut off at the very end, as at the end
// of a file's first block, is not counted as invalid.
func countBytes(b []byte) byteCounts {
	c := byteCounts{total: len(b)}
	for i := 0; i < len(b); {
		ch := b[i]
		if ch < utf8.RuneSelf {
			switch {
			case ch == 0:
				c.nul++
			case ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f' && ch != '\v', ch == 0x7f:
				c.control++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1 && !utf8.FullRune(b[i:]):
			i = len(b) // truncated at the end
			continue
		case r == utf8.RuneError && size == 1:
			c.invalid++
			if undefined1252(ch) {
				c.control++
			}
		default:
			c.multi++
		}
		i += size
	}
	return c
}

// undefined1252 reports whether Windows-1252 leaves the byte undefined.
func undefined1252(b byte) bool {
	return b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d
}

// over reports whether n bytes are more than straySlack and more than
// binaryFraction of the total.
func (c byteCounts) over(n int) bool {
	return n > straySlack && float64(n) > binaryFraction*float64(c.total)
}

// kind decides what the counted bytes are. Bytes that are mostly valid
// UTF-8 are UTF-8, unless too many are NUL, control or invalid bytes; the
// rare invalid byte among them is a stray. Bytes that
// are mostly not UTF-8 but hold no NUL and next to no control bytes are a
// legacy encoding: Windows-1252, which holds Latin-1's printable
// characters and is what HTML reads a Latin-1 label as. The rest is
// binary.
func (c byteCounts) kind() textKind {
	switch {
	case c.invalid <= c.multi:
		if c.over(c.nul + c.invalid + c.control) {
			return kindBinary
		}
		return kindUTF8
	case c.over(c.nul) || c.over(c.control):
		return kindBinary
	}
	return kindLegacy
}

// decodeText turns a whole file's bytes into UTF-8 text, or names the
// problem that makes them no text: "empty" or "binary content". A UTF-8
// or UTF-16 byte-order mark decides the encoding, then, for HTML, the
// charset a <meta> declares, then the bytes themselves (see kind).
// Invalid UTF-8 that remains becomes U+FFFD later, in normalize.
func decodeText(data []byte, isHTML bool) (text, problem string) {
	if len(bytes.TrimSpace(data)) == 0 {
		return "", "empty"
	}
	if e, n := bomEncoding(data); e != nil {
		out, err := e.NewDecoder().Bytes(data[n:])
		if err != nil || countBytes(out).kind() == kindBinary {
			return "", "binary content"
		}
		return emptyOr(string(out))
	}
	c := countBytes(data)
	if isHTML {
		if e := declaredCharset(data); e != nil && !c.over(c.nul) {
			if e == encoding.Nop {
				return emptyOr(string(data))
			}
			if out, err := e.NewDecoder().Bytes(data); err == nil {
				return emptyOr(string(out))
			}
		}
	}
	switch c.kind() {
	case kindBinary:
		return "", "binary content"
	case kindLegacy:
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", "binary content"
		}
		return emptyOr(string(out))
	}
	return emptyOr(string(data))
}

// emptyOr returns text, or the problem "empty" when it is all whitespace
// and NUL bytes.
func emptyOr(text string) (string, string) {
	if strings.TrimSpace(strings.ReplaceAll(text, "\x00", "")) == "" {
		return "", "empty"
	}
	return text, ""
}

// bomEncoding returns the encoding a byte-order mark at the start of b
// names, with the mark's length, or nil.
func bomEncoding(b []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return encoding.Nop, 3
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

// declaredCharset returns the encoding that a <meta charset> or a
// <meta http-equiv="Content-Type"> in the first 1024 bytes of an HTML
// page declares, or nil when there is none or it names no encoding
// known. As in browsers, a declared UTF-16 is read as UTF-8, since bytes
// without a byte-order mark cannot be UTF-16; encoding.Nop stands for
// UTF-8.
func declaredCharset(page []byte) encoding.Encoding {
	z := html.NewTokenizer(bytes.NewReader(page[:min(len(page), 1024)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" {
				continue
			}
			var label, httpEquiv, content string
			for hasAttr {
				var key, val []byte
				key, val, hasAttr = z.TagAttr()
				switch string(key) {
				case "charset":
					label = string(val)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(val))
				case "content":
					content = string(val)
				}
			}
			if label == "" && httpEquiv == "content-type" {
				label = charsetParam(content)
			}
			if label == "" {
				continue
			}
			e, canonical := charset.Lookup(label)
			switch {
			case e == nil:
				return nil
			case canonical == "utf-8" || strings.HasPrefix(canonical, "utf-16"):
				return encoding.Nop
			}
			return e
		}
	}
}

// charsetParam returns the value of the charset parameter in a
// Content-Type such as "text/html; charset=iso-8859-1", or "".
func charsetParam(contentType string) string {
	i := strings.Index(strings.ToLower(contentType), "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(contentType[i+len("charset"):], " \t")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.Trim(strings.TrimLeft(rest[1:], " \t"), `"'`)
	if end := strings.IndexAny(rest, "; \t\"'"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// streamEncoding decides the encoding of a streamed file, such as a JSON
// Lines corpus, from its first block: skip is the length of a byte-order
// mark to drop, and dec is nil for UTF-8 or the decoder to read the
// stream through. problem is "empty" or "binary content" for a file that
// is no text.
func streamEncoding(head []byte) (skip int, dec *encoding.Decoder, problem string) {
	if len(bytes.TrimSpace(head)) == 0 {
		return 0, nil, "empty"
	}
	if e, n := bomEncoding(head); e == encoding.Nop {
		return n, nil, ""
	} else if e != nil {
		return n, e.NewDecoder(), ""
	}
	switch countBytes(head).kind() {
	case kindBinary:
		return 0, nil, "binary content"
	case kindLegacy:
		return 0, charmap.Windows1252.NewDecoder(), ""
	}
	return 0, nil, ""
}
