package retrieval

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// The article retells the question in its first sentences and answers it
// in the fourth, beyond what one excerpt holds: the answer comes as the
// next citation, the sentences right after the first one's excerpt.
func TestTheSentencesAfterTheBestExcerptAreCitedToo(t *testing.T) {
	files := map[string]string{
		"webb.md": "---\ntitle: Telescope images released\npublished: 2022-07-12\n---\n" +
			"The space agency released astonishing new images from its giant space telescope this week, the first of its science mission. " +
			"The space agency said the telescope images were the deepest and sharpest ever taken of the early universe, and scientists called them astonishing. " +
			"The release of the images was watched live by millions of people around the world at a ceremony in Washington. " +
			"Thousands of distant galaxies fill the frames, some formed soon after the Big Bang. " +
			"More images will follow next month.\n",
	}
	for i, topic := range []string{"harbour plan", "school budget", "river flood", "museum opening", "bridge repairs"} {
		files[fmt.Sprintf("filler%d.md", i)] = fmt.Sprintf("---\ntitle: The %s\npublished: 2022-07-0%d\n---\nThe council discussed the %s this week at length.\n", topic, i+1, topic)
	}
	e := openSeeds(t, Options{Corpus: corpusDir(t, files)})
	ans, err := e.Ask(context.Background(), "The space agency released astonishing images from its telescope this week. What did the images show?", AskOptions{})
	if err != nil || !ans.Found || len(ans.Citations) < 2 {
		t.Fatalf("%+v, %v", ans, err)
	}
	first, next := ans.Citations[0], ans.Citations[1]
	if strings.Contains(first.Excerpt, "distant galaxies") {
		t.Fatalf("the first excerpt already answers; the test needs a longer retelling: %q", first.Excerpt)
	}
	if next.ArticleID != first.ArticleID || next.Start < first.End || !strings.Contains(next.Excerpt, "distant galaxies") {
		t.Errorf("second citation %q (at %d) does not continue the first (ending at %d) with the answer", next.Excerpt, next.Start, first.End)
	}
}
