package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval/timex"
)

func init() {
	commands["dates"] = command{summary: "find and resolve the dates in a text, or score the tagger", run: runDates}
}

func runDates(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("dates", `[--published YYYY-MM-DD] [--json] "text" | - | --eval FILE [--json]`, stderr)
	published := fs.String("published", "", "publication `date` (YYYY-MM-DD) that relative expressions resolve against")
	eval := fs.String("eval", "", "score the tagger on a JSON Lines `file` of gold dates (the format of eval/dates-dev.jsonl)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *eval != "" {
		if len(pos) != 0 {
			fmt.Fprintln(stderr, "dossier dates: --eval takes no text")
			return errUsage
		}
		return runDatesEval(*eval, *asJSON, stdout)
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, `dossier dates: give one text in quotes, or - to read it from stdin`)
		fs.Usage()
		return errUsage
	}
	var ref time.Time
	if *published != "" {
		if ref, err = time.Parse(time.DateOnly, *published); err != nil {
			fmt.Fprintf(stderr, "dossier dates: --published %q is not a YYYY-MM-DD date\n", *published)
			return errUsage
		}
	}
	text := pos[0]
	if text == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return fmt.Errorf("read text: %w", err)
		}
		text = string(b)
	}
	exprs := timex.Tag(text, ref)
	if *asJSON {
		out := jsonDates{Expressions: []jsonExpression{}}
		for _, x := range exprs {
			out.Expressions = append(out.Expressions, jsonExpression{
				Text: x.Text, Start: x.Start, End: x.End, Value: x.Value,
				Granularity: string(x.Granularity), Label: timex.Label(x.Value), Origin: x.RefOrigin,
			})
		}
		return writeJSON(stdout, out)
	}
	if len(exprs) == 0 {
		fmt.Fprintln(stdout, "No temporal expressions found.")
		return nil
	}
	for _, x := range exprs {
		fmt.Fprintf(stdout, "%d-%d\t%q\t%s\t%s\t%s\n", x.Start, x.End, x.Text, x.Value, x.Granularity, timex.Label(x.Value))
	}
	return nil
}

// jsonDates is the --json shape of `dossier dates "text"`.
type jsonDates struct {
	Expressions []jsonExpression `json:"expressions"`
}

type jsonExpression struct {
	Text        string `json:"text"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Value       string `json:"value"`
	Granularity string `json:"granularity"`
	Label       string `json:"label"`
	Origin      string `json:"origin"`
}

// jsonScore is the --json shape of `dossier dates --eval`.
type jsonScore struct {
	Precision float64         `json:"precision"`
	Recall    float64         `json:"recall"`
	F1        float64         `json:"f1"`
	TP        int             `json:"tp"`
	FP        int             `json:"fp"`
	FN        int             `json:"fn"`
	Errors    []jsonEvalError `json:"errors"`
}

type jsonEvalError struct {
	ID        string   `json:"id"`
	Published string   `json:"published"`
	Text      string   `json:"text"`
	Got       []string `json:"got"`
	Want      []string `json:"want"`
}

// runDatesEval scores the tagger on a gold file: strict precision, recall
// and F1 over calendar values.
func runDatesEval(path string, asJSON bool, stdout io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	s, err := timex.Evaluate(f)
	if err != nil {
		return fmt.Errorf("evaluate %s: %w", path, err)
	}
	if asJSON {
		out := jsonScore{Precision: round4(s.Precision), Recall: round4(s.Recall), F1: round4(s.F1),
			TP: s.TP, FP: s.FP, FN: s.FN, Errors: []jsonEvalError{}}
		for _, e := range s.Errors {
			out.Errors = append(out.Errors, jsonEvalError{ID: e.ID, Published: e.Published, Text: e.Text,
				Got: orEmpty(e.Got), Want: orEmpty(e.Want)})
		}
		return writeJSON(stdout, out)
	}
	fmt.Fprintf(stdout, "precision %.3f  recall %.3f  F1 %.3f  (%d correct, %d spurious, %d missed)\n",
		s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN)
	for _, e := range s.Errors {
		fmt.Fprintf(stdout, "\n%s (published %s): got [%s], want [%s]\n    %s\n",
			e.ID, orDash(e.Published), strings.Join(e.Got, " "), strings.Join(e.Want, " "), e.Text)
	}
	return nil
}

func orEmpty(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
