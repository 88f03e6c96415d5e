package index

import (
	"container/heap"
	"fmt"
	"runtime"
	"sync"
)

// matrix holds the passage vectors in one contiguous slice, row i at
// data[i*dim:(i+1)*dim]. Scanning it is several times faster than walking
// chromem-go's map of documents, which is what keeps a full answer within
// the time of chromem-go's own Query.
type matrix struct {
	dim  int
	rows int
	data []float32
}

func newMatrix(vecs [][]float32) (*matrix, error) {
	m := &matrix{rows: len(vecs)}
	if len(vecs) == 0 {
		return m, nil
	}
	m.dim = len(vecs[0])
	m.data = make([]float32, 0, m.rows*m.dim)
	for i, v := range vecs {
		if len(v) != m.dim {
			return nil, fmt.Errorf("vector %d has %d dimensions, want %d", i, len(v), m.dim)
		}
		m.data = append(m.data, v...)
	}
	return m, nil
}

// scored is a row and its similarity to a query.
type scored struct {
	row   int
	score float32
}

// top returns the k rows most similar to q (dot product of unit vectors),
// best first, skipping rows for which keep returns false.
func (m *matrix) top(q []float32, k int, keep func(row int) bool) []scored {
	if m.rows == 0 || k <= 0 || len(q) != m.dim {
		return nil
	}
	workers := runtime.GOMAXPROCS(0)
	if m.rows < 4096 {
		workers = 1
	}
	parts := make([][]scored, workers)
	var wg sync.WaitGroup
	chunk := (m.rows + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, m.rows)
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			parts[w] = m.topRange(q, k, lo, hi, keep)
		}(w, lo, hi)
	}
	wg.Wait()
	h := &minHeap{}
	for _, p := range parts {
		for _, s := range p {
			pushTop(h, s, k)
		}
	}
	return h.sorted()
}

func (m *matrix) topRange(q []float32, k, lo, hi int, keep func(int) bool) []scored {
	h := &minHeap{}
	for r := lo; r < hi; r++ {
		if keep != nil && !keep(r) {
			continue
		}
		pushTop(h, scored{r, dot(q, m.data[r*m.dim:(r+1)*m.dim])}, k)
	}
	return *h
}

func dot(a, b []float32) float32 {
	var s0, s1, s2, s3 float32
	b = b[:len(a)]
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// minHeap keeps the best k scores with the worst on top.
type minHeap []scored

func (h minHeap) Len() int { return len(h) }
func (h minHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].row > h[j].row
}
func (h minHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)   { *h = append(*h, x.(scored)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func pushTop(h *minHeap, s scored, k int) {
	if h.Len() < k {
		heap.Push(h, s)
		return
	}
	if (*h)[0].score < s.score || ((*h)[0].score == s.score && (*h)[0].row > s.row) {
		(*h)[0] = s
		heap.Fix(h, 0)
	}
}

// sorted empties the heap into a best-first slice.
func (h *minHeap) sorted() []scored {
	out := make([]scored, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(scored)
	}
	return out
}
