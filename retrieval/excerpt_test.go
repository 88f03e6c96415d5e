package retrieval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-bot/dossier/retrieval/textseg"
)

// flatIDF weighs every term alike, so the tests read without a corpus.
func flatIDF(string) float64 { return 1 }

func excerptOf(text, question string) string {
	ex := bestExcerpt(text, textseg.Sentences(text), newQuery(question, flatIDF), query{}, newTermCache())
	return text[ex.Start:ex.End]
}

func TestExcerptReachesTheSentenceAfterTheQuestionsWords(t *testing.T) {
	text := "Officials met in the capital on Monday. " +
		"A fossil skeleton 76 million years old will be auctioned this month, Sotheby's announced. " +
		"The Gorgosaurus skeleton was found in Montana in 2018. " +
		"Bidding opens at noon."
	got := excerptOf(text, "Sotheby's is auctioning the skeleton of which dinosaur?")
	if !strings.Contains(got, "Gorgosaurus") {
		t.Errorf("excerpt %q misses the sentence that names the dinosaur", got)
	}
	if strings.Contains(got, "Officials met") {
		t.Errorf("excerpt %q starts with a sentence that shares no word with the question", got)
	}
}

func TestLastSentenceOfAQuestionWeighsMore(t *testing.T) {
	const scene, ask = "Actor Nichelle Nichols died Sunday in Los Angeles.", "Which character did she play?"
	two := newQuery(scene+" "+ask, flatIDF)
	one := newQuery(strings.TrimSuffix(scene, ".")+" and which character did she play?", flatIDF)
	answer := "She played the character Uhura."
	retelling := "Nichelle Nichols died on Sunday in Los Angeles."
	if two.coverage(answer) <= one.coverage(answer) {
		t.Errorf("the asking sentence weighs no more in a two-sentence question: %.2f vs %.2f", two.coverage(answer), one.coverage(answer))
	}
	if two.coverage(retelling) >= one.coverage(retelling) {
		t.Errorf("the scene weighs no less in a two-sentence question: %.2f vs %.2f", two.coverage(retelling), one.coverage(retelling))
	}
}

// An excerpt clipped inside a long sentence gives an answer text that
// shows no more than the excerpt does, marked as cut: the answer line and
// citation [1] always agree.
func TestAnswerTextStaysInsideAClippedExcerpt(t *testing.T) {
	long := "The harbour laboratory opened by the port authority in Northport on Tuesday, " +
		strings.Repeat("after years of planning, delays, public hearings and arguments over its cost, ", 5) +
		"will bring new sensing technology to the fishing industry."
	dir := corpusDir(t, map[string]string{"lab.md": "---\ntitle: Harbour laboratory opens\npublished: 2024-03-05\n---\n" + long + "\n"})
	e := openSeeds(t, Options{Corpus: dir})
	ans, err := e.Ask(context.Background(), "Where did the port authority open the harbour laboratory?", AskOptions{})
	if err != nil || !ans.Found {
		t.Fatalf("%+v, %v", ans, err)
	}
	if ex := ans.Citations[0].Excerpt; utf8.RuneCountInString(ex) > MaxExcerptLen || strings.HasSuffix(ex, "industry.") {
		t.Fatalf("excerpt should be clipped to %d characters: %q", MaxExcerptLen, ex)
	}
	if strings.Contains(ans.Text, "fishing industry") || !strings.HasSuffix(ans.Text, "… [1]") {
		t.Errorf("answer text reaches past its excerpt or is not marked as cut: %q", ans.Text)
	}
	if !strings.Contains(ans.Text, "in Northport") {
		t.Errorf("answer text for where lacks the place: %q", ans.Text)
	}
}

