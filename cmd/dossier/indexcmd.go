package main

import (
	"context"
	"fmt"
	"io"
)

func init() {
	commands["index"] = command{summary: "build the index of a corpus and save it", run: runIndex}
}

func runIndex(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("index", "[--corpus PATH] (--index FILE | --database-url URL) [--rebuild]", stderr)
	var cf corpusFlags
	cf.register(fs)
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || cf.index == "" && cf.database == "" {
		fmt.Fprintln(stderr, "dossier index: --index FILE or --database-url URL is required")
		fs.Usage()
		return errUsage
	}
	cf.fresh = true
	cf.quietSkips = true // the summary lists them
	eng, sum, err := openConfiguredEngine(ctx, cf, stderr, newLogger(stderr))
	if err != nil {
		return err
	}
	if sum.SaveError != "" {
		return fmt.Errorf("index built but not saved: %s", sum.SaveError)
	}
	st := eng.Stats()
	fmt.Fprintln(stdout, summaryLine(sum))
	if sum.Took > 0 && !sum.Loaded {
		where := cf.index
		if cf.database != "" {
			where = "the database"
		}
		fmt.Fprintf(stdout, "rate: %.0f passages/s; embedder %s (%d dimensions); saved to %s\n",
			float64(sum.Passages)/sum.Took.Seconds(), st.Embedder, st.Dim, where)
	}
	return nil
}
