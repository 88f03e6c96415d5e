package corpus

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/seeds"
)

func TestLoadSeeds(t *testing.T) {
	res, err := LoadSeeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 2 || len(res.Skipped) != 0 {
		t.Fatalf("got %d articles, skipped %v", len(res.Articles), res.Skipped)
	}
	byID := map[string]Article{}
	for _, a := range res.Articles {
		byID[a.ID] = a
	}
	npr, ren := byID["npr-2019-06-04-huawei-no-spy"], byID["ren-2021-02-biden-call"]
	checks := []struct {
		a         Article
		title     string
		published time.Time
		furniture string
	}{
		{npr, "Huawei Chairman Willing To Sign A 'No-Spy' Deal With The United States", time.Date(2019, 6, 4, 0, 0, 0, 0, time.UTC), "Copyright 2020 NPR"},
		{ren, "Huawei CEO 'would welcome' phone call from Biden, in first remarks since Trump left", time.Date(2021, 2, 9, 0, 0, 0, 0, time.UTC), "Leave a Comment"},
	}
	for _, c := range checks {
		if c.a.Title != c.title {
			t.Errorf("%s: title %q, want %q", c.a.ID, c.a.Title, c.title)
		}
		if !c.a.Published.Equal(c.published) {
			t.Errorf("%s: published %v, want %v", c.a.ID, c.a.Published, c.published)
		}
		if strings.Contains(c.a.Text, c.furniture) {
			t.Errorf("%s: text still holds %q", c.a.ID, c.furniture)
		}
		if strings.HasPrefix(c.a.Text, c.title) {
			t.Errorf("%s: text repeats the title", c.a.ID)
		}
	}
	if npr.Source != "NPR, via member station KGOU" {
		t.Errorf("npr source = %q", npr.Source)
	}

	// Parts are offsets into the final text.
	transcript := strings.Index(npr.Text, "The Chinese company Huawei sits right in the middle")
	story := strings.Index(npr.Text, "A top Huawei executive said Tuesday")
	if transcript < 0 || story < 0 {
		t.Fatal("markers missing from the text")
	}
	if got := npr.PartAt(transcript); got != "broadcast transcript" {
		t.Errorf("PartAt(transcript) = %q", got)
	}
	if got := npr.PartAt(transcript - 1); got != "article" {
		t.Errorf("PartAt(just before transcript) = %q, want article", got)
	}
	if got := npr.PartAt(story + 10); got != "article" {
		t.Errorf("PartAt(story) = %q", got)
	}
	if got := npr.PartAt(len(npr.Text) - 1); got != "broadcast transcript" {
		t.Errorf("PartAt(end) = %q", got)
	}
	if got := ren.PartAt(100); got != "" {
		t.Errorf("ren has no parts, PartAt = %q", got)
	}
	// Removing the boilerplate leaves no wider gap than a blank line.
	if strings.Contains(npr.Text, "\n\n\n\n") {
		t.Error("boilerplate removal left a gap")
	}
}

func TestApplySeedMetaMissingMarker(t *testing.T) {
	a := Article{Text: "Story.\n\nTranscript."}
	err := applySeedMeta(&a, seeds.Meta{Parts: []seeds.Part{{Label: "transcript", Marker: "NOT THERE"}}})
	if err == nil || !strings.Contains(err.Error(), "NOT THERE") {
		t.Errorf("err = %v, want one naming the missing marker", err)
	}
}

func TestRemoveLinesLeavesNoGap(t *testing.T) {
	in := "One.\n\nLeave a Comment\n\nTwo.\nLeave a Comment\nThree.\n"
	got := removeLines(in, func(l string) bool { return l == "Leave a Comment" })
	if want := "One.\n\nTwo.\nThree.\n"; got != want {
		t.Errorf("removeLines = %q, want %q", got, want)
	}
}
