package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAskBatchTakesObjectsAndSurvivesBadLines(t *testing.T) {
	stdin := strings.Join([]string{
		`Where is Meng Wanzhou under house arrest?`,
		`{"question": "Would Huawei sign a no-spy agreement?", "k": 1, "as_of": "2019-06-05"}`,
		`{"question": 3}`,
		`{"question": "Where is Huawei based?", "colour": "red"}`,
		`{"question": "Where is Huawei based?", "k": 99}`,
		`{"question": "Where is Huawei based?", "since": "June"}`,
		`{broken`,
		strings.Repeat("x", maxBatchLine+10),
		``,
		`{"question": "Would Huawei sign a no-spy agreement?", "until": "2018"}`,
		`Would Huawei sign a no-spy agreement?`,
	}, "\n")
	code, out, errOut := runCLI(t, stdin, "ask", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		lines = append(lines, m)
	}
	if len(lines) != 10 {
		t.Fatalf("%d answers for 10 non-blank lines:\n%s", len(lines), out)
	}
	if lines[0]["found"] != true || lines[1]["found"] != true || len(lines[1]["citations"].([]any)) != 1 {
		t.Errorf("plain and object questions: %v / %v", lines[0], lines[1])
	}
	for i, want := range map[int]string{2: `"question" must be a string`, 3: `unknown field "colour"`, 4: "k must be", 5: "since:", 6: "invalid JSON", 7: "longer than"} {
		msg, _ := lines[i]["error"].(string)
		if !strings.Contains(msg, want) || lines[i]["line"] != float64(i+1) {
			t.Errorf("line %d: %v, want an error containing %q naming line %d", i+1, lines[i], want, i+1)
		}
		if strings.Contains(msg, "batchRequest") || strings.Contains(msg, "Go ") {
			t.Errorf("line %d: error shows Go internals: %q", i+1, msg)
		}
	}
	// until 2018: no article of the seeds is that old.
	if lines[8]["found"] != false {
		t.Errorf("until 2018 answered from later articles: %v", lines[8])
	}
	if lines[9]["found"] != true {
		t.Errorf("the batch stopped after the bad lines: %v", lines[9])
	}
}
