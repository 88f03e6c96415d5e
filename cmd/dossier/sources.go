package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

func init() {
	commands["sources"] = command{summary: "list the indexed articles", run: runSources}
}

func runSources(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("sources", "[--corpus PATH] [--index FILE] [--json]", stderr)
	var cf corpusFlags
	cf.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per article")
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		fs.Usage()
		return errUsage
	}
	eng, _, err := openConfiguredEngine(ctx, cf, stderr, newLogger(stderr))
	if err != nil {
		return err
	}
	if *asJSON {
		for _, a := range eng.Sources() {
			if err := writeJSON(stdout, a); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tPASSAGES\tTITLE")
	for _, a := range eng.Sources() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", a.ID, orDash(dateString(a.Published)), a.Passages, a.Title)
	}
	return tw.Flush()
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