// The title names the news; of two windows that answer the question about
// as well, the one that repeats the headline's name is the one that
// answers "which".
func TestExcerptPrefersTheWindowThatNamesTheHeadlinesNews(t *testing.T) {
	const (
		title    = "Rafael Nadal withdraws from Wimbledon"
		question = "Which tennis star pulled out of Wimbledon ahead of the semi-finals?"
	)
	text := "Tennis star Rafael Nadal had played through pain all fortnight on the grass courts of London. " +
		"The tennis star pulled out of Wimbledon ahead of the semi-finals on Thursday, organisers said in a short statement " +
		"issued to reporters gathered outside the All England Club after the morning practice sessions had ended and the " +
		"ground staff had covered the courts. " +
		"Ticket holders for the Friday session will be offered refunds or exchanges for other days of the event."
	q := newQuery(question, flatIDF)
	sents := textseg.Sentences(text)
	without := bestExcerpt(text, sents, q, query{}, newTermCache())
	if strings.Contains(text[without.Start:without.End], "Nadal") {
		t.Fatalf("the test needs a text whose best window without the headline misses the name: %q", text[without.Start:without.End])
	}
	with := bestExcerpt(text, sents, q, headlineQuery(title, q, flatIDF), newTermCache())
	if got := text[with.Start:with.End]; !strings.Contains(got, "Rafael Nadal") || !strings.Contains(got, "pulled out") {
		t.Errorf("excerpt %q should name the player and say he pulled out", got)
	}
}

// A question quoted in the article asks, it does not answer: its words
// count for no window, even one cut short at the length limit.
func TestAQuotedQuestionNeverCountsAsAnAnswer(t *testing.T) {
	text := "The council met on Monday evening. " +
		"Who pays for the harbour bridge? " +
		strings.Repeat("Residents queued for hours in the rain outside the town hall to speak, ", 6) + "and many left. " +
		"The state will pay for the harbour bridge, the mayor said."
	got := excerptOf(text, "Who pays for the harbour bridge the council approved?")
	if !strings.Contains(got, "The state will pay") {
		t.Errorf("excerpt %q should be the sentence that answers, not the quoted question", got)
	}
}

// A window clipped at the length limit is cut on a word boundary; when
// its last sentence opens with a long run of characters without a space
// (a link), the cut falls before that sentence even starts.
func TestExcerptClippedBeforeItsLastSentenceStarts(t *testing.T) {
	text := "The harbour bridge will open in May, the council said on Monday evening after a long meeting. " +
		strings.Repeat("Residents queued in the rain outside the town hall to speak about the bridge. ", 3) +
		"https://example.org/" + strings.Repeat("harbour-bridge-", 30) + " has the plans."
	got := excerptOf(text, "When will the harbour bridge open?")
	if !strings.Contains(got, "will open in May") || utf8.RuneCountInString(got) > MaxExcerptLen || !strings.Contains(text, got) {
		t.Errorf("excerpt %q should hold the answer, verbatim, within %d characters", got, MaxExcerptLen)
	}
}

// A sentence that names the headline's news may open a window even when it
// shares no word with the question: it is context the answer needs, not
// padding.
func TestExcerptMayStartWithTheHeadlinesNews(t *testing.T) {
	const (
		title    = "Rafael Nadal withdraws from Wimbledon"
		question = "Which tennis star pulled out of Wimbledon ahead of the semi-finals?"
	)
	text := "Rain delayed the morning sessions in London. " +
		"Rafael Nadal has been nursing an abdominal tear for a week. " +
		"The tennis star pulled out of Wimbledon ahead of the semi-finals on Thursday. " +
		"Ticket holders for the Friday session will be offered refunds or exchanges for other days."
	q := newQuery(question, flatIDF)
	ex := bestExcerpt(text, textseg.Sentences(text), q, headlineQuery(title, q, flatIDF), newTermCache())
	if got := text[ex.Start:ex.End]; !strings.Contains(got, "Rafael Nadal") || !strings.Contains(got, "pulled out") {
		t.Errorf("excerpt %q should name the player and say he pulled out", got)
	}
}

