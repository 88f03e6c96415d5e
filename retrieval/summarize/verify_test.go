package summarize

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// threeSources is a checker over sources 1 to 3.
var threeSources = newChecker("What happened to Huawei in 2019?", map[int]string{
	1: "U.S. blacklists Huawei\n2019-05-16\nThe Commerce Department added Huawei to its Entity List.",
	2: "Huawei vows to fight\n2019-05-17\nHuawei said it would sue.",
	3: "Suppliers\n2019-05-20\nSuppliers said 1,200 jobs and $3.5 billion in sales were at risk.",
})

func TestCheckRewritesMarkersAndSentences(t *testing.T) {
	cases := []struct {
		name, raw, want string
		dropped         int
	}{
		{"marker after the full stop", "Huawei was blacklisted.[1] It said it would sue. [2]", "Huawei was blacklisted [1]. It said it would sue [2].", 0},
		{"list and range markers", "Huawei was blacklisted [1, 2]. Suppliers feared losses [2-3].", "Huawei was blacklisted [1][2]. Suppliers feared losses [2][3].", 0},
		{"spelled-out markers", "Huawei was blacklisted [Excerpt 1]. It will sue [source 2].", "Huawei was blacklisted [1]. It will sue [2].", 0},
		{"duplicate markers", "Huawei was blacklisted [1][1].", "Huawei was blacklisted [1].", 0},
		{"mid-sentence marker supports it", "Huawei [1] said it would sue [2].", "Huawei [1] said it would sue [2].", 0},
		{"abbreviations stay in one sentence", "The U.S. Commerce Department blacklisted Huawei [1].", "The U.S. Commerce Department blacklisted Huawei [1].", 0},
		{"invalid number in a list", "Huawei was blacklisted [1, 4].", "Huawei was blacklisted [1].", 1},
		{"huge range", "Huawei was blacklisted [1]. Suppliers feared losses [1-400].", "Huawei was blacklisted [1].", 2},
		{"number found in a cited source", "Suppliers put 1200 jobs and $3.5bn at risk in May 2019 [3].", "Suppliers put 1200 jobs and $3.5bn at risk in May 2019 [3].", 0},
		{"number only in an uncited source", "Huawei was blacklisted [1]. It was blacklisted over 1,200 jobs [1]. It will sue [2].", "Huawei was blacklisted [1]. It will sue [2].", 1},
		{"date written out", "On May 16, 2019 Huawei was blacklisted [1].", "On May 16, 2019 Huawei was blacklisted [1].", 0},
		{"bullets and lines", "- Huawei was blacklisted [1].\n- It will sue [2].", "Huawei was blacklisted [1].\nIt will sue [2].", 0},
		{"reasoning block", "<think>The user wants [5] facts.</think>Huawei was blacklisted [1].", "Huawei was blacklisted [1].", 0},
		{"Chinese", "华为被列入实体清单[1]。它表示将起诉[2]。", "华为被列入实体清单[1]。它表示将起诉[2]。", 0},
		{"mentions", "Readers were told to ping @everyone, <@!2019>, <@&17> and <#5> [2].", "Readers were told to ping @\u200beveryone, <@\u200b!2019>, <@\u200b&17> and <#\u200b5> [2].", 0},
		{"mention ids are numbers to check", "Huawei was blacklisted [1]. Tell <@123456> [2].", "Huawei was blacklisted [1].", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := threeSources.check(tc.raw)
			if err != nil {
				t.Fatalf("check: %v", err)
			}
			if v.Text != tc.want || v.Dropped() != tc.dropped {
				t.Fatalf("dropped=%d (want %d)\n got %q\nwant %q", v.Dropped(), tc.dropped, v.Text, tc.want)
			}
		})
	}
}

func TestCheckRejects(t *testing.T) {
	cases := []struct {
		name, raw string
		kind      error
	}{
		{"empty", "   ", ErrUnverified},
		{"no markers", "Huawei was blacklisted. It will sue.", ErrUnverified},
		{"unclosed reasoning", "<think>Let me think about [1]", ErrUnverified},
		{"half plus one unsupported", "Huawei was blacklisted [1]. It is big. It is Chinese.", ErrUnverified},
		{"not covered", "NOT_COVERED", ErrNotCovered},
		{"not covered lower case", "not_covered", ErrNotCovered},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := threeSources.check(tc.raw); !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
		})
	}
	// Exactly half removed is still kept.
	if v, err := threeSources.check("Huawei was blacklisted [1]. It is big."); err != nil || v.Text != "Huawei was blacklisted [1]." {
		t.Fatalf("half removed: %q, %v", v.Text, err)
	}
}

