package glovefile

import "math"

// Cosine returns the cosine of the angle between a and b, for measuring
// how closely a quantized row keeps its original direction.
func Cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}

// HarmonicNumber returns H_n = 1 + 1/2 + ... + 1/n, the normaliser of a
// Zipf distribution with exponent 1 over n ranks.
func HarmonicNumber(n int) float64 {
	var h float64
	for r := n; r >= 1; r-- { // small terms first for accuracy
		h += 1 / float64(r)
	}
	return h
}

// CommonComponent estimates the first principal component of SIF sentence
// vectors without a corpus. Sentences are modelled as sentLen words drawn
// independently from the table's Zipf distribution (renormalised over the
// table); for u_w = Weight(w)·v_w, the exact second moment of their mean is
//
//	M = μμᵀ + (S − μμᵀ)/sentLen,  μ = Σ p_w u_w,  S = Σ p_w u_w u_wᵀ,
//
// and its leading eigenvector (by power iteration, signed to agree with μ)
// is returned as a unit vector. Rows are read dequantized, so the
// component matches what the embedder computes at run time.
func CommonComponent(t *Table, sentLen int) []float32 {
	d := t.Dim
	mu := make([]float64, d)
	s := make([]float64, d*d)
	var total float64
	for i := range t.Words {
		total += t.Prob(i)
	}
	u := make([]float64, d)
	for i := range t.Words {
		p := t.Prob(i) / total
		wt := t.Weight(i)
		for j, x := range t.Vector(i) {
			u[j] = wt * float64(x)
			mu[j] += p * u[j]
		}
		for a := 0; a < d; a++ {
			pa := p * u[a]
			row := s[a*d : (a+1)*d]
			for b := 0; b < d; b++ {
				row[b] += pa * u[b]
			}
		}
	}
	n := float64(sentLen)
	m := make([]float64, d*d)
	for a := 0; a < d; a++ {
		for b := 0; b < d; b++ {
			mm := mu[a] * mu[b]
			m[a*d+b] = mm + (s[a*d+b]-mm)/n
		}
	}
	v := append([]float64(nil), mu...)
	normalize64(v)
	next := make([]float64, d)
	for iter := 0; iter < 1000; iter++ {
		for a := 0; a < d; a++ {
			var acc float64
			for b := 0; b < d; b++ {
				acc += m[a*d+b] * v[b]
			}
			next[a] = acc
		}
		normalize64(next)
		var diff float64
		for a := range v {
			diff += math.Abs(next[a] - v[a])
		}
		v, next = next, v
		if diff < 1e-12 {
			break
		}
	}
	var dot float64
	for j := range v {
		dot += v[j] * mu[j]
	}
	out := make([]float32, d)
	for j := range v {
		if dot < 0 {
			v[j] = -v[j]
		}
		out[j] = float32(v[j])
	}
	return out
}

func normalize64(v []float64) {
	var ss float64
	for _, x := range v {
		ss += x * x
	}
	n := math.Sqrt(ss)
	if n == 0 {
		return
	}
	for i := range v {
		v[i] /= n
	}
}
