package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/philippgille/chromem-go"

	"github.com/dossier-bot/dossier/retrieval/bm25"
	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/passage"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// FormatVersion is the snapshot layout version; a file of another version is
// rebuilt, never served. Version 2 stopped storing the article texts;
// version 3 stores each article's resolved dates.
const FormatVersion = 3

// magic opens every snapshot file.
var magic = []byte("DOSSIDX\x00")

// ErrStale reports a snapshot that is intact but was built from another
// corpus, with another embedder or in another format.
var ErrStale = errors.New("index is stale")

// ErrCorrupt reports a snapshot that cannot be read.
var ErrCorrupt = errors.New("index file is corrupt")

// A snapshot is: magic, then four length-prefixed sections (JSON Meta, gob of
// the passages, the BM25 index, chromem-go's export of the vector
// collection), then a CRC-32C of everything before it. The articles are not
// stored: the caller reads the corpus anyway to compute its fingerprint,
// and passes the articles to Load.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// content is the gob-encoded section of a snapshot.
type content struct {
	Passages []passage.Passage
	Dates    [][]timex.Expression
}

// Save writes the index to path atomically: to a temporary file in the same
// directory, locked while it is written (see RemoveStaleTemps) and synced,
// then renamed over path, and the directory synced.
func (ix *Index) Save(path string) error {
	if ix.remote != nil {
		return errors.New("save index: it is kept in a shared store, not in a snapshot")
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	tmp, err := os.CreateTemp(dir, tempPattern(path))
	if err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := lock(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("save index %s: lock: %w", path, err)
	}
	if err := ix.write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("save index %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save index %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save index %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("save index %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save index %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("save index %s: sync directory: %w", path, err)
	}
	return nil
}

func (ix *Index) write(f io.Writer) error {
	bw := bufio.NewWriterSize(f, 1<<20)
	sum := crc32.New(castagnoli)
	w := io.MultiWriter(bw, sum)
	if _, err := w.Write(magic); err != nil {
		return err
	}
	sections := []func(io.Writer) error{
		func(w io.Writer) error { return json.NewEncoder(w).Encode(ix.Meta) },
		func(w io.Writer) error {
			return gob.NewEncoder(w).Encode(content{Passages: ix.Passages, Dates: ix.Dates})
		},
		func(w io.Writer) error { _, err := ix.words.WriteTo(w); return err },
		func(w io.Writer) error {
			if _, err := ix.collection(); err != nil {
				return err
			}
			return ix.store.db.ExportToWriter(w, false, "", collectionName)
		},
	}
	var buf bytes.Buffer
	for i, write := range sections {
		buf.Reset()
		if err := write(&buf); err != nil {
			return fmt.Errorf("section %d: %w", i, err)
		}
		if err := binary.Write(w, binary.LittleEndian, uint64(buf.Len())); err != nil {
			return err
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	if err := binary.Write(bw, binary.LittleEndian, sum.Sum32()); err != nil {
		return err
	}
	return bw.Flush()
}

// ReadMeta reads only the metadata of the snapshot at path.
func ReadMeta(path string) (Meta, error) {
	f, err := os.Open(path)
	if err != nil {
		return Meta{}, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	head := make([]byte, len(magic)+8)
	if _, err := io.ReadFull(r, head); err != nil || !bytes.Equal(head[:len(magic)], magic) {
		return Meta{}, fmt.Errorf("%s: %w: not a dossier index", path, ErrCorrupt)
	}
	n := binary.LittleEndian.Uint64(head[len(magic):])
	if n > 1<<20 {
		return Meta{}, fmt.Errorf("%s: %w: metadata section of %d bytes", path, ErrCorrupt, n)
	}
	var m Meta
	if err := json.NewDecoder(io.LimitReader(r, int64(n))).Decode(&m); err != nil {
		return Meta{}, fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	return m, nil
}

// Verify checks that the file at path is a whole snapshot, undamaged: its
// magic and checksum. It reads the file without keeping it in memory.
func Verify(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if size < int64(len(magic))+4 {
		return fmt.Errorf("%s: %w: not a dossier index", path, ErrCorrupt)
	}
	sum := crc32.New(castagnoli)
	r := bufio.NewReaderSize(f, 1<<20)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || !bytes.Equal(head, magic) {
		return fmt.Errorf("%s: %w: not a dossier index", path, ErrCorrupt)
	}
	sum.Write(head)
	if _, err := io.CopyN(sum, r, size-int64(len(magic))-4); err != nil {
		return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	var tail [4]byte
	if _, err := io.ReadFull(r, tail[:]); err != nil {
		return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
	}
	if sum.Sum32() != binary.LittleEndian.Uint32(tail[:]) {
		return fmt.Errorf("%s: %w: checksum mismatch", path, ErrCorrupt)
	}
	return nil
}

// Load reads the snapshot at path for articles, the corpus whose
// fingerprint is given: the snapshot refers to them by position and
// offset. It returns an error wrapping ErrStale when the snapshot does not
// match fingerprint or the embedder, and ErrCorrupt when it is damaged;
// either way, nothing of it is served.
func Load(ctx context.Context, path, fingerprint string, articles []corpus.Article, emb embed.Embedder) (*Index, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	ix, err := decode(ctx, data, fingerprint, articles, emb)
	if err != nil {
		return nil, fmt.Errorf("load index %s: %w", path, err)
	}
	return ix, nil
}

func decode(ctx context.Context, data []byte, fingerprint string, articles []corpus.Article, emb embed.Embedder) (*Index, error) {
	if len(data) < len(magic)+4 || !bytes.Equal(data[:len(magic)], magic) {
		return nil, fmt.Errorf("%w: not a dossier index", ErrCorrupt)
	}
	body, tail := data[:len(data)-4], data[len(data)-4:]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(tail) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	sections, err := splitSections(body[len(magic):], 4)
	if err != nil {
		return nil, err
	}
	ix := &Index{embedder: emb}
	if err := json.Unmarshal(sections[0], &ix.Meta); err != nil {
		return nil, fmt.Errorf("%w: metadata: %v", ErrCorrupt, err)
	}
	if err := ix.checkMeta(fingerprint, emb); err != nil {
		return nil, err
	}
	var c content
	if err := gob.NewDecoder(bytes.NewReader(sections[1])).Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: passages: %v", ErrCorrupt, err)
	}
	ix.Articles, ix.Passages, ix.Dates = articles, c.Passages, c.Dates
	ix.newest = newestDate(ix.Articles)
	if ix.words, err = bm25.ReadIndex(bytes.NewReader(sections[2])); err != nil {
		return nil, fmt.Errorf("%w: bm25: %v", ErrCorrupt, err)
	}
	db := chromem.NewDB()
	if err := db.ImportFromReader(bytes.NewReader(sections[3]), "", collectionName); err != nil {
		return nil, fmt.Errorf("%w: vectors: %v", ErrCorrupt, err)
	}
	if err := ix.loadMatrix(ctx, db.GetCollection(collectionName, embed.Func(emb))); err != nil {
		return nil, err
	}
	// The matrix now holds the vectors; the imported collection would
	// hold them a second time, so it goes, to be remade if needed.
	ix.store = &store{}
	return ix, ix.validate()
}

func (ix *Index) checkMeta(fingerprint string, emb embed.Embedder) error {
	switch m := ix.Meta; {
	case m.Version != FormatVersion:
		return fmt.Errorf("%w: format version %d, want %d", ErrStale, m.Version, FormatVersion)
	case m.Tagger != timex.Version:
		return fmt.Errorf("%w: dates found by tagger version %d, want %d", ErrStale, m.Tagger, timex.Version)
	case m.Fingerprint != fingerprint:
		return fmt.Errorf("%w: built from another corpus", ErrStale)
	case m.Embedder != emb.Name():
		return fmt.Errorf("%w: built with embedder %q, configured %q", ErrStale, m.Embedder, emb.Name())
	case emb.Dim() != 0 && m.Dim != emb.Dim() && m.Passages > 0:
		return fmt.Errorf("%w: vectors of %d dimensions, embedder gives %d", ErrStale, m.Dim, emb.Dim())
	}
	return nil
}

// loadMatrix copies the vectors of coll, the imported collection, in
// passage order, into the contiguous matrix searches scan.
func (ix *Index) loadMatrix(ctx context.Context, coll *chromem.Collection) error {
	if coll == nil {
		return fmt.Errorf("%w: no vector collection", ErrCorrupt)
	}
	if coll.Count() != len(ix.Passages) {
		return fmt.Errorf("%w: %d vectors for %d passages", ErrCorrupt, coll.Count(), len(ix.Passages))
	}
	vecs := make([][]float32, len(ix.Passages))
	for i := range vecs {
		doc, err := coll.GetByID(ctx, strconv.Itoa(i))
		if err != nil {
			return fmt.Errorf("%w: vector of passage %d: %v", ErrCorrupt, i, err)
		}
		vecs[i] = doc.Embedding
	}
	m, err := newMatrix(vecs)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	ix.vectors = m
	return nil
}

// validate checks that every passage points into its article's text.
func (ix *Index) validate() error {
	if len(ix.Articles) != ix.Meta.Articles || len(ix.Passages) != ix.Meta.Passages || ix.words.Len() != len(ix.Passages) {
		return fmt.Errorf("%w: counts do not match the metadata", ErrCorrupt)
	}
	for i, p := range ix.Passages {
		if p.Article < 0 || p.Article >= len(ix.Articles) || p.Start < 0 || p.Start > p.End || p.End > len(ix.Articles[p.Article].Text) {
			return fmt.Errorf("%w: passage %d is out of range", ErrCorrupt, i)
		}
		// Answers slice the article's text by these spans.
		for _, s := range p.Sentences {
			if s.Start < p.Start || s.End < s.Start || s.End > p.End {
				return fmt.Errorf("%w: a sentence of passage %d is out of range", ErrCorrupt, i)
			}
		}
	}
	if len(ix.Dates) != len(ix.Articles) {
		return fmt.Errorf("%w: dates for %d articles, want %d", ErrCorrupt, len(ix.Dates), len(ix.Articles))
	}
	for a, ds := range ix.Dates {
		prev := 0
		for _, d := range ds {
			if d.Start < prev || d.End < d.Start || d.End > len(ix.Articles[a].Text) {
				return fmt.Errorf("%w: a date of article %d is out of range", ErrCorrupt, a)
			}
			prev = d.End
		}
	}
	return nil
}

func splitSections(b []byte, n int) ([][]byte, error) {
	out := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		if len(b) < 8 {
			return nil, fmt.Errorf("%w: section %d is truncated", ErrCorrupt, i)
		}
		size := binary.LittleEndian.Uint64(b)
		b = b[8:]
		if size > uint64(len(b)) {
			return nil, fmt.Errorf("%w: section %d is truncated", ErrCorrupt, i)
		}
		out = append(out, b[:size])
		b = b[size:]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d unexpected trailing bytes", ErrCorrupt, len(b))
	}
	return out, nil
}
