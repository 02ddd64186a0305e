package stats

import "math"

// Sketch is a quantile sketch with relative accuracy, the log buckets of
// DDSketch (Masson C, Rim JE, Lee HK, "DDSketch: a fast and
// fully-mergeable quantile sketch with relative-error guarantees",
// Proceedings of the VLDB Endowment 2019; 12(12):2195–2205), that also keeps each bucket's smallest and largest value. Its
// merge is integer addition and min/max, so it is exact in any order; and
// a quantile that falls in a bucket holding one distinct value (common:
// game payoffs are often the same few numbers) is reported exactly.
//
// Buckets measure the distance from a shift, a centre fixed before the
// values come (Parley uses a median of sampled worlds), not from 0: relative
// accuracy is then relative to the spread of the values rather than to
// their size, so the quantiles of 1e8 + u, u in (-1, 1), keep their
// decimals instead of all falling in one bucket 2e5 wide. Buckets keep
// the values themselves as min and max.
//
// The buckets are kept in pages allocated where values fall
// (sketchpages.go), so a sketch costs memory for the buckets it holds,
// not for the span of indices between its lowest and highest.
type Sketch struct {
	pos, neg pagedRange
	zero     Bucket
	shift    float64
}

// Bucket is one bucket of a Sketch: how many values it holds and the
// smallest and largest of them.
type Bucket struct {
	N        int64
	Min, Max float64
}

// alpha sets the relative accuracy: about 0.1%. Distances from the
// shift below zeroWidth share the zero bucket.
const (
	alpha     = 0.001
	zeroWidth = 1e-12
)

var logGamma = math.Log((1 + alpha) / (1 - alpha))

// MinBucketIndex and MaxBucketIndex bound the bucket indices a float64
// can reach (see BucketOf): distances below the zero bucket's width go to
// the zero bucket and none exceeds math.MaxFloat64. Offsets outside this
// range can only come from an edited file.
var (
	MinBucketIndex = int(math.Ceil(math.Log(zeroWidth) / logGamma))
	MaxBucketIndex = int(math.Ceil(math.Log(math.MaxFloat64) / logGamma))
)

// NewSketch returns an empty sketch whose buckets measure from shift.
func NewSketch(shift float64) Sketch { return Sketch{shift: shift} }

// Shift returns the centre the buckets measure from.
func (s *Sketch) Shift() float64 { return s.shift }

// Buckets returns the sketch's content for serialising: the zero bucket,
// and the positive and negative buckets with the index of the first of
// each, every index from the lowest bucket that holds a value to the
// highest (the empty ones between them too). The slices are new; nil where
// a side is empty.
func (s *Sketch) Buckets() (zero Bucket, posOff int, pos []Bucket, negOff int, neg []Bucket) {
	posOff, pos = s.pos.dense()
	negOff, neg = s.neg.dense()
	return s.zero, posOff, pos, negOff, neg
}

// RestoreSketch is the sketch that Buckets described. Nothing is checked
// (check a sketch read from a file first); Buckets gives the same slices
// back, empty buckets at their ends included.
func RestoreSketch(shift float64, zero Bucket, posOff int, pos []Bucket, negOff int, neg []Bucket) Sketch {
	s := Sketch{shift: shift, zero: zero}
	s.pos.restore(posOff, pos)
	s.neg.restore(negOff, neg)
	return s
}

// add counts x. A new minimum or maximum that equals the old one is
// taken as min and max would (-0 below +0), as merge does: the bucket's
// ends then do not depend on the order of the values, nor on how they
// were split between sketches that are merged.
func (b *Bucket) add(x float64) {
	if b.N == 0 {
		b.N, b.Min, b.Max = 1, x, x
		return
	}
	b.N++
	if x <= b.Min {
		b.Min = min(b.Min, x)
	}
	if x >= b.Max {
		b.Max = max(b.Max, x)
	}
}

func (b *Bucket) merge(o Bucket) {
	if o.N == 0 {
		return
	}
	if b.N == 0 {
		*b = o
		return
	}
	b.Min, b.Max, b.N = math.Min(b.Min, o.Min), math.Max(b.Max, o.Max), b.N+o.N
}

