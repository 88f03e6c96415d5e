package corpus

import (
	"context"
	"runtime"
	"sync"
)

// loadFiles reads files in parallel and merges the results in the order
// given: IDs are made unique, exact-duplicate texts dropped, titles filled
// in. The result is the same whatever order the reads finish in.
func (l *loader) loadFiles(ctx context.Context, files []string) (*Result, error) {
	results := make([]fileResult, len(files))
	done := make(chan struct{}, len(files))
	work := make(chan int)

	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Go(func() {
			for i := range work {
				results[i] = l.readFile(ctx, files[i])
				done <- struct{}{}
			}
		})
	}
	go func() {
		defer close(work)
		for i := range files {
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	read := 0
	go func() { wg.Wait(); close(done) }()
	for range done {
		read++
		if l.opts.Progress != nil {
			l.opts.Progress(read)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return l.merge(results)
}

// merge joins per-file results in order.
func (l *loader) merge(results []fileResult) (*Result, error) {
	res := &Result{}
	ids := idSet{}
	texts := make(map[string]struct{})
	for _, fr := range results {
		if fr.err != nil {
			return nil, fr.err
		}
		for _, s := range fr.skipped {
			l.logSkip(s)
			res.Skipped = append(res.Skipped, s)
		}
		for _, w := range fr.warnings {
			l.log.Warn("corpus: warning", "path", w.Path, "warning", w.Message)
			res.Warnings = append(res.Warnings, w)
		}
		for _, a := range fr.articles {
			if l.adjust != nil {
				if err := l.adjust(fr.rel, &a); err != nil {
					s := Skipped{Path: a.Path, Reason: err.Error()}
					l.logSkip(s)
					res.Skipped = append(res.Skipped, s)
					continue
				}
			}
			if _, dup := texts[a.Text]; dup {
				res.Duplicates++
				continue
			}
			texts[a.Text] = struct{}{}
			if a.Title == "" {
				a.Title = fallbackTitle(a.Text)
			}
			a.ID = ids.claim(a.ID)
			res.Articles = append(res.Articles, a)
		}
	}
	return res, nil
}
