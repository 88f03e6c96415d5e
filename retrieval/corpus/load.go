package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultMaxFileSize is the size above which a file is skipped when
// Options.MaxFileSize is zero.
const DefaultMaxFileSize = 5 << 20

// DefaultFileTimeout is how long one file may take to parse when
// Options.FileTimeout is zero. An article takes milliseconds.
const DefaultFileTimeout = 10 * time.Second

// Options configures a load.
type Options struct {
	// MaxFileSize is the largest file read, in bytes; 0 means
	// DefaultMaxFileSize. JSON Lines files are streamed, so for them it
	// bounds each line rather than the file.
	MaxFileSize int64
	// FileTimeout is the longest one file may take to parse; 0 means
	// DefaultFileTimeout. A file that takes longer is skipped and loading
	// goes on. Go cannot stop the parse, so it runs on in the background
	// until it ends; it holds up neither the load nor the process.
	FileTimeout time.Duration
	// Progress, when set, is called after each file with the number of
	// files read so far, always from the goroutine that called Load.
	Progress func(filesRead int)
	// Logger receives a warning for each skipped file or line, and for
	// each article loaded despite a problem (see Result.Warnings); nil means
	// slog.Default().
	Logger *slog.Logger
	// QuietSkips leaves skipped files and lines out of the log, for a
	// caller that shows Result.Skipped itself. Warnings are still logged.
	QuietSkips bool
}

// Load reads the articles under path: a directory, walked recursively in
// name order with dot-prefixed files and directories ignored, or a single
// file such as a .jsonl corpus. Files that cannot be used are listed in
// Result.Skipped and logged, and so are articles loaded despite a problem,
// in Result.Warnings; the error is for a path that cannot be read at
// all, or for ctx being cancelled. Article paths are path joined with the
// file's name relative to it.
func Load(ctx context.Context, path string, opts Options) (*Result, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if info.IsDir() {
		l := newLoader(os.DirFS(path), opts)
		l.display = func(rel string) string { return filepath.Join(path, filepath.FromSlash(rel)) }
		res, err := l.loadTree(ctx)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", path, err)
		}
		return res, nil
	}
	// A single file: check it opens, so an unreadable path is an error
	// rather than a skipped file.
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	f.Close()
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	l := newLoader(os.DirFS(dir), opts)
	l.display = func(string) string { return path }
	res, err := l.loadFiles(ctx, []string{name})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return res, nil
}

// LoadFS reads the articles in fsys, walked from its root as Load walks a
// directory. Article paths are slash-separated and relative to the root.
func LoadFS(ctx context.Context, fsys fs.FS, opts Options) (*Result, error) {
	res, err := newLoader(fsys, opts).loadTree(ctx)
	if err != nil {
		return nil, fmt.Errorf("load fs: %w", err)
	}
	return res, nil
}

// loader holds the state of one load.
type loader struct {
	fsys    fs.FS
	opts    Options
	log     *slog.Logger
	display func(rel string) string
	// adjust, when set, edits each parsed article before IDs and
	// duplicates are settled; LoadSeeds applies the seed metadata here.
	// An error skips the article with the error as the reason.
	adjust func(rel string, a *Article) error
	// parse turns a whole file's text into an article; tests replace it.
	parse func(f format, text string) (Article, error)
}

func newLoader(fsys fs.FS, opts Options) *loader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.FileTimeout <= 0 {
		opts.FileTimeout = DefaultFileTimeout
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &loader{fsys: fsys, opts: opts, log: log, display: func(rel string) string { return rel }, parse: safeParse}
}

// loadTree walks the whole file system and loads every file found.
func (l *loader) loadTree(ctx context.Context) (*Result, error) {
	var files []string
	var skipped []Skipped
	err := fs.WalkDir(l.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			if p == "." {
				return err
			}
			// An unreadable subdirectory is skipped, not fatal.
			skipped = append(skipped, Skipped{Path: l.display(p), Reason: "cannot read: " + unwrapPathError(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		// Symbolic links are followed when the file is opened.
		if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res, err := l.loadFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	for _, s := range skipped {
		l.logSkip(s)
	}
	res.Skipped = append(skipped, res.Skipped...)
	return res, nil
}

// logSkip logs a skipped file or line, unless the caller shows them.
func (l *loader) logSkip(s Skipped) {
	if !l.opts.QuietSkips {
		l.log.Warn("corpus: skipped", "path", s.Path, "reason", s.Reason)
	}
}

// unwrapPathError returns the message of err without the path that
// fs.PathError repeats.
func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// HoldsFiles reports whether dir holds at least one regular, non-hidden
// file, at any depth, or is itself a file: whether Load has anything to
// read there. A missing dir holds none.
func HoldsFiles(dir string) bool {
	found := errors.New("found")
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			return found
		}
		return nil
	})
	return errors.Is(err, found)
}
