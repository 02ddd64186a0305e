package stats

import (
	"cmp"
	"math"
	"slices"
)

// Ranks returns the average ranks of v, 1-based: tied values share the
// mean of the ranks they span, the convention for Spearman's rank
// correlation with ties (Spearman C, "The proof and measurement of
// association between two things", American Journal of Psychology 1904;
// 15:72–101).
func Ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(v[a], v[b]) })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

// Pearson returns the product-moment correlation of x and y (which must
// have the same length); 0 when either is constant.
func Pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Spearman returns Spearman's rank correlation of x and y (Spearman
// 1904): the Pearson correlation of their average ranks (see Ranks), so
// ties are handled as the average-rank convention prescribes. Callers
// correlating one vector with many rank it once with Ranks and call
// Pearson.
func Spearman(x, y []float64) float64 { return Pearson(Ranks(x), Ranks(y)) }
