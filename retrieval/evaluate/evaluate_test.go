package evaluate

import (
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/retrieval"
)

func TestFirstHitFoldsCaseAndPunctuation(t *testing.T) {
	cites := []retrieval.Citation{
		{Excerpt: "Nothing relevant here."},
		{Excerpt: "The U.S. added Huawei to its \"Entity   List\" last month."},
	}
	if got := FirstHit(cites, []string{"entity list"}); got != 2 {
		t.Errorf("FirstHit = %d, want 2", got)
	}
	if got := FirstHit(cites, []string{"Meng Wanzhou"}); got != 0 {
		t.Errorf("FirstHit of an absent answer = %d, want 0", got)
	}
}

func TestFirstHitCountsOnlyFirst400Characters(t *testing.T) {
	long := strings.Repeat("é", 400) + " Shenzhen"
	if got := FirstHit([]retrieval.Citation{{Excerpt: long}}, []string{"Shenzhen"}); got != 0 {
		t.Errorf("answer past 400 characters counted at rank %d", got)
	}
}

func TestReadQuestionsReportsBadLines(t *testing.T) {
	qs, err := ReadQuestions(strings.NewReader("{\"question\":\"a?\",\"answers\":[\"b\"]}\n\n{\"question\":\"c?\",\"answers\":[]}\n"))
	if err != nil || len(qs) != 2 || len(qs[1].Answers) != 0 {
		t.Fatalf("got %+v, %v", qs, err)
	}
	if _, err := ReadQuestions(strings.NewReader("{\"question\":\"a?\"}\nnot json\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad line: err = %v", err)
	}
}

func TestReadQuestionsParsesDates(t *testing.T) {
	qs, err := ReadQuestions(strings.NewReader("{\"question\":\"a?\",\"answers\":[\"b\"],\"date\":\"2022/06/16\"}\n{\"question\":\"c?\",\"answers\":[\"d\"],\"date\":\"2022-07-01\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := qs[0].asked.Format("2006-01-02") + " " + qs[1].asked.Format("2006-01-02"); got != "2022-06-16 2022-07-01" {
		t.Errorf("dates = %s", got)
	}
	if _, err := ReadQuestions(strings.NewReader("{\"question\":\"a?\",\"date\":\"June 16\"}\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad date: err = %v", err)
	}
}
