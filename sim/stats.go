package sim

import (
	"errors"
	"math"
	"math/big"
	"math/bits"
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

// exactSum is a fixed-point superaccumulator: it adds float64 values, and
// the squares of float64 values, without any rounding, so that sums
// merged in any order (world by world, worker by worker, shard by shard)
// are identical to the bit. Limb i holds a signed count of units of
// 2^(32i+accBase); every float64 and every square of one (a 106-bit
// integer times a power of two from 2^-2148 up) lands in five limbs, and
// a limb absorbs 2^31 additions before it must carry, so a chunk of
// worlds needs no carrying at all. An exact sum cannot overflow, so
// payoffs near ±1.8e308 and their squares are summed like any other.
type exactSum struct{ limb [accLimbs]int64 }

const (
	accBase  = -2176 // weight of limb 0: below 2^-2148, the smallest square
	accLimbs = 140   // up to 2^2304: squares below 2^2048 times 2^63 additions, with slack
)

// split returns |x| = m·2^e with m an integer below 2^53, and the sign.
func split(x float64) (m uint64, e int, neg bool) {
	b := math.Float64bits(x)
	e = int(b>>52) & 0x7ff
	m = b & (1<<52 - 1)
	if e == 0 {
		e = 1 // subnormal: no implicit bit
	} else {
		m |= 1 << 52
	}
	return m, e - 1075, b>>63 != 0
}

// add adds x, which must be finite.
func (s *exactSum) add(x float64) {
	m, e, neg := split(x)
	s.addAt(0, m, e-accBase, neg)
}

// addSquare adds x², exactly, for finite x.
func (s *exactSum) addSquare(x float64) {
	m, e, _ := split(x)
	hi, lo := bits.Mul64(m, m)
	s.addAt(hi, lo, 2*e-accBase, false)
}

// addAt adds or subtracts the 128-bit integer hi:lo times 2^pos (pos
// counted from accBase).
func (s *exactSum) addAt(hi, lo uint64, pos int, neg bool) {
	i, sh := pos>>5, uint(pos&31)
	// Go defines shifts by 64 or more as 0, so sh == 0 needs no case.
	w0 := lo << sh
	w1 := hi<<sh | lo>>(64-sh)
	w2 := hi >> (64 - sh)
	l := s.limb[i : i+5 : i+5]
	if neg {
		l[0] -= int64(uint32(w0))
		l[1] -= int64(w0 >> 32)
		l[2] -= int64(uint32(w1))
		l[3] -= int64(w1 >> 32)
		l[4] -= int64(w2)
		return
	}
	l[0] += int64(uint32(w0))
	l[1] += int64(w0 >> 32)
	l[2] += int64(uint32(w1))
	l[3] += int64(w1 >> 32)
	l[4] += int64(w2)
}

// merge adds another sum. Both may hold a chunk's worth of uncarried
// additions; the result is carried.
func (s *exactSum) merge(o *exactSum) {
	for i := range s.limb {
		s.limb[i] += o.limb[i]
	}
	s.carry()
}

// carry brings every limb but the top one into [0, 2^32); the top limb
// keeps the sign. The value is unchanged.
func (s *exactSum) carry() {
	var c int64
	for i := range accLimbs - 1 {
		v := s.limb[i] + c
		c = v >> 32
		s.limb[i] = v & (1<<32 - 1)
	}
	s.limb[accLimbs-1] += c
}

// big returns the sum as an exact big.Float.
func (s *exactSum) big() *big.Float {
	z, t := new(big.Int), new(big.Int)
	for i := accLimbs - 1; i >= 0; i-- {
		z.Lsh(z, 32)
		z.Add(z, t.SetInt64(s.limb[i]))
	}
	f := new(big.Float).SetInt(z) // the precision of z: exact
	return f.SetMantExp(f, accBase)
}

// setBig sets the sum to f, which must be a multiple of 2^accBase within
// the accumulator's range (as every sum of float64 values or squares is).
func (s *exactSum) setBig(f *big.Float) error {
	if f.IsInf() {
		return errors.New("the sum is infinite")
	}
	g := new(big.Float).SetMantExp(f, -accBase)
	if !g.IsInt() {
		return errors.New("the sum is not a sum of float64 values")
	}
	z, _ := g.Int(nil)
	neg := z.Sign() < 0
	z.Abs(z)
	if z.BitLen() > 32*(accLimbs-1) {
		return errors.New("the sum is out of range")
	}
	*s = exactSum{}
	words := z.Bits()
	for i := range accLimbs - 1 {
		bit := 32 * i
		w := bit / bits.UintSize
		if w >= len(words) {
			break
		}
		v := int64(uint32(uint64(words[w]) >> (bit % bits.UintSize)))
		if neg {
			v = -v
		}
		s.limb[i] = v
	}
	s.carry()
	return nil
}

func (s *exactSum) value() float64 {
	v, _ := s.big().Float64()
	return v
}

// meanSD returns the mean and sample standard deviation from exact sums
// of the values and of their squares. The variance is computed as
// (n·Σx² − (Σx)²) / (n(n−1)) exactly, then rounded once, so values far
// from zero (1e8 + u) lose nothing to cancellation; and the square root
// is taken before converting to float64, so a variance beyond float64
// (values near ±1e308) still gives a finite sd. An sd that is itself
// beyond float64 comes back as +Inf, which reports flag as an overflow.
func meanSD(n int64, sum, sumsq *exactSum) (mean, sd float64) {
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	const prec = 200 // rounded results: far more than float64 needs
	S, Q := sum.big(), sumsq.big()
	var nf, m big.Float
	nf.SetInt64(n)
	m.SetPrec(prec).Quo(S, &nf)
	mean, _ = m.Float64()
	if n < 2 {
		return mean, 0
	}
	// Exact: n·Q and S² need at most about 4400 bits, and so does their
	// difference.
	const exact = 9000
	var num, s2 big.Float
	num.SetPrec(exact).Mul(Q, &nf)
	s2.SetPrec(exact).Mul(S, S)
	num.Sub(&num, &s2)
	if num.Sign() <= 0 {
		return mean, 0
	}
	var den, v big.Float
	den.SetPrec(128).SetInt64(n)
	den.Mul(&den, new(big.Float).SetInt64(n-1)) // exact: below 2^126
	v.SetPrec(prec).Quo(&num, &den)
	v.Sqrt(&v)
	sd, _ = v.Float64()
	return mean, sd
}

// sketch is a quantile sketch with relative accuracy (DDSketch's log
// buckets) that also keeps each bucket's smallest and largest value. Its
// merge is integer addition and min/max, so it is exact in any order; and
// a quantile that falls in a bucket holding one distinct value (common:
// game payoffs are often the same few numbers) is reported exactly.
//
// Buckets measure the distance from shift, a centre fixed before the run
// (a median of sampled worlds: see sketchShifts), not from 0: relative
// accuracy is then relative to the spread of the values rather than to
// their size, so the quantiles of 1e8 + u, u in (-1, 1), keep their
// decimals instead of all falling in one bucket 2e5 wide. Buckets keep
// the values themselves as min and max.
type sketch struct {
	pos, neg bucketRange
	zero     bucket
	shift    float64
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
	switch side, i := bucketOf(x, s.shift); side {
	case 0:
		s.zero.add(x, 1)
	case 1:
		s.pos.at(i).add(x, 1)
	default:
		s.neg.at(i).add(x, 1)
	}
}

// bucketOf says where a sketch centred on shift keeps x: side 0 is the
// zero bucket, 1 the positive buckets and -1 the negative ones, i the
// index on that side.
func bucketOf(x, shift float64) (side, i int) {
	d := x - shift
	if d-d != 0 { // beyond float64: one bucket at the end holds them
		d = math.Copysign(math.MaxFloat64, d)
	}
	a := math.Abs(d)
	switch {
	case a < sketchZero:
		return 0, 0
	case d > 0:
		return 1, int(math.Ceil(math.Log(a) / sketchLogGamma))
	}
	return -1, int(math.Ceil(math.Log(a) / sketchLogGamma))
}

func (s *sketch) empty() bool { return s.zero.n == 0 && s.pos.b == nil && s.neg.b == nil }

// merge adds o's buckets. Both must have the same shift, unless one is
// empty (a merge target starts empty, with none).
func (s *sketch) merge(o *sketch) {
	if o.empty() {
		return
	}
	if s.empty() {
		s.shift = o.shift
	}
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
		rep := s.shift - 2*math.Pow(gamma, float64(s.neg.off+j))/(gamma+1)
		if v, ok := pick(s.neg.b[j], rep); ok {
			return v
		}
	}
	if v, ok := pick(s.zero, s.shift); ok {
		return v
	}
	for j := range s.pos.b {
		rep := s.shift + 2*math.Pow(gamma, float64(s.pos.off+j))/(gamma+1)
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
