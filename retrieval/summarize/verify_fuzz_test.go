package summarize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzVerifier feeds arbitrary model output to the verifier: check and
// display never panic, and what either would show pings nobody and cites
// only real sources; neutraliseMentions leaves no mention behind and
// changes nothing on a second pass; rewriteMarkers with no change keeps
// every byte outside the markers.
func FuzzVerifier(f *testing.F) {
	for _, s := range []string{
		"Huawei was blacklisted.[1] It said it would sue. [2]",
		"Huawei was blacklisted [1, 2]. Suppliers feared losses [2-3].",
		"Huawei was blacklisted [Excerpt 1]. It will sue [source 2]. [events 1 and 3]",
		"Huawei was blacklisted [1, 4]. Suppliers feared losses [1-400]. [3–1]",
		"Suppliers put 1200 jobs and $3.5bn at risk in May 2019 [3].",
		"- Huawei was blacklisted [1].\n- It will sue [2].\n1) Three [3].",
		"<think>The user wants [5] facts.</think>Huawei was blacklisted [1].<think>unclosed",
		"华为被列入实体清单[1]。它表示将起诉[2]。",
		"Readers were told to ping @everyone, <@!2019>, <@&17> and <#5> [2]. @here",
		"NOT_COVERED", "NOT_COV", "[[9]1] and [[9]7] and [1[9]]",
		"@@everyone <@<@1>> <<#1>#2> @\u200beveryone",
		"[1", "[1, 2", "", "\xff[1]\xfe.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c := threeSources
		for _, out := range []string{c.display(raw), checked(c, raw)} {
			if loc := mentionRe.FindStringIndex(out); loc != nil {
				t.Fatalf("%q shows the mention %q", out, out[loc[0]:loc[1]])
			}
			if c.citesNoSource(out) {
				t.Fatalf("%q cites a number that is no source", out)
			}
		}
		once := neutraliseMentions(raw)
		if mentionRe.MatchString(once) || neutraliseMentions(once) != once {
			t.Fatalf("neutraliseMentions(%q) = %q", raw, once)
		}
		same := rewriteMarkers(raw, func([]int) string { return "\x00" })
		if want := markerRe.ReplaceAllString(raw, "\x00"); !sameOutsideMarkers(same, want) {
			t.Fatalf("rewriteMarkers(%q) = %q, want the text outside markers kept: %q", raw, same, want)
		}
		if utf8.ValidString(raw) && !utf8.ValidString(c.display(raw)) {
			t.Fatalf("display(%q) is not valid UTF-8", raw)
		}
	})
}

// checked is the text check would show, or "" when it rejects raw.
func checked(c checker, raw string) string {
	v, err := c.check(raw)
	if err != nil {
		return ""
	}
	return v.Text
}

// sameOutsideMarkers compares two texts in which each run of markers
// became NUL bytes, ignoring how many NULs and the spaces around them.
func sameOutsideMarkers(a, b string) bool {
	norm := func(s string) string {
		var parts []string
		for _, p := range strings.Split(s, "\x00") {
			if p = strings.Trim(p, " \t,;"); p != "" {
				parts = append(parts, p)
			}
		}
		return strings.Join(parts, "\x00")
	}
	return norm(a) == norm(b)
}
