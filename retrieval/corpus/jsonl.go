package corpus

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// jsonlRecord is one line of a JSON Lines corpus.
type jsonlRecord struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Text      string `json:"text"`
}

// jsonlReadSize is the read buffer of a JSON Lines file; longer lines are
// assembled from several reads.
const jsonlReadSize = 1 << 20

// Batching of JSON Lines decoding: lines are read in order by one
// goroutine, decoded in batches by up to GOMAXPROCS workers, and handed
// back in order.
const (
	jsonlBatchBytes = 1 << 20
	jsonlBatchLines = 512
)

// jsonlBatch is a run of consecutive lines decoded together.
type jsonlBatch struct {
	first int    // number of the first line
	data  []byte // the lines' bytes, back to back
	ends  []int  // end offset of each line in data; -1 for a line too long
	out   chan []jsonlLine
}

// jsonlLine is the outcome of one non-blank line.
type jsonlLine struct {
	n       int
	a       Article
	reason  string // why the line was rejected; "" for a good one
	warning string // a problem with a good line, such as an unread date
}

// readJSONL streams a JSON Lines corpus from r: one article object per
// line, blank lines ignored. A line that is not a JSON object, has no text
// or is longer than maxLine bytes is passed to bad with its 1-based number
// and the reason; the other lines go to emit in order. An article whose
// date cannot be read is emitted undated, after a call to warn. Lines are
// decoded in parallel; emit, bad and warn are called from the calling
// goroutine only. Only a read error or ctx cancellation stops it.
func readJSONL(ctx context.Context, r io.Reader, maxLine int64, emit func(Article), bad, warn func(line int, msg string)) error {
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *jsonlBatch)
	order := make(chan *jsonlBatch, 2*workers)
	var readErr error
	go func() {
		defer close(work)
		defer close(order)
		readErr = splitJSONL(ctx, r, maxLine, func(b *jsonlBatch) bool {
			select {
			case order <- b:
			case <-ctx.Done():
				return false
			}
			select {
			case work <- b:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	for range workers {
		go func() {
			for b := range work {
				b.out <- b.decode(maxLine)
			}
		}()
	}
	for b := range order {
		var lines []jsonlLine
		select {
		case lines = <-b.out:
		case <-ctx.Done():
			return ctx.Err()
		}
		for _, l := range lines {
			switch {
			case l.reason != "":
				bad(l.n, l.reason)
				continue
			case l.warning != "":
				warn(l.n, l.warning)
			}
			emit(l.a)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return readErr
}

// splitJSONL reads r line by line into batches and passes each to send,
// stopping early when send returns false.
func splitJSONL(ctx context.Context, r io.Reader, maxLine int64, send func(*jsonlBatch) bool) error {
	br := bufio.NewReaderSize(r, jsonlReadSize)
	var long []byte
	b := newBatch(1, 64<<10)
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, &long, maxLine)
		if tooLong {
			b.ends = append(b.ends, -1)
		} else {
			b.data = append(b.data, line...)
			b.ends = append(b.ends, len(b.data))
		}
		last := err != nil
		if last || len(b.data) >= jsonlBatchBytes || len(b.ends) >= jsonlBatchLines {
			if !send(b) {
				return ctx.Err()
			}
			b = newBatch(n+1, cap(b.data))
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
}

// newBatch returns an empty batch starting at line first. Its buffer
// starts as large as the previous batch's grew (at most a full batch plus a
// quarter), so a big file rarely reallocates and a small one stays small.
func newBatch(first, capacity int) *jsonlBatch {
	return &jsonlBatch{
		first: first,
		data:  make([]byte, 0, min(capacity, jsonlBatchBytes+jsonlBatchBytes/4)),
		ends:  make([]int, 0, 64),
		out:   make(chan []jsonlLine, 1),
	}
}

// decode turns the batch's lines into articles or reasons.
func (b *jsonlBatch) decode(maxLine int64) []jsonlLine {
	out := make([]jsonlLine, 0, len(b.ends))
	start := 0
	for i, end := range b.ends {
		n := b.first + i
		if end < 0 {
			out = append(out, jsonlLine{n: n, reason: "longer than " + formatSize(maxLine)})
			continue
		}
		a, reason, warning := decodeJSONLine(b.data[start:end])
		start = end
		if a.Text != "" || reason != "" {
			out = append(out, jsonlLine{n: n, a: a, reason: reason, warning: warning})
		}
	}
	return out
}

// readLine returns the next line without its newline. A line longer than
// maxLine is consumed and reported as tooLong. scratch is reused between
// calls for lines that do not fit the reader's buffer.
func readLine(br *bufio.Reader, scratch *[]byte, maxLine int64) (line []byte, tooLong bool, err error) {
	chunk, err := br.ReadSlice('\n')
	if err == nil || !errors.Is(err, bufio.ErrBufferFull) {
		line = trimNewline(chunk)
		if int64(len(line)) > maxLine {
			return nil, true, err
		}
		return line, false, err
	}
	buf := append((*scratch)[:0], chunk...)
	for errors.Is(err, bufio.ErrBufferFull) {
		chunk, err = br.ReadSlice('\n')
		if !tooLong {
			buf = append(buf, chunk...)
			if int64(len(buf)) > maxLine+1 {
				tooLong, buf = true, buf[:0]
			}
		}
	}
	*scratch = buf
	line = trimNewline(buf)
	if tooLong || int64(len(line)) > maxLine {
		return nil, true, err
	}
	return line, false, err
}

// trimNewline drops a trailing "\n" or "\r\n".
func trimNewline(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

// jsonlOptions make decoding as lenient as encoding/json: names match case
// insensitively, duplicate names and invalid UTF-8 are allowed.
var jsonlOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

// decodeJSONLine turns one line into an article. It returns an empty
// article and no reason for a blank line, and a reason for a bad one. A
// date that cannot be read leaves the article undated, with a warning.
func decodeJSONLine(line []byte) (a Article, reason, warning string) {
	if len(bytes.TrimSpace(line)) == 0 {
		return Article{}, "", ""
	}
	var rec jsonlRecord
	if err := json.Unmarshal(line, &rec, jsonlOptions); err != nil {
		return Article{}, jsonlProblem(line, err), ""
	}
	if bytes.HasPrefix(bytes.TrimSpace(line), []byte("null")) {
		// Unmarshal takes null for an empty object.
		return Article{}, "must be a JSON object, not null", ""
	}
	text := strings.TrimSpace(normalizeString(rec.Text))
	if text == "" {
		return Article{}, "no text", ""
	}
	published, err := parsePublished(rec.Published)
	if err != nil {
		warning = fmt.Sprintf(`"published": %v; kept undated`, err)
	}
	return Article{
		ID:        strings.TrimSpace(rec.ID),
		Title:     cleanField(rec.Title),
		Published: published,
		URL:       strings.TrimSpace(rec.URL),
		Source:    cleanField(rec.Source),
		Text:      text,
	}, "", warning
}
