package stats

import "math"

// logIndex is math.Ceil(math.Log(a) / logGamma), a sketch's bucket index
// for a distance a >= zeroWidth, to the bit, mostly without calling Log:
// a flagship world adds three payoffs, and the three logarithms cost as
// much as a fifth of it.
//
// The index is approximated as (e·ln 2 + ln m0 + log1p(r)) / logGamma for
// a = 2^e·m0·(1 + r), where m0 is m's top logTableBits mantissa bits (ln
// m0 from a table made with math.Log) and log1p(r) is a cubic (|r| <
// 2^-logTableBits, so its error is below r⁴/4 ≈ 2^-42). The approximation
// and the exact formula are then both within 1e-10 of the true quotient;
// unless the approximation lies within logIndexSlack of an integer, where
// the two could round to different sides, its ceiling is the exact
// formula's. Near an integer (about 2 values in 10^9), Log decides.
func logIndex(a float64) int { return logIndexBits(math.Float64bits(a)) }

// logIndexBits is logIndex of the float64 whose bits are b.
func logIndexBits(b uint64) int {
	e := int(b>>52&0x7ff) - 1023
	top := b >> (52 - logTableBits) & (1<<logTableBits - 1)
	m0 := math.Float64frombits(1023<<52 | top<<(52-logTableBits))
	m := math.Float64frombits(1023<<52 | b&(1<<52-1))
	r := (m - m0) * logTable[top].inv
	f := (float64(e)*math.Ln2 + logTable[top].log + r*(1-r*(0.5-r*(1.0/3)))) * invLogGamma
	fl := int(f) // floor(f): truncation, one down for negative non-integers
	if float64(fl) > f {
		fl--
	}
	if frac := f - float64(fl); frac > logIndexSlack && frac < 1-logIndexSlack {
		return fl + 1
	}
	return int(math.Ceil(math.Log(math.Float64frombits(b)) / logGamma))
}

const (
	logTableBits  = 10
	logIndexSlack = 1e-7
)

var (
	invLogGamma = 1 / logGamma
	logTable    = func() (t [1 << logTableBits]struct{ log, inv float64 }) {
		for i := range t {
			m0 := 1 + float64(i)/(1<<logTableBits)
			t[i].log, t[i].inv = math.Log(m0), 1/m0
		}
		return t
	}()
)