// A title's " | Site" suffix names the publisher, not the news: a
// "(CNN)" dateline is no headline news.
func TestHeadlineNewsLeavesOutTheSiteName(t *testing.T) {
	q := newQuery("Which tennis star pulled out of Wimbledon?", flatIDF)
	h := headlineQuery("Rafael Nadal withdraws from Wimbledon | CNN", q, flatIDF)
	if c := h.coverage("(CNN) Reporters gathered outside the club."); c > 0 {
		t.Errorf("the site name counts as headline news: coverage %.2f", c)
	}
	if c := h.coverage("Rafael Nadal has an injury."); c == 0 {
		t.Error("the player's name does not count as headline news")
	}
}

// The answer line quotes the sentence of citation [1] that holds what the
// question asks for (the place for "where"), shows nothing that citation
// [1] does not, and says which date a relative date is.
func TestAnswerLineAgreesWithItsFirstCitation(t *testing.T) {
	e := openSeeds(t, Options{})
	ctx := context.Background()
	cases := []struct{ question, want string }{
		{"Where is Meng Wanzhou under house arrest?", "in Canada"},
		{"When did the U.S. add Huawei to the Entity List?", "last month (May 2019)"},
		{"How much revenue did Huawei make in 2019?", "858.8 billion yuan"},
	}
	for _, c := range cases {
		ans, err := e.Ask(ctx, c.question, AskOptions{})
		if err != nil || !ans.Found {
			t.Fatalf("%q: %+v, %v", c.question, ans, err)
		}
		if !strings.Contains(ans.Text, c.want) {
			t.Errorf("%q: answer line %q lacks %q", c.question, ans.Text, c.want)
		}
	}
	// Every seed question's answer line is a part of citation [1].
	for _, q := range seedQuestions(t) {
		ans, err := e.Ask(ctx, q, AskOptions{})
		if err != nil || !ans.Found {
			continue
		}
		first, _, _ := strings.Cut(ans.Text, " [1]")
		if reCaveat.MatchString(first) {
			first = reCaveat.ReplaceAllString(first, "")
		}
		first = strings.TrimSuffix(reResolved.ReplaceAllString(first, ""), "…")
		if !strings.Contains(ans.Citations[0].Excerpt, first) {
			t.Errorf("%q: answer line %q is not in citation [1] %q", q, first, ans.Citations[0].Excerpt)
		}
	}
}

// reCaveat matches the refusal an answer opens with when the articles
// speak of other years than the question.
var reCaveat = regexp.MustCompile(`^The articles do not cover [^;]*; they speak of [^.]*\. `)

// A question about a year the articles do not cover is refused, with the
// years they do cover and their figures as context, instead of other
// figures presented as the answer; the verdict does not depend on how many
// citations are asked for.
func TestAnswerSaysTheArticlesSpeakOfAnotherYear(t *testing.T) {
	e := openSeeds(t, Options{})
	ctx := context.Background()
	for _, k := range []int{1, 3, 10} {
		ans, err := e.Ask(ctx, "What was Huawei's revenue in 2023?", AskOptions{K: k})
		if err != nil || ans.Found {
			t.Fatalf("k=%d: %+v, %v; want not found", k, ans, err)
		}
		if !strings.HasPrefix(ans.Text, "The articles do not cover 2023; they speak of 2019") || len(ans.Citations) == 0 || !strings.Contains(ans.Citations[0].Excerpt, "858.8 billion yuan") {
			t.Errorf("k=%d: answer %q with %d citations does not say the articles give another year, with their figures", k, ans.Text, len(ans.Citations))
		}
	}
	ans, err := e.Ask(ctx, "What was Huawei's revenue in 2019?", AskOptions{})
	if err != nil || !ans.Found || strings.Contains(ans.Text, "speak of") || !strings.Contains(ans.Text, "858.8 billion yuan") {
		t.Errorf("a question about a year the articles cover: %q, %v", ans.Text, err)
	}
	// Also when the first excerpt names no year at all.
	ans, err = openSeeds(t, Options{Corpus: corpusDir(t, map[string]string{
		"quay.md": "---\ntitle: Harbour quay rebuilt\n---\nThe harbour's old quay was rebuilt with granite from the hills. Fishing boats use it again.\n",
	})}).Ask(ctx, "What was the harbour's quay rebuilt with in 1990?", AskOptions{})
	if err != nil || ans.Found || !strings.HasPrefix(ans.Text, "The articles do not cover 1990. ") || !citesText(ans, "granite") {
		t.Errorf("a year no article speaks of, first excerpt undated: found %v, %q, %v", ans.Found, ans.Text, err)
	}
	// An article published in the year asked speaks of it.
	ans, err = openSeeds(t, Options{Corpus: corpusDir(t, map[string]string{
		"quay.md": "---\ntitle: Harbour quay rebuilt\npublished: 2019-05-02\n---\nThe harbour's old quay was rebuilt with granite from the hills. Fishing boats use it again.\n",
	})}).Ask(ctx, "What was the harbour's quay rebuilt with in 2019?", AskOptions{})
	if err != nil || !ans.Found || strings.Contains(ans.Text, "do not cover") || !citesText(ans, "granite") {
		t.Errorf("a year an article was published in: found %v, %q, %v", ans.Found, ans.Text, err)
	}
}

