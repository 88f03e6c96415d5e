package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/dossier-bot/dossier/retrieval/evaluate"
	"github.com/dossier-bot/dossier/retrieval/index"
)

func init() {
	commands["eval"] = command{summary: "score answers against a question file", run: runEval}
}

func runEval(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", "[--corpus PATH] [--index FILE] --qa FILE [-k 1,5,10] [--retriever hybrid|bm25|vector] [--undated] [--misses FILE] [--json]", stderr)
	var cf corpusFlags
	cf.register(fs)
	qaPath := fs.String("qa", "", "question `file` (JSON Lines: question, answers)")
	ksFlag := fs.String("k", "1,5,10", "recall cut-offs, comma separated")
	retriever := fs.String("retriever", index.Hybrid, "retriever: hybrid, bm25 or vector")
	undated := fs.Bool("undated", false, "ignore the questions' dates: ask each one as if after the corpus's newest article")
	missesPath := fs.String("misses", "", "write each wrongly answered question, with its citations, to this JSON Lines `file`")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || *qaPath == "" {
		fmt.Fprintln(stderr, "dossier eval: --qa FILE is required")
		fs.Usage()
		return errUsage
	}
	ks, err := parseKs(*ksFlag)
	if err != nil {
		fmt.Fprintf(stderr, "dossier eval: -k: %v\n", err)
		return errUsage
	}
	switch *retriever {
	case index.Hybrid, index.BM25, index.Vector:
	default:
		fmt.Fprintf(stderr, "dossier eval: --retriever must be hybrid, bm25 or vector, not %q\n", *retriever)
		return errUsage
	}
	f, err := os.Open(*qaPath)
	if err != nil {
		return err
	}
	qs, err := evaluate.ReadQuestions(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("read %s: %w", *qaPath, err)
	}
	cf.quietSkips = true // the summary lists them
	eng, sum, err := openConfiguredEngine(ctx, cf, stderr, newLogger(stderr))
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, summaryLine(sum))
	opts := evaluate.Options{Ks: ks, Retriever: *retriever, Undated: *undated}
	if *missesPath != "" {
		f, err := os.Create(*missesPath)
		if err != nil {
			return err
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		defer w.Flush()
		opts.Misses = w
	}
	rep, err := evaluate.Run(ctx, eng, qs, opts)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, rep)
	}
	asked := "undated"
	if rep.Dated {
		asked = "asked as of their dates"
	}
	fmt.Fprintf(stdout, "retriever %s: %d questions (%s), %d answerable\n", rep.Retriever, rep.Questions, asked, rep.Answerable)
	for _, k := range slices.Compact(slices.Sorted(slices.Values(ks))) {
		key := strconv.Itoa(k)
		fmt.Fprintf(stdout, "answer-recall@%-3s %.3f\n", key, rep.Recall[key])
	}
	fmt.Fprintf(stdout, "MRR              %.3f\n", rep.MRR)
	fmt.Fprintf(stdout, "not found (unanswerable)    %.3f\n", rep.NotFoundRate)
	fmt.Fprintf(stdout, "false not found (answerable) %.3f\n", rep.FalseNotFoundRate)
	fmt.Fprintf(stdout, "latency p50 %.1f ms, p95 %.1f ms\n", rep.Latency.P50, rep.Latency.P95)
	return nil
}

func parseKs(s string) ([]int, error) {
	var ks []int
	for _, part := range strings.Split(s, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || k < 1 || k > 50 {
			return nil, fmt.Errorf("%q is not a number from 1 to 50", part)
		}
		ks = append(ks, k)
	}
	return ks, nil
}
