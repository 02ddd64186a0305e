package stats

import (
	"errors"
	"math"
	"math/big"
	"math/bits"
)

// ExactSum is a fixed-point superaccumulator, the "large superaccumulator"
// of Neal RM, "Fast exact summation using small and large
// superaccumulators" (arXiv:1505.05571, 2015), extended to squares: it adds float64 values, and
// the squares of float64 values, without any rounding, so that sums
// merged in any order (world by world, worker by worker, shard by shard)
// are identical to the bit. Limb i holds a signed count of units of
// 2^(32i+base); every float64 and every square of one (a 106-bit
// integer times a power of two from 2^-2148 up) lands in five limbs, and
// a limb absorbs 2^31 additions before it must carry, so a chunk of
// worlds needs no carrying at all. An exact sum cannot overflow, so
// payoffs near ±1.8e308 and their squares are summed like any other.
type ExactSum struct{ limb [limbs]int64 }

const (
	base  = -2176 // weight of limb 0: below 2^-2148, the smallest square
	limbs = 140   // up to 2^2304: squares below 2^2048 times 2^63 additions, with slack
)

// ExactSumPrec is a big.Float precision that holds the value of any
// ExactSum without rounding: parse a sum's text at it before SetBig.
const ExactSumPrec = 2 * 32 * limbs

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

// Add adds x, which must be finite.
func (s *ExactSum) Add(x float64) {
	m, e, neg := split(x)
	s.addAt(0, m, e-base, neg)
}

// AddSquare adds x², exactly, for finite x.
func (s *ExactSum) AddSquare(x float64) {
	m, e, _ := split(x)
	hi, lo := bits.Mul64(m, m)
	s.addAt(hi, lo, 2*e-base, false)
}

// addAt adds or subtracts the 128-bit integer hi:lo times 2^pos (pos
// counted from base).
func (s *ExactSum) addAt(hi, lo uint64, pos int, neg bool) {
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

// Merge adds another sum. Both may hold a chunk's worth of uncarried
// additions; the result is carried.
func (s *ExactSum) Merge(o *ExactSum) {
	for i := range s.limb {
		s.limb[i] += o.limb[i]
	}
	s.carry()
}

// carry brings every limb but the top one into [0, 2^32); the top limb
// keeps the sign. The value is unchanged.
func (s *ExactSum) carry() {
	var c int64
	for i := range limbs - 1 {
		v := s.limb[i] + c
		c = v >> 32
		s.limb[i] = v & (1<<32 - 1)
	}
	s.limb[limbs-1] += c
}

// Big returns the sum as an exact big.Float.
func (s *ExactSum) Big() *big.Float {
	z, t := new(big.Int), new(big.Int)
	for i := limbs - 1; i >= 0; i-- {
		z.Lsh(z, 32)
		z.Add(z, t.SetInt64(s.limb[i]))
	}
	f := new(big.Float).SetInt(z) // the precision of z: exact
	return f.SetMantExp(f, base)
}

// SetBig sets the sum to f, which must be a multiple of 2^base within
// the accumulator's range (as every sum of float64 values or squares is).
func (s *ExactSum) SetBig(f *big.Float) error {
	if f.IsInf() {
		return errors.New("the sum is infinite")
	}
	g := new(big.Float).SetMantExp(f, -base)
	if !g.IsInt() {
		return errors.New("the sum is not a sum of float64 values")
	}
	z, _ := g.Int(nil)
	neg := z.Sign() < 0
	z.Abs(z)
	if z.BitLen() > 32*(limbs-1) {
		return errors.New("the sum is out of range")
	}
	*s = ExactSum{}
	words := z.Bits()
	for i := range limbs - 1 {
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

// Float64 returns the sum rounded to the nearest float64.
func (s *ExactSum) Float64() float64 {
	v, _ := s.Big().Float64()
	return v
}

// MeanSD returns the mean and sample standard deviation of n values from
// exact sums of the values and of their squares (the textbook
// one-pass formula, safe here because nothing is rounded before the end). The variance is computed as
// (n·Σx² − (Σx)²) / (n(n−1)) exactly, then rounded once, so values far
// from zero (1e8 + u) lose nothing to cancellation; and the square root
// is taken before converting to float64, so a variance beyond float64
// (values near ±1e308) still gives a finite sd. An sd that is itself
// beyond float64 comes back as +Inf, which reports flag as an overflow.
func MeanSD(n int64, sum, sumsq *ExactSum) (mean, sd float64) {
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	const prec = 200 // rounded results: far more than float64 needs
	S, Q := sum.Big(), sumsq.Big()
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
