package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/dossier-bot/dossier/config"
	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/pgstore"
)

// corpusFlags are the flags every command that reads the corpus shares.
type corpusFlags struct {
	corpus     string
	index      string
	rebuild    bool   // --rebuild: build anew, replacing a snapshot of another corpus
	fresh      bool   // build even when a matching snapshot exists
	quietSkips bool   // the command prints the skips in its summary, not the log
	database   string // --database-url: the shared index in PostgreSQL
}

func (c *corpusFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.corpus, "corpus", "", "corpus `path`: a directory of articles or a .jsonl file (default: the embedded seed articles)")
	fs.StringVar(&c.index, "index", "", "index snapshot `file` to load, or build and save (default: build in memory)")
	fs.BoolVar(&c.rebuild, "rebuild", false, "build the index anew and save it over the --index file, even one built from another corpus")
	fs.StringVar(&c.database, "database-url", "", "keep the index in PostgreSQL at `url` (default: $DOSSIER_DATABASE_URL); with --corpus, the database is made to hold exactly that corpus")
}

// openConfiguredEngine reads the configuration and opens the engine with
// it, for the commands that need nothing else from the configuration.
func openConfiguredEngine(ctx context.Context, cf corpusFlags, stderr io.Writer, logger *slog.Logger) (*retrieval.Engine, retrieval.BuildSummary, error) {
	cfg, err := loadConfig("", false)
	if err != nil {
		return nil, retrieval.BuildSummary{}, err
	}
	return openEngine(ctx, cfg, cf, stderr, logger)
}

// openEngine opens the engine for the corpus flags and the embedder the
// configuration names, with a progress bar on stderr when it is a terminal
// and the index has to be built.
func openEngine(ctx context.Context, cfg config.Config, cf corpusFlags, stderr io.Writer, logger *slog.Logger) (*retrieval.Engine, retrieval.BuildSummary, error) {
	emb, err := embedderFor(cfg)
	if err != nil {
		return nil, retrieval.BuildSummary{}, err
	}
	opts := retrieval.Options{
		Corpus: chooseCorpus(cf.corpus, cfg), IndexPath: cf.index, Embedder: emb, Logger: logger,
		Rebuild: cf.rebuild || cf.fresh, Replace: cf.rebuild, QuietSkips: cf.quietSkips,
	}
	if url := cmp.Or(cf.database, cfg.DatabaseURL); url != "" {
		if opts.Store, err = pgstore.Open(ctx, url, pgstore.Options{Logger: logger}); err != nil {
			return nil, retrieval.BuildSummary{}, err
		}
		opts.IndexPath, opts.SyncCorpus, opts.Rebuild = "", cf.corpus != "", cf.rebuild
	}
	bar := newProgress(stderr)
	eng, sum, err := retrieval.Open(ctx, opts, bar.update)
	bar.finish()
	return eng, sum, err
}

// progress draws index-build progress as a bar, only on a terminal.
type progress struct {
	out   io.Writer
	bar   *progressbar.ProgressBar
	stage string
}

func newProgress(w io.Writer) *progress {
	p := &progress{out: w}
	if f, ok := w.(*os.File); !ok || !term.IsTerminal(int(f.Fd())) {
		p.out = nil
	}
	return p
}

func (p *progress) update(pr retrieval.Progress) {
	if p.out == nil || pr.PassagesTotal == 0 {
		return
	}
	if p.bar == nil || pr.Stage != p.stage {
		if p.bar != nil {
			_ = p.bar.Finish()
			fmt.Fprintln(p.out)
		}
		p.stage = pr.Stage
		p.bar = progressbar.NewOptions(pr.PassagesTotal,
			progressbar.OptionSetWriter(p.out),
			progressbar.OptionSetDescription(fmt.Sprintf("%-9s", pr.Stage)),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
	}
	_ = p.bar.Set(pr.PassagesDone)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.out)
	}
}

// summaryLine describes a build in one line, followed by a line for each
// skipped file or JSON Lines line. A command that prints it opens the
// engine with quietSkips, so that no skip is also logged.
func summaryLine(s retrieval.BuildSummary) string {
	how := "built"
	if s.Loaded {
		how = "loaded"
	}
	line := fmt.Sprintf("%s index: %d articles, %d passages, %s, %d duplicates, in %s",
		how, s.Articles, s.Passages, corpus.DescribeSkipped(s.Skipped), s.Duplicates, s.Took.Round(time.Millisecond))
	var b strings.Builder
	b.WriteString(line)
	for _, sk := range s.Skipped {
		fmt.Fprintf(&b, "\n  skipped %s: %s", sk.Path, sk.Reason)
	}
	return b.String()
}

// parseArgs parses flags that may come before or after positional
// arguments, as in `dossier ask "question" --json`.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// chooseCorpus is the corpus a command reads: the --corpus flag, else
// DOSSIER_CORPUS, else the data directory's articles once it holds any,
// else "" (the embedded seeds), so a fresh machine answers from the seeds
// and one that polls feeds answers from its news.
func chooseCorpus(corpusFlag string, cfg config.Config) string {
	switch {
	case corpusFlag != "":
		return corpusFlag
	case cfg.Corpus != "":
		return cfg.Corpus
	}
	if dir := feeds.ArticlesDir(cfg.DataDir); cfg.DataDir != "" && corpus.HoldsFiles(dir) {
		return dir
	}
	return ""
}