func TestDisplayHidesWhatTheFinalCheckWouldRemove(t *testing.T) {
	cases := map[string]string{
		"Huawei was blacklisted [1":                            "",
		"Huawei was blacklisted [1]. It will":                  "Huawei was blacklisted [1].",
		"Huawei was blacklisted [1]":                           "", // [2] may follow
		"Huawei was blacklisted [7] and @everyone. Then":       "",
		"Huawei was blacklisted [1][7] and @everyone. Then":    "Huawei was blacklisted [1] and @\u200beveryone.",
		"Huawei is big. It was blacklisted [1]. More":          "It was blacklisted [1].",
		"Suppliers lost 9,000 jobs [3]. Huawei sued [2]. Then": "Huawei sued [2].",
		"Huawei was blacklisted. [1] It sued":                  "Huawei was blacklisted [1].",
		"Huawei was blacklisted [1].\nIt sued [2].\n":          "Huawei was blacklisted [1].\nIt sued [2].",
		"Huawei was blacklisted [1].\nIt sued [2].":            "Huawei was blacklisted [1].",
		"NOT_COV": "",
		"Huawei was blacklisted [1]. NOT_COVERED":                 "",
		"<think>Huawei was blacklisted [1]. It sued [2]. hmm":     "",
		"<think>x</think>Huawei was blacklisted [1]. It sued [2]": "Huawei was blacklisted [1].",
	}
	for raw, want := range cases {
		if got := threeSources.display(raw); got != want {
			t.Errorf("display(%q) = %q, want %q", raw, got, want)
		}
	}
}

// However the reply is cut while it streams, the live text holds only
// sentences the final check keeps: it is a prefix of the checked text,
// never with an unsupported sentence.
func TestDisplayOnlyShowsVerifiedSentences(t *testing.T) {
	raw := "The U.S. Commerce Department added Huawei to its Entity List [1]. Huawei is the world's best company. " +
		"It said it would sue [2]. Suppliers feared 9,000 job losses [3].\n" +
		"Suppliers said 1,200 jobs were at risk [3]. Huawei said it would sue, i.e. go to court [2]. Nobody knows why"
	v, err := threeSources.check(raw)
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for i := range len(raw) + 1 {
		if !utf8.ValidString(raw[:i]) {
			continue
		}
		live := threeSources.display(raw[:i])
		if !strings.HasPrefix(v.Text, live) {
			t.Fatalf("display of the first %d bytes = %q, not a prefix of the checked text %q", i, live, v.Text)
		}
		if strings.Contains(live, "best company") || strings.Contains(live, "9,000") || strings.Contains(live, "Nobody") {
			t.Fatalf("display of the first %d bytes shows an unverified sentence: %q", i, live)
		}
		if live != "" {
			shown++
		}
	}
	if shown == 0 {
		t.Fatal("nothing was ever shown")
	}
}

func TestThrottleDropsUpdatesWithinTheInterval(t *testing.T) {
	var got []string
	f := Throttle(time.Hour, func(s string) { got = append(got, s) })
	for _, s := range []string{"a", "ab", "abc"} {
		f(s)
	}
	if len(got) != 1 || got[0] != "a" {
		t.Fatalf("got %q, want only the first update", got)
	}
	got = nil
	g := Throttle(0, func(s string) { got = append(got, s) })
	g("a")
	g("ab")
	if len(got) != 2 {
		t.Fatalf("interval 0 passed %d of 2 updates", len(got))
	}
}

// Dropping an invalid marker can join the text around it into another
// marker; that one is checked too, and an invalid one never shows.
func TestDroppedMarkersDoNotFormNewOnes(t *testing.T) {
	raw := "Huawei was blacklisted [[9]7]. It will sue [[9]2]."
	v, err := threeSources.check(raw)
	if err != nil || v.Text != "It will sue [2]." {
		t.Errorf("check = %q, %v; want only the sentence whose joined marker is valid", v.Text, err)
	}
	// While streaming, only sentences that pass the check show (the last
	// one is held back: it may still grow).
	if got := threeSources.display(raw + " More"); got != "It will sue [2]." {
		t.Errorf("display = %q", got)
	}
}