// Add adds x. It is BucketOf and the bucket's lookup in one function, on
// the bits of the distance from the shift: a flagship world adds three
// payoffs, and calls and float compares were a third of their cost.
func (s *Sketch) Add(x float64) {
	d := math.Float64bits(x - s.shift)
	a := d &^ signBit                             // |x - shift|
	if a-zeroWidthBits >= infBits-zeroWidthBits { // in the zero bucket, or beyond float64
		s.addRare(x)
		return
	}
	i := logIndexBits(a)
	r := &s.pos
	if d&signBit != 0 {
		r = &s.neg
	}
	if j := i>>pageBits - r.first; uint(j) < uint(len(r.own)) {
		if p := r.own[j]; p != nil {
			p[i&(pageLen-1)].add(x)
			return
		}
	}
	r.page(i >> pageBits)[i&(pageLen-1)].add(x)
}

// addRare is Add of a value in the zero bucket or beyond float64.
func (s *Sketch) addRare(x float64) {
	switch side, i := BucketOf(x, s.shift); side {
	case 0:
		s.zero.add(x)
	case 1:
		s.pos.bucket(i).add(x)
	default:
		s.neg.bucket(i).add(x)
	}
}

const (
	signBit = 1 << 63
	infBits = 0x7ff << 52 // math.Float64bits(math.Inf(1)), below it the finite magnitudes
)

var zeroWidthBits = math.Float64bits(zeroWidth)

// BucketOf says where a sketch centred on shift keeps x: side 0 is the
// zero bucket, 1 the positive buckets and -1 the negative ones, i the
// index on that side.
func BucketOf(x, shift float64) (side, i int) {
	d := x - shift
	if d-d != 0 { // beyond float64: one bucket at the end holds them
		d = math.Copysign(math.MaxFloat64, d)
	}
	a := math.Abs(d)
	switch {
	case a < zeroWidth:
		return 0, 0
	case d > 0:
		return 1, logIndex(a)
	}
	return -1, logIndex(a)
}

func (s *Sketch) empty() bool { return s.zero.N == 0 && s.pos.empty() && s.neg.empty() }

// Merge adds o's buckets. Both must have the same shift, unless one is
// empty (a merge target starts empty, with none). A side of s that has no
// buckets takes o's pages, shared until either sketch changes them (then
// it copies them): merging into an empty result copies nothing. Merge
// therefore marks o's pages shared, so o must not be used by another
// goroutine meanwhile.
func (s *Sketch) Merge(o *Sketch) {
	if o.empty() {
		return
	}
	if s.empty() {
		s.shift = o.shift
	}
	s.pos.merge(&o.pos)
	s.neg.merge(&o.neg)
	s.zero.merge(o.zero)
}

// Quantile returns the q-quantile of n values, using the lower empirical
// quantile (the value at rank ceil(q·n)).
func (s *Sketch) Quantile(q float64, n int64) float64 {
	if n == 0 {
		return math.NaN()
	}
	rank := max(int64(math.Ceil(q*float64(n))), 1)
	seen := int64(0)
	// reached counts bucket b and says whether the rank falls in it; only
	// that bucket's representative value is computed (a Pow each).
	reached := func(b Bucket) bool {
		seen += b.N
		return b.N > 0 && seen >= rank
	}
	clamp := func(b Bucket, rep float64) float64 { return math.Max(b.Min, math.Min(b.Max, rep)) }
	gamma := math.Exp(logGamma)
	// Negative values, most negative first: highest index first.
	for j := len(s.neg.dir) - 1; j >= 0; j-- {
		if p := s.neg.dir[j]; p != nil {
			for k := pageLen - 1; k >= 0; k-- {
				if b := p[k]; reached(b) {
					return clamp(b, s.shift-2*math.Pow(gamma, float64(s.neg.index(j, k)))/(gamma+1))
				}
			}
		}
	}
	if reached(s.zero) {
		return clamp(s.zero, s.shift)
	}
	for j, p := range s.pos.dir {
		if p != nil {
			for k := range p {
				if b := p[k]; reached(b) {
					return clamp(b, s.shift+2*math.Pow(gamma, float64(s.pos.index(j, k)))/(gamma+1))
				}
			}
		}
	}
	return math.NaN()
}
