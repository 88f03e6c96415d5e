package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestTimelineJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "", "timeline", "--json", "huawei")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Topic  string           `json:"topic"`
		Events []map[string]any `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if got.Topic != "huawei" || len(got.Events) < 4 {
		t.Fatalf("topic %q with %d events", got.Topic, len(got.Events))
	}
	first := got.Events[0]
	if want := []string{"citations", "date", "end", "granularity", "start", "text", "value"}; !reflect.DeepEqual(keys(first), want) {
		t.Fatalf("event keys = %v, want %v", keys(first), want)
	}
	// The first event is the 2018 arrest warrant: the whole year, inclusive.
	if first["date"] != "2018" || first["granularity"] != "year" || first["start"] != "2018-01-01" || first["end"] != "2018-12-31" ||
		!strings.Contains(first["text"].(string), "arrest warrant") {
		t.Errorf("first event = %v", first)
	}
	c := first["citations"].([]any)[0].(map[string]any)
	for _, k := range []string{"article_id", "title", "published", "url", "excerpt"} {
		if _, ok := c[k]; !ok {
			t.Errorf("citation lacks %q: %v", k, c)
		}
	}
	if c["article_id"] != "npr-2019-06-04-huawei-no-spy" || c["published"] != "2019-06-04" {
		t.Errorf("2018 event cites %v", c)
	}
	dates := map[string]bool{}
	for _, ev := range got.Events {
		dates[ev["date"].(string)] = true
	}
	for _, d := range []string{"2018", "May 2019", "4 Jun 2019", "2020"} {
		if !dates[d] {
			t.Errorf("no %s event in %v", d, dates)
		}
	}
}

func TestTimelineText(t *testing.T) {
	code, out, errOut := runCLI(t, "", "timeline", "huawei", "--since", "2020", "--limit", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "2020  Huawei also posted positive sales and net profit growth for 2020, the CEO said without disclosing any specific numbers.  [Huawei CEO 'would welcome' phone call from Biden, in first remarks since Trump left, 2021-02-09]\n"
	if out != want {
		t.Errorf("timeline since 2020:\n%s\nwant:\n%s", out, want)
	}
	if code, _, errOut := runCLI(t, "", "timeline", "--since", "June 2019", "huawei"); code != 2 || !strings.Contains(errOut, "--since") {
		t.Errorf("bad --since: exit %d, %s", code, errOut)
	}
}

func TestDatesJSON(t *testing.T) {
	text := "A top Huawei executive said Tuesday that the U.S. added Huawei to its entity list last month, not in 5G."
	code, out, errOut := runCLI(t, "", "dates", "--json", "--published", "2019-06-04", text)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Expressions []struct {
			Text        string `json:"text"`
			Start       int    `json:"start"`
			End         int    `json:"end"`
			Value       string `json:"value"`
			Granularity string `json:"granularity"`
		} `json:"expressions"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	var values []string
	for _, x := range got.Expressions {
		if text[x.Start:x.End] != x.Text {
			t.Errorf("offsets %d-%d do not hold %q", x.Start, x.End, x.Text)
		}
		values = append(values, x.Value+"/"+x.Granularity)
	}
	if want := []string{"2019-06-04/day", "2019-05/month"}; !reflect.DeepEqual(values, want) {
		t.Errorf("values = %v, want %v", values, want)
	}
}

func TestDatesEval(t *testing.T) {
	gold := filepath.Join(t.TempDir(), "gold.jsonl")
	lines := `{"id": "a", "published": "2019-06-04", "text": "Last year, the U.S issued an arrest warrant", "values": ["2018"]}
{"id": "b", "published": "2019-06-04", "text": "Sales rose 19.5% in 2020.", "values": ["2021"]}
`
	if err := os.WriteFile(gold, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "dates", "--eval", gold, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Precision, Recall, F1 float64
		Errors                []struct {
			ID   string   `json:"id"`
			Got  []string `json:"got"`
			Want []string `json:"want"`
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if got.Precision != 0.5 || got.Recall != 0.5 || got.F1 != 0.5 {
		t.Errorf("scores = %+v, want 0.5 each", got)
	}
	if len(got.Errors) != 1 || got.Errors[0].ID != "b" || !reflect.DeepEqual(got.Errors[0].Got, []string{"2020"}) {
		t.Errorf("errors = %+v", got.Errors)
	}

	dev := filepath.Join("..", "..", "..", "shared", "eval", "dates-dev.jsonl")
	if _, err := os.Stat(dev); err != nil {
		t.Skipf("no shared dev set: %v", err)
	}
	code, out, errOut = runCLI(t, "", "dates", "--eval", dev)
	if code != 0 || !strings.HasPrefix(out, "precision ") || !strings.Contains(out, "F1 ") {
		t.Errorf("dev set: exit %d, %q %s", code, out, errOut)
	}
}
