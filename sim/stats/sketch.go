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
type Sketch struct {
	pos, neg bucketRange
	zero     Bucket
	shift    float64
}

// Bucket is one bucket of a Sketch: how many values it holds and the
// smallest and largest of them.
type Bucket struct {
	N        int64
	Min, Max float64
}

type bucketRange struct {
	off int // index of b[0]
	b   []Bucket

	// b is store[lead:lead+len(b)]: room to grow at both ends without
	// copying. A range that meets ever smaller indices (a payoff's lower
	// tail, or the merge of a sketch that reaches lower) used to copy
	// itself for every new index.
	store []Bucket
	lead  int
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
// each. The slices are the sketch's own; nil where a side is empty.
func (s *Sketch) Buckets() (zero Bucket, posOff int, pos []Bucket, negOff int, neg []Bucket) {
	return s.zero, s.pos.off, s.pos.b, s.neg.off, s.neg.b
}

// RestoreSketch is the sketch that Buckets described. It keeps the
// slices; nothing is checked (check a sketch read from a file first).
func RestoreSketch(shift float64, zero Bucket, posOff int, pos []Bucket, negOff int, neg []Bucket) Sketch {
	return Sketch{shift: shift, zero: zero, pos: bucketRange{off: posOff, b: pos}, neg: bucketRange{off: negOff, b: neg}}
}

func (b *Bucket) add(x float64, n int64) {
	if b.N == 0 || x < b.Min {
		b.Min = x
	}
	if b.N == 0 || x > b.Max {
		b.Max = x
	}
	b.N += n
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

func (r *bucketRange) at(i int) *Bucket {
	switch {
	case r.b == nil:
		r.store, r.lead, r.off = make([]Bucket, 64), 32, i
		r.b = r.store[r.lead : r.lead+1]
	case i < r.off:
		grow := r.off - i
		if r.store == nil || r.lead < grow { // restored from a file, or out of room below
			r.realloc(grow)
		}
		n := len(r.b) + grow
		r.lead -= grow
		r.b, r.off = r.store[r.lead:r.lead+n], i
	case i-r.off >= len(r.b):
		n := i - r.off + 1
		if r.store == nil || r.lead+n > len(r.store) {
			r.realloc(n - len(r.b))
		}
		r.b = r.store[r.lead : r.lead+n]
	}
	return &r.b[i-r.off]
}

// realloc moves b into a new store with room for need more buckets, and
// as many again as b holds, on either side: growing at both ends copies
// each bucket O(1) times on average.
func (r *bucketRange) realloc(need int) {
	room := need + len(r.b)
	ns := make([]Bucket, room+len(r.b)+room)
	copy(ns[room:], r.b)
	r.store, r.lead = ns, room
	r.b = ns[room : room+len(r.b)]
}

// Add adds x.
func (s *Sketch) Add(x float64) {
	switch side, i := BucketOf(x, s.shift); side {
	case 0:
		s.zero.add(x, 1)
	case 1:
		s.pos.at(i).add(x, 1)
	default:
		s.neg.at(i).add(x, 1)
	}
}

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

func (s *Sketch) empty() bool { return s.zero.N == 0 && s.pos.b == nil && s.neg.b == nil }

// Merge adds o's buckets. Both must have the same shift, unless one is
// empty (a merge target starts empty, with none).
func (s *Sketch) Merge(o *Sketch) {
	if o.empty() {
		return
	}
	if s.empty() {
		s.shift = o.shift
	}
	mergeRange := func(dst, src *bucketRange) {
		for j := range src.b {
			if b := src.b[j]; b.N > 0 {
				dst.at(src.off + j).merge(b)
			}
		}
	}
	mergeRange(&s.pos, &o.pos)
	mergeRange(&s.neg, &o.neg)
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
	for j := len(s.neg.b) - 1; j >= 0; j-- {
		if b := s.neg.b[j]; reached(b) {
			return clamp(b, s.shift-2*math.Pow(gamma, float64(s.neg.off+j))/(gamma+1))
		}
	}
	if reached(s.zero) {
		return clamp(s.zero, s.shift)
	}
	for j := range s.pos.b {
		if b := s.pos.b[j]; reached(b) {
			return clamp(b, s.shift+2*math.Pow(gamma, float64(s.pos.off+j))/(gamma+1))
		}
	}
	return math.NaN()
}
