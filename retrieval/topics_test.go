package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
	"weak"
)

func TestTopicsOnTheSeeds(t *testing.T) {
	e := openSeeds(t, Options{})
	all := e.Topics("", 0)
	if len(all) < 20 || all[0] != "Huawei" {
		t.Fatalf("seed topics start %q (%d in all), want Huawei first", all[:min(5, len(all))], len(all))
	}
	for _, want := range []string{"Meng Wanzhou", "Ren Zhengfei", "Liang Hua", "United States", "U.S.", "Shenzhen", "Mike Pompeo", "Tsinghua University"} {
		if !slices.Contains(all, want) {
			t.Errorf("%q is not suggested; have %q", want, all)
		}
	}
	// Titles, calendar words, shouted speaker labels, title-cased headlines
	// and words that only open sentences are no topics.
	for _, bad := range []string{"Huawei CEO", "CEO", "Chairman Liang Hua", "PRESIDENT DONALD TRUMP", "BYLINE", "June", "Tuesday",
		"Huawei Chairman Willing", "Deal", "Last", "Remind", "The", "Copyright"} {
		if slices.Contains(all, bad) {
			t.Errorf("%q is suggested", bad)
		}
	}
	for _, name := range all {
		if n := utf8.RuneCountInString(name); n < 2 || n > MaxTopicNameLen || strings.TrimSpace(name) != name {
			t.Errorf("suggestion %q", name)
		}
	}

	if got := e.Topics("", 3); !slices.Equal(got, all[:3]) {
		t.Errorf("first three = %q, want the three most frequent %q", got, all[:3])
	}
	cases := []struct {
		prefix string
		want   []string // in this order, other names may come between
	}{
		{"meng", []string{"Meng", "Meng Wanzhou"}},
		{"  MENG   wan", []string{"Meng Wanzhou"}},
		{"wanz", []string{"Meng Wanzhou"}}, // the start of a later word
		{"us", []string{"U.S."}},
		{"u.s", []string{"U.S."}},
		{"li", []string{"Liang", "Liang Hua", "David Daokui Li"}}, // names it starts first
		{"zeppelin", nil},
	}
	for _, c := range cases {
		got := e.Topics(c.prefix, 25)
		if len(c.want) == 0 && len(got) != 0 {
			t.Errorf("%q: got %q, want nothing", c.prefix, got)
		}
		at := -1
		for _, w := range c.want {
			i := slices.Index(got, w)
			if i <= at {
				t.Errorf("%q: got %q, want %q in that order", c.prefix, got, c.want)
				break
			}
			at = i
		}
		p := matchKey(strings.Join(strings.Fields(c.prefix), " "))
		for _, name := range got {
			low := matchKey(name)
			if !strings.HasPrefix(low, p) && !strings.Contains(low, " "+p) && !strings.Contains(low, "-"+p) {
				t.Errorf("%q: %q does not match", c.prefix, name)
			}
		}
	}
	if got := e.Topics("h", 2); len(got) != 2 || got[0] != "Huawei" {
		t.Errorf("h, at most 2: %q", got)
	}
	if got := e.Topics(strings.Repeat("huawei ", 100), 25); got != nil {
		t.Errorf("an over-long prefix matched %q", got)
	}
}

// topicsCorpus has names mentioned by many articles once and by one
// article many times, words that only open sentences, and a title-cased
// headline.
func topicsCorpus() map[string]string {
	files := map[string]string{
		"acme.txt": "Acme Rockets Launch A Bigger Booster Than Ever Before\n\n" +
			"Acme Rockets built it. Acme Rockets flew it. Acme Rockets landed it, and Acme Rockets will fly it again.\n\n" +
			"On Tuesday, Acme CEO Jane Smith said that the Bellweather Institute's figures were wrong.\n",
	}
	for i, name := range []string{"one", "two", "three"} {
		files[name+".txt"] = "Report number " + name + "\n\n" +
			"Engineers said the study by the Bellweather Institute was careful. Officials agreed with the officials before them.\n\n" +
			"However, the engineers and officials said the Bellweather Institute had more to do" + strings.Repeat(" and more", i) + ".\n"
	}
	return files
}

