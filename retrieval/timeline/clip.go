package timeline

import "strings"

// maxExcerpt is the longest citation excerpt, in bytes.
const maxExcerpt = 400

// clip returns a window [cs, ce) of text[start:end], at most max bytes
// long, that holds the date expression text[xs:xe] and is cut only at
// spaces, so the excerpt stays verbatim and never splits a word or a UTF-8
// sequence. A sentence that fits is returned whole.
func clip(text string, start, end, xs, xe, max int) (cs, ce int) {
	if end-start <= max {
		return start, end
	}
	cs = start
	if xe > start+max {
		// Start a little before the expression, at the start of a word.
		cs = xs
		if from := xs - max/4; from > start {
			if i := strings.IndexByte(text[from:xs], ' '); i >= 0 {
				cs = from + i + 1
			}
		}
	}
	ce = cs + max
	if ce >= end {
		return cs, end
	}
	if i := strings.LastIndexByte(text[cs:ce+1], ' '); i >= 0 && cs+i >= xe {
		ce = cs + i
	} else {
		ce = xe
	}
	for ce > cs && text[ce-1] == ' ' {
		ce--
	}
	return cs, ce
}
