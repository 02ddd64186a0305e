// Package stats holds the statistics Parley reports: score intervals for
// proportions and their differences, exact sums of floating-point values
// and their squares, a mergeable quantile sketch and rank correlation.
// Every aggregate here merges exactly, so totals do not depend on the
// order in which worlds, workers or shards were counted. Each function
// cites the source of its method.
package stats

import "math"

// Z95 is the standard normal quantile for a two-sided 95% interval.
const Z95 = 1.959963984540054

// Wilson returns the Wilson score interval for k successes in n trials at
// 95% confidence (Wilson EB, "Probable inference, the law of succession,
// and statistical inference", Journal of the American Statistical
// Association 1927; 22:209–212; method 3 in Newcombe RG, Statistics in
// Medicine 1998; 17:857–872). Unlike the textbook p ± z·se interval it
// stays inside [0, 1] and does not collapse to zero width when k is 0 or
// n. With n = 0 it is [0, 1].
func Wilson(k, n int64) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	z2 := Z95 * Z95
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := Z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / den
	lo, hi = math.Max(0, centre-half), math.Min(1, centre+half)
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return lo, hi
}

// PairedDiff returns the difference pA − pB of two proportions measured on
// the same n worlds and its 95% interval by Newcombe's hybrid score method
// for paired data (Newcombe 1998, Statistics in Medicine 17:2635, method
// 10): Wilson intervals of the two margins combined with the correlation
// of the pairs. both, onlyA, onlyB and neither count the worlds by which
// of the two events happened. Unlike the Wald interval it behaves when
// flips are rare.
func PairedDiff(both, onlyA, onlyB, neither int64) (d, lo, hi float64) {
	n := both + onlyA + onlyB + neither
	if n == 0 {
		return 0, -1, 1
	}
	kA, kB := both+onlyA, both+onlyB
	pA, pB := float64(kA)/float64(n), float64(kB)/float64(n)
	lA, uA := Wilson(kA, n)
	lB, uB := Wilson(kB, n)
	phi := 0.0
	a, b, c, e := float64(both), float64(onlyA), float64(onlyB), float64(neither)
	if den := (a + b) * (c + e) * (a + c) * (b + e); den > 0 {
		// Method 10 shrinks a positive ae − bc by n/2. Without it (method
		// 8) φ is 1 whenever no world flips, and the interval shrinks to
		// the difference of the two Wilson half-widths: to nothing when
		// both = neither, however few worlds there are.
		num, half := a*e-b*c, float64(n)/2
		switch {
		case num > half:
			num -= half
		case num > 0:
			num = 0
		}
		phi = num / math.Sqrt(den)
	}
	d = pA - pB
	delta := math.Sqrt(math.Max(0, sq(pA-lA)-2*phi*(pA-lA)*(uB-pB)+sq(uB-pB)))
	eps := math.Sqrt(math.Max(0, sq(uA-pA)-2*phi*(uA-pA)*(pB-lB)+sq(pB-lB)))
	return d, math.Max(-1, d-delta), math.Min(1, d+eps)
}

// UnpairedDiff is the same interval for two independent samples of n
// (φ = 0): Newcombe's hybrid score interval for independent proportions
// (Newcombe 1998, Statistics in Medicine 17:873, method 10), what two
// separate runs would give. It is here to show what pairing saves.
func UnpairedDiff(kA, kB, n int64) (d, lo, hi float64) {
	pA, pB := float64(kA)/float64(n), float64(kB)/float64(n)
	lA, uA := Wilson(kA, n)
	lB, uB := Wilson(kB, n)
	d = pA - pB
	return d, d - math.Sqrt(sq(pA-lA)+sq(uB-pB)), d + math.Sqrt(sq(uA-pA)+sq(pB-lB))
}

func sq(x float64) float64 { return x * x }

// Ratio is k/n as a probability estimate, NaN when there are no trials
// (an empty sample has no estimate, and NaN keeps it from passing for 0).
func Ratio(k, n int64) float64 {
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}
