package textseg

import (
	"strings"
	"testing"
)

func TestSentencesAreVerbatimAndSplitOnBlankLines(t *testing.T) {
	text := "Title line\n\nJun 4, 2019\n\nThe U.S. Commerce Department acted. Huawei said no.  It was Mr. Liang's view.\n"
	got := Sentences(text)
	var texts []string
	for _, s := range got {
		texts = append(texts, text[s.Start:s.End])
	}
	want := []string{"Title line", "Jun 4, 2019", "The U.S. Commerce Department acted.", "Huawei said no.", "It was Mr. Liang's view."}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Fatalf("sentences:\n got %q\nwant %q", texts, want)
	}
}

func TestTermsStemAndDropStopWords(t *testing.T) {
	got := strings.Join(Terms("The companies were signing agreements in Shenzhen"), " ")
	if got != "compani sign agreement shenzhen" {
		t.Fatalf("terms = %q", got)
	}
}
