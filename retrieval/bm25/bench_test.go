package bm25

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/textseg"
)

var benchSizes = []int{1_000, 10_000, 100_000}

var (
	synthMu    sync.Mutex
	synthCache = map[int][]string{}
)

func benchCorpus(n int) []string {
	synthMu.Lock()
	defer synthMu.Unlock()
	if c, ok := synthCache[n]; ok {
		return c
	}
	c := synthCorpus(n, 42)
	synthCache[n] = c
	return c
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		corpus := benchCorpus(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buildIndex(corpus)
			}
		})
	}
}

// BenchmarkTerms is the textseg share of BenchmarkBuild: textseg.Terms over
// the same passages, without the Builder's per-word cache.
func BenchmarkTerms(b *testing.B) {
	for _, n := range benchSizes {
		corpus := benchCorpus(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range corpus {
					textseg.Terms(d)
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	queries := synthQueries(1000, 42)
	for _, n := range benchSizes {
		ix := buildIndex(benchCorpus(n))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				ix.Search(queries[i%len(queries)], 10, nil)
				i++
			}
		})
	}
}

func BenchmarkReadIndex(b *testing.B) {
	for _, n := range benchSizes {
		var buf bytes.Buffer
		if _, err := buildIndex(benchCorpus(n)).WriteTo(&buf); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(buf.Len()))
			for b.Loop() {
				if _, err := ReadIndex(bytes.NewReader(buf.Bytes())); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

const rtqaDir = "../../../shared/eval/rtqa-2022"

// rtqaPassages splits the texts of the RealTime QA articles into passages
// of 80 white-space separated words.
func rtqaPassages(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(rtqaDir + "/articles.jsonl")
	if err != nil {
		tb.Skipf("rtqa articles absent: %v", err)
	}
	defer f.Close()
	var passages []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatalf("read %s: %v", f.Name(), err)
		}
		words := strings.Fields(a.Text)
		for i := 0; i < len(words); i += 80 {
			passages = append(passages, strings.Join(words[i:min(i+80, len(words))], " "))
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read %s: %v", f.Name(), err)
	}
	return passages
}

func rtqaQuestions(tb testing.TB) []string {
	tb.Helper()
	data, err := os.ReadFile(rtqaDir + "/qa.jsonl")
	if err != nil {
		tb.Skipf("rtqa questions absent: %v", err)
	}
	var qs []string
	for line := range strings.Lines(string(data)) {
		var q struct{ Question string }
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			tb.Fatalf("read qa.jsonl: %v", err)
		}
		qs = append(qs, q.Question)
	}
	return qs
}

// BenchmarkRTQA builds, searches and reloads an index of the RealTime QA
// articles (about 108,000 passages).
func BenchmarkRTQA(b *testing.B) {
	passages := rtqaPassages(b)
	questions := rtqaQuestions(b)
	ix := buildIndex(passages)
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d passages, %d terms, %d postings, %d bytes on disk", ix.Len(), ix.NumTerms(), len(ix.postDoc), buf.Len())

	b.Run("Build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buildIndex(passages)
		}
	})
	b.Run("Terms", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range passages {
				textseg.Terms(p)
			}
		}
	})
	b.Run("Search", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			ix.Search(questions[i%len(questions)], 10, nil)
			i++
		}
	})
	b.Run("SearchFiltered", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			ix.Search(questions[i%len(questions)], 10, func(d int) bool { return d%3 == 0 })
			i++
		}
	})
	b.Run("ReadIndex", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(buf.Len()))
		for b.Loop() {
			if _, err := ReadIndex(bytes.NewReader(buf.Bytes())); err != nil {
				b.Fatal(err)
			}
		}
	})
}
