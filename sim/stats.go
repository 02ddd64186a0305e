package sim

import (
	"math"
	"math/big"
)

// z95 is the standard normal quantile for a two-sided 95% interval.
const z95 = 1.959963984540054

// Wilson returns the Wilson score interval for k successes in n trials at
// 95% confidence. Unlike the textbook p ± z·se interval it stays inside
// [0, 1] and does not collapse to zero width when k is 0 or n.
func Wilson(k, n int64) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	z2 := z95 * z95
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / den
	lo, hi = math.Max(0, centre-half), math.Min(1, centre+half)
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return lo, hi
}

// exactSum adds float64 values without rounding, so that sums merged in
// any order (worker by worker, shard by shard) are identical to the bit.
// 2200 bits span every float64 exponent with room for 2^100 additions.
type exactSum struct{ f big.Float }

const exactPrec = 2200

func (s *exactSum) add(x float64) {
	s.f.SetPrec(exactPrec) // no-op once set; a reset value may have another

	var t big.Float
	t.SetPrec(exactPrec).SetFloat64(x)
	s.f.Add(&s.f, &t)
}

func (s *exactSum) merge(o *exactSum) {
	s.f.SetPrec(exactPrec)
	s.f.Add(&s.f, &o.f)
}

func (s *exactSum) value() float64 {
	v, _ := s.f.Float64()
	return v
}

// meanSD returns the mean and sample standard deviation from exact sums.
func meanSD(n int64, sum, sumsq *exactSum) (mean, sd float64) {
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	var nf, m, v big.Float
	nf.SetPrec(exactPrec).SetInt64(n)
	m.SetPrec(exactPrec).Quo(&sum.f, &nf)
	mean, _ = m.Float64()
	if n < 2 {
		return mean, 0
	}
	// (Σx² − (Σx)²/n) / (n−1), in exact-enough arithmetic: no cancellation.
	v.SetPrec(exactPrec).Mul(&sum.f, &m)
	v.Sub(&sumsq.f, &v)
	v.Quo(&v, nf.Sub(&nf, big.NewFloat(1)))
	vf, _ := v.Float64()
	return mean, math.Sqrt(math.Max(0, vf))
}

// sketch is a quantile sketch with relative accuracy (DDSketch's log
// buckets) that also keeps each bucket's smallest and largest value. Its
// merge is integer addition and min/max, so it is exact in any order; and
// a quantile that falls in a bucket holding one distinct value (common:
// game payoffs are often the same few numbers) is reported exactly.
type sketch struct {
	pos, neg bucketRange
	zero     bucket
}

type bucket struct {
	n        int64
	min, max float64
}

type bucketRange struct {
	off int // index of b[0]
	b   []bucket
}

// sketchGamma sets the relative accuracy: about 0.1%.
const (
	sketchAlpha = 0.001
	sketchZero  = 1e-12
)

var sketchLogGamma = math.Log((1 + sketchAlpha) / (1 - sketchAlpha))

func (b *bucket) add(x float64, n int64) {
	if b.n == 0 || x < b.min {
		b.min = x
	}
	if b.n == 0 || x > b.max {
		b.max = x
	}
	b.n += n
}

func (b *bucket) merge(o bucket) {
	if o.n == 0 {
		return
	}
	if b.n == 0 {
		*b = o
		return
	}
	b.min, b.max, b.n = math.Min(b.min, o.min), math.Max(b.max, o.max), b.n+o.n
}

func (r *bucketRange) at(i int) *bucket {
	if r.b == nil {
		r.off = i
		r.b = make([]bucket, 1, 64)
	}
	if i < r.off {
		grow := r.off - i
		nb := make([]bucket, len(r.b)+grow, len(r.b)+grow+64)
		copy(nb[grow:], r.b)
		r.b, r.off = nb, i
	}
	for i-r.off >= len(r.b) {
		r.b = append(r.b, bucket{})
	}
	return &r.b[i-r.off]
}

func (s *sketch) add(x float64) {
	a := math.Abs(x)
	switch {
	case a < sketchZero:
		s.zero.add(x, 1)
	case x > 0:
		s.pos.at(int(math.Ceil(math.Log(a)/sketchLogGamma))).add(x, 1)
	default:
		s.neg.at(int(math.Ceil(math.Log(a)/sketchLogGamma))).add(x, 1)
	}
}

func (s *sketch) merge(o *sketch) {
	mergeRange := func(dst, src *bucketRange) {
		for j := range src.b {
			if b := src.b[j]; b.n > 0 {
				dst.at(src.off + j).merge(b)
			}
		}
	}
	mergeRange(&s.pos, &o.pos)
	mergeRange(&s.neg, &o.neg)
	s.zero.merge(o.zero)
}

// quantile returns the q-quantile of n values, using the lower empirical
// quantile (the value at rank ceil(q·n)).
func (s *sketch) quantile(q float64, n int64) float64 {
	if n == 0 {
		return math.NaN()
	}
	rank := max(int64(math.Ceil(q*float64(n))), 1)
	seen := int64(0)
	pick := func(b bucket, rep float64) (float64, bool) {
		if b.n == 0 {
			return 0, false
		}
		seen += b.n
		if seen >= rank {
			return math.Max(b.min, math.Min(b.max, rep)), true
		}
		return 0, false
	}
	gamma := math.Exp(sketchLogGamma)
	// Negative values, most negative first: highest index first.
	for j := len(s.neg.b) - 1; j >= 0; j-- {
		rep := -2 * math.Pow(gamma, float64(s.neg.off+j)) / (gamma + 1)
		if v, ok := pick(s.neg.b[j], rep); ok {
			return v
		}
	}
	if v, ok := pick(s.zero, 0); ok {
		return v
	}
	for j := range s.pos.b {
		rep := 2 * math.Pow(gamma, float64(s.pos.off+j)) / (gamma + 1)
		if v, ok := pick(s.pos.b[j], rep); ok {
			return v
		}
	}
	return math.NaN()
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
// (φ = 0): what two separate runs would give. It is here to show what
// pairing saves.
func UnpairedDiff(kA, kB, n int64) (d, lo, hi float64) {
	pA, pB := float64(kA)/float64(n), float64(kB)/float64(n)
	lA, uA := Wilson(kA, n)
	lB, uB := Wilson(kB, n)
	d = pA - pB
	return d, d - math.Sqrt(sq(pA-lA)+sq(uB-pB)), d + math.Sqrt(sq(uA-pA)+sq(pB-lB))
}

func sq(x float64) float64 { return x * x }
