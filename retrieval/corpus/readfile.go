package corpus

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"golang.org/x/text/transform"
)

// fileResult is what reading one file produced.
type fileResult struct {
	rel      string // the file's path in the loader's file system
	articles []Article
	skipped  []Skipped
	warnings []Warning
	err      error // only ctx cancellation
}

// sniffSize is how much of a streamed file is checked for its encoding
// and for binary content.
const sniffSize = 8 << 10

// readFile reads and parses one file. Problems with the file become skip
// entries; only cancellation is returned as an error.
func (l *loader) readFile(ctx context.Context, rel string) fileResult {
	shown := l.display(rel)
	skip := func(reason string) fileResult {
		return fileResult{skipped: []Skipped{{Path: shown, Reason: reason}}}
	}
	f := formatOf(rel)
	if f == formatUnknown {
		return skip(unsupported(rel))
	}
	file, err := l.fsys.Open(rel)
	if err != nil {
		return skip("cannot read: " + unwrapPathError(err))
	}
	defer file.Close()
	info, err := file.Stat()
	switch {
	case err != nil:
		return skip("cannot read: " + unwrapPathError(err))
	case !info.Mode().IsRegular():
		return skip("not a regular file")
	case f == formatJSONL:
		return l.readJSONLFile(ctx, file, rel)
	case info.Size() > l.opts.MaxFileSize:
		return skip("larger than " + formatSize(l.opts.MaxFileSize))
	}
	data, err := io.ReadAll(io.LimitReader(file, l.opts.MaxFileSize+1))
	switch {
	case err != nil:
		return skip("cannot read: " + unwrapPathError(err))
	case int64(len(data)) > l.opts.MaxFileSize:
		return skip("larger than " + formatSize(l.opts.MaxFileSize))
	}
	isHTML := f == formatHTML || f == formatText && looksLikeHTML(string(data[:min(len(data), 512)]))
	text, problem := decodeText(data, isHTML)
	if problem != "" {
		return skip(problem)
	}
	a, err := l.parseWithin(ctx, f, normalizeString(text))
	switch {
	case ctx.Err() != nil:
		return fileResult{err: ctx.Err()}
	case err != nil:
		return skip(err.Error())
	}
	if a.Text == "" {
		return skip("no text")
	}
	a.Path = shown
	if a.ID == "" {
		a.ID = slug(rel)
	}
	return fileResult{rel: rel, articles: []Article{a}}
}

// readJSONLFile streams a JSON Lines corpus. Each bad line is a skip entry
// named file:line, and so is each warning.
func (l *loader) readJSONLFile(ctx context.Context, r io.Reader, rel string) fileResult {
	shown := l.display(rel)
	br := bufio.NewReaderSize(r, jsonlReadSize)
	head, _ := br.Peek(sniffSize)
	skip, dec, problem := streamEncoding(head)
	if problem != "" {
		return fileResult{skipped: []Skipped{{Path: shown, Reason: problem}}}
	}
	var in io.Reader = br
	if _, err := br.Discard(skip); err != nil {
		return fileResult{skipped: []Skipped{{Path: shown, Reason: "cannot read: " + unwrapPathError(err)}}}
	}
	if dec != nil {
		in = transform.NewReader(br, dec)
	}
	res := fileResult{rel: rel}
	err := readJSONL(ctx, in, l.opts.MaxFileSize,
		func(a Article) {
			a.Path = shown
			if a.ID == "" {
				a.ID = shortHash(firstOf(a.URL, a.Text))
			}
			res.articles = append(res.articles, a)
		},
		func(line int, reason string) {
			res.skipped = append(res.skipped, Skipped{Path: shown + ":" + strconv.Itoa(line), Line: line, Reason: reason})
		},
		func(line int, msg string) {
			res.warnings = append(res.warnings, Warning{Path: shown + ":" + strconv.Itoa(line), Message: msg})
		})
	if err != nil {
		if ctx.Err() != nil {
			return fileResult{err: ctx.Err()}
		}
		res.skipped = append(res.skipped, Skipped{Path: shown, Reason: "cannot read: " + unwrapPathError(err)})
	}
	if len(res.articles) == 0 && len(res.skipped) == 0 {
		res.skipped = append(res.skipped, Skipped{Path: shown, Reason: "empty"})
	}
	return res
}

// parseWithin parses a file's text in a goroutine of its own and waits at
// most Options.FileTimeout for it, or until ctx is done. A parse that
// overruns is left to finish in the background: its result is dropped.
func (l *loader) parseWithin(ctx context.Context, f format, text string) (Article, error) {
	type parsed struct {
		a   Article
		err error
	}
	done := make(chan parsed, 1) // never blocks a parse that was given up on
	go func() {
		a, err := l.parse(f, text)
		done <- parsed{a, err}
	}()
	timer := time.NewTimer(l.opts.FileTimeout)
	defer timer.Stop()
	select {
	case p := <-done:
		return p.a, p.err
	case <-timer.C:
		return Article{}, fmt.Errorf("took longer than %v to parse", l.opts.FileTimeout)
	case <-ctx.Done():
		return Article{}, ctx.Err()
	}
}

// safeParse is parseText with a panic in a parser, such as the HTML
// library meeting a page it cannot handle, turned into an error so that
// one file cannot stop a load.
func safeParse(f format, text string) (a Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parser failed: %v", r)
		}
	}()
	return parseText(f, text)
}
