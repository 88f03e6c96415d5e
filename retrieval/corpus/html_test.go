package corpus

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParseHTMLPage(t *testing.T) {
	data, err := os.ReadFile("testdata/corpus/page.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := parseHTML(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "New Tram Line Opens in the East End" {
		t.Errorf("Title = %q (og:title wanted)", a.Title)
	}
	if want := time.Date(2023, 5, 20, 7, 15, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("Published = %v, want %v (JSON-LD @graph)", a.Published, want)
	}
	if a.URL != "https://citywire.example/news/tram-line-opens" {
		t.Errorf("URL = %q, want the canonical link", a.URL)
	}
	if a.Source != "City Wire" {
		t.Errorf("Source = %q", a.Source)
	}
	paras := strings.Split(a.Text, "\n\n")
	if len(paras) != 4 {
		t.Fatalf("got %d paragraphs, want 4:\n%s", len(paras), a.Text)
	}
	if want := "The first trams ran on the new East End line on Saturday morning, carrying more than 3,000 passengers in the first four hours."; paras[0] != want {
		t.Errorf("first paragraph = %q, want %q", paras[0], want)
	}
	for _, junk := range []string{"tracking", "Home", "Copyright"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text holds page furniture %q", junk)
		}
	}
}

func TestParseHTMLMetadataSources(t *testing.T) {
	body := "<body><article><p>" + strings.Repeat("Some words of the story. ", 30) + "</p></article></body>"
	tests := []struct {
		name, head, body string
		title            string
		published        time.Time
		url              string
	}{
		{
			name:      "meta published time, og:url, title tag",
			head:      `<title>Plain Title</title><meta property="article:published_time" content="2022-07-01T12:00:00-04:00"><meta property="og:url" content="https://x.example/a">`,
			title:     "Plain Title",
			published: time.Date(2022, 7, 1, 16, 0, 0, 0, time.UTC),
			url:       "https://x.example/a",
		},
		{
			name:      "time element",
			head:      `<title>T</title>`,
			body:      `<body><article><time datetime="2021-02-09">Feb 9</time><p>` + strings.Repeat("Story text here. ", 30) + `</p></article></body>`,
			title:     "T",
			published: time.Date(2021, 2, 9, 0, 0, 0, 0, time.UTC),
		},
		{
			name:      "JSON-LD array",
			head:      `<script type="application/ld+json">[{"@type":"Organization"},{"@type":"NewsArticle","headline":"LD Headline","datePublished":"2020-01-02"}]</script>`,
			title:     "LD Headline",
			published: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC),
		},
		{
			name: "nothing known",
			head: `<meta property="article:published_time" content="not a date">`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.body
			if b == "" {
				b = body
			}
			a, err := parseHTML("<!doctype html><html><head>" + tt.head + "</head>" + b + "</html>")
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || !a.Published.Equal(tt.published) || a.URL != tt.url {
				t.Errorf("got title %q published %v url %q; want %q %v %q", a.Title, a.Published, a.URL, tt.title, tt.published, tt.url)
			}
			if !strings.Contains(a.Text, "Some words of the story.") && !strings.Contains(a.Text, "Story text here.") {
				t.Errorf("text lost: %q", a.Text)
			}
		})
	}
}

func TestBlockTextKeepsLineBreaksAndPre(t *testing.T) {
	a, err := parseHTML("<html><body><div><p>Line one<br>line   two</p><pre>keep   this\n  indent</pre><ul><li>item a</li><li>item b</li></ul></div></body></html>")
	if err != nil {
		t.Fatal(err)
	}
	want := "Line one\nline two\n\nkeep   this\n  indent\n\nitem a\n\nitem b"
	if a.Text != want {
		t.Errorf("text = %q, want %q", a.Text, want)
	}
}

// nestedDivs is a page with text inside n nested <div> elements.
func nestedDivs(n int) string {
	return "<!doctype html><html><head><title>Deep</title></head><body>" +
		strings.Repeat("<div>", n) + strings.Repeat("Deep words. ", 50) +
		strings.Repeat("</div>", n) + "</body></html>"
}

// parseWithin runs parseHTML and fails the test if it takes longer than
// limit, rather than letting a stalled parse hang the test binary.
func parseWithin(t *testing.T, src string, limit time.Duration) (Article, error) {
	t.Helper()
	type result struct {
		a   Article
		err error
	}
	done := make(chan result, 1)
	go func() {
		a, err := parseHTML(src)
		done <- result{a, err}
	}()
	select {
	case r := <-done:
		return r.a, r.err
	case <-time.After(limit):
		t.Fatalf("parseHTML of %d bytes still running after %v", len(src), limit)
		return Article{}, nil
	}
}

func TestParseHTMLRefusesDeepNesting(t *testing.T) {
	src := nestedDivs(100_000) // 1.1 MB
	_, err := parseWithin(t, src, 20*time.Second)
	if want := "nested 100000 levels deep, over the limit of 500"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestParseHTMLKeepsPagesUnderTheLimits(t *testing.T) {
	a, err := parseWithin(t, nestedDivs(maxHTMLDepth), 20*time.Second)
	if err != nil || !strings.Contains(a.Text, "Deep words.") {
		t.Errorf("%d levels: err %v, text %.40q", maxHTMLDepth, err, a.Text)
	}
	// Unclosed <p> and <li> and table cells do not nest.
	flat := "<html><body><ul>" + strings.Repeat("<li><p>item <a href=x>link</a>", 2000) + "</ul><table>" +
		strings.Repeat("<tr><td>a<td>b", 1000) + "</table>" + strings.Repeat("<p>Paragraph text.", 2000) + "</body></html>"
	if depth, _ := measureHTML(flat); depth > 5 {
		t.Errorf("flat page measured %d levels deep", depth)
	}
	if _, err := parseWithin(t, flat, 20*time.Second); err != nil {
		t.Errorf("flat page: %v", err)
	}
}

func TestParseHTMLRefusesTooManyElements(t *testing.T) {
	// A megabyte of links: the extractor would take seconds over it.
	src := "<html><body>" + strings.Repeat("<a>x", 300_000) + "</body></html>"
	_, err := parseWithin(t, src, 20*time.Second)
	if want := "has 300002 elements, over the limit of 200000"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestLoadSkipsDeepHTMLAndGoesOn(t *testing.T) {
	fsys := fstest.MapFS{
		"deep.html":  {Data: []byte(nestedDivs(100_000))},
		"story.html": {Data: []byte(nestedDivs(20))},
		"notes.txt":  {Data: []byte("Notes\n\nA plain story.")},
	}
	var logs bytes.Buffer
	done := make(chan struct{})
	var res *Result
	var err error
	go func() {
		defer close(done)
		res, err = LoadFS(context.Background(), fsys, quiet(&logs))
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("loading stalled on deep.html")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := []Skipped{{Path: "deep.html", Reason: "nested 100000 levels deep, over the limit of 500"}}
	if !reflect.DeepEqual(res.Skipped, want) || len(res.Articles) != 2 {
		t.Errorf("skipped %+v, %d articles; want %+v and 2", res.Skipped, len(res.Articles), want)
	}
}