// reResolved matches the resolved date the answer line adds after a
// relative one.
var reResolved = regexp.MustCompile(` \([^()]*\d{4}\)`)

// seedQuestions are the questions of ../shared/eval/seeds-qa.jsonl, or a
// few of them when it is absent.
func seedQuestions(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "eval", "seeds-qa.jsonl"))
	if err != nil {
		return []string{"Would Huawei sign a no-spy agreement?", "Who founded Huawei?", "Where is Huawei based?"}
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var q struct{ Question string }
		if json.Unmarshal([]byte(line), &q) == nil && q.Question != "" {
			out = append(out, q.Question)
		}
	}
	return out
}

// A publication stamp names the question's date and reports nothing: no
// excerpt quotes it, and the answer line never is one.
func TestExcerptsLeaveOutPublicationStamps(t *testing.T) {
	e := openSeeds(t, Options{})
	ans, err := e.Ask(context.Background(), "What did Huawei say in June 2019?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Found || strings.Contains(ans.Text, "Originally published") {
		t.Errorf("found %v, answer %q: want an answer that is not the stamp", ans.Found, ans.Text)
	}
	for _, c := range ans.Citations {
		if strings.Contains(c.Excerpt, "Originally published") {
			t.Errorf("citation [%d] quotes the stamp: %q", c.N, c.Excerpt)
		}
	}
}

// News that opens like furniture ("Updated figures show …", "By Monday,
// …") is still news: it is quoted when it answers.
func TestNewsThatOpensLikeAStampIsQuoted(t *testing.T) {
	files := map[string]string{
		"a.md": "---\ntitle: Economy grows\npublished: 2024-04-30\n---\nUpdated figures show the economy grew 2.1 percent in the first quarter. Economists had expected less.\n",
		"b.md": "---\ntitle: Strike ends\npublished: 2024-05-02\n---\nBy Monday, the dock workers had ended their strike. Ships were unloaded again.\n",
		"c.md": "---\ntitle: Harbour plan\npublished: 2024-05-03\n---\nOriginally published on May 3, 2024 7:57 am\n\nThe council approved the harbour plan. Work starts in June.\n",
	}
	e := openSeeds(t, Options{Corpus: corpusDir(t, files)})
	for q, want := range map[string]string{
		"How much did the economy grow in the first quarter?": "grew 2.1 percent",
		"When did the dock workers end their strike?":         "By Monday",
		"What did the council approve?":                       "harbour plan",
	} {
		ans, err := e.Ask(context.Background(), q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || !strings.Contains(ans.Citations[0].Excerpt, want) || strings.Contains(ans.Text, "Originally published") {
			t.Errorf("%q: found %v, %q; want citation [1] holding %q and no stamp", q, ans.Found, ans.Text, want)
		}
	}
}