func TestTopicsCountArticlesAndSkipWordsThatOnlyOpenSentences(t *testing.T) {
	e := openSeeds(t, Options{Corpus: corpusDir(t, topicsCorpus())})
	all := e.Topics("", 0)
	bell, acme := slices.Index(all, "Bellweather Institute"), slices.Index(all, "Acme Rockets")
	if bell != 0 || acme < 0 {
		t.Fatalf("topics %q: want Bellweather Institute (four articles) first, then Acme Rockets (one article, five mentions)", all)
	}
	for _, want := range []string{"Jane Smith", "Acme"} {
		if !slices.Contains(all, want) {
			t.Errorf("%q missing from %q", want, all)
		}
	}
	for _, bad := range []string{"Engineers", "Officials", "However", "Tuesday", "Acme CEO Jane Smith", "Bigger Booster", "Ever", "Report"} {
		if slices.Contains(all, bad) {
			t.Errorf("%q is suggested: %q", bad, all)
		}
	}
	if got := e.Topics("inst", 25); !slices.Equal(got, []string{"Bellweather Institute"}) {
		t.Errorf("inst: %q", got)
	}
}

func TestTopicsAreWorkedOutOncePerIndex(t *testing.T) {
	dir := corpusDir(t, topicsCorpus())
	e := openSeeds(t, Options{Corpus: dir})
	before := topicBuilds.Load()
	var wg sync.WaitGroup
	results := make([][]string, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = e.Topics("", 0)
		}()
	}
	wg.Wait()
	for i := 1; i < len(results); i++ {
		if !slices.Equal(results[i], results[0]) {
			t.Errorf("concurrent callers got different topics: %q and %q", results[i], results[0])
		}
	}
	for _, p := range []string{"a", "ac", "acm", "acme", "acme r"} {
		e.Topics(p, 25)
	}
	if n := topicBuilds.Load() - before; n != 1 {
		t.Errorf("topics worked out %d times for one index, want once", n)
	}

	// A reindex swaps in a new index, with new names.
	if slices.Contains(results[0], "Zorblax Probe") {
		t.Fatal("Zorblax Probe before it was written")
	}
	text := "Zorblax news\n\nThe Zorblax Probe reached orbit; the Bellweather Institute cheered.\n"
	if err := os.WriteFile(filepath.Join(dir, "zorblax.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	old := weak.Make(e.live.Load())
	if _, err := e.Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := e.Topics("zorb", 25); !slices.Equal(got, []string{"Zorblax Probe"}) {
		t.Errorf("after reindex, zorb: %q", got)
	}
	if n := topicBuilds.Load() - before; n != 2 {
		t.Errorf("topics worked out %d times for two indexes, want twice", n)
	}
	// The cache does not keep the swapped-out index, nor its entry, alive.
	// Polled, not waited for: the bound only fails a test that is stuck.
	deadline := time.Now().Add(time.Minute)
	for {
		runtime.GC()
		if _, cached := topicCache.Load(old); !cached && old.Value() == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the old index's topics are still cached a minute after the reindex")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTitleCasedHeadlinesOnly(t *testing.T) {
	for s, want := range map[string]bool{
		"Huawei Chairman Willing To Sign A 'No-Spy' Deal With The United States | KGOU": true,
		"Acme Rockets Launch Bigger Booster":                                            true,
		"Huawei CEO 'would welcome' phone call from Biden":                              false,
		"The offer is similar to proposals the Chinese tech giant has made.":            false,
		// Dense with names, but prose: its names count.
		"On that day the Zorblax Outpost Xaa and the Zorblax Outpost Xab reported to the Grand Lunar Observatory in orbit.": false,
		"Meng Wanzhou": false,
	} {
		if got := titleCased(appendWords(nil, s)); got != want {
			t.Errorf("titleCased(%q) = %v, want %v", s, got, want)
		}
	}
}
