package stats

import "math"

// denseSketch is the sketch as it was before its buckets were kept in
// pages: one dense slice of buckets per side, from the lowest index met to
// the highest. The tests hold Sketch to it, bucket for bucket.
type denseSketch struct {
	pos, neg denseRange
	zero     Bucket
	shift    float64
}

type denseRange struct {
	off int // index of b[0]
	b   []Bucket

	// b is store[lead:lead+len(b)]: room to grow at both ends without
	// copying. A range that meets ever smaller indices (a payoff's lower
	// tail, or the merge of a sketch that reaches lower) used to copy
	// itself for every new index.
	store []Bucket
	lead  int
}

// newDenseSketch returns an empty sketch whose buckets measure from shift.
func newDenseSketch(shift float64) denseSketch { return denseSketch{shift: shift} }

// Shift returns the centre the buckets measure from.
func (s *denseSketch) Shift() float64 { return s.shift }

// Buckets returns the sketch's content for serialising: the zero bucket,
// and the positive and negative buckets with the index of the first of
// each. The slices are the sketch's own; nil where a side is empty.
func (s *denseSketch) Buckets() (zero Bucket, posOff int, pos []Bucket, negOff int, neg []Bucket) {
	return s.zero, s.pos.off, s.pos.b, s.neg.off, s.neg.b
}

// restoreDenseSketch is the sketch that Buckets described. It keeps the
// slices; nothing is checked (check a sketch read from a file first).
func restoreDenseSketch(shift float64, zero Bucket, posOff int, pos []Bucket, negOff int, neg []Bucket) denseSketch {
	return denseSketch{shift: shift, zero: zero, pos: denseRange{off: posOff, b: pos}, neg: denseRange{off: negOff, b: neg}}
}

// denseAdd is the old add, but for its ends that equal the value
// added: those are now taken as min and max take them, -0 below +0 (the
// old add kept whichever zero came first, so a bucket holding both zeros
// depended on the order of the values and on how merged parts split
// them).
func (b *Bucket) denseAdd(x float64, n int64) {
	if b.N == 0 || x < b.Min || x == b.Min && math.Signbit(x) {
		b.Min = x
	}
	if b.N == 0 || x > b.Max || x == b.Max && !math.Signbit(x) {
		b.Max = x
	}
	b.N += n
}

func (b *Bucket) denseMerge(o Bucket) {
	if o.N == 0 {
		return
	}
	if b.N == 0 {
		*b = o
		return
	}
	b.Min, b.Max, b.N = math.Min(b.Min, o.Min), math.Max(b.Max, o.Max), b.N+o.N
}

func (r *denseRange) at(i int) *Bucket {
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
func (r *denseRange) realloc(need int) {
	room := need + len(r.b)
	ns := make([]Bucket, room+len(r.b)+room)
	copy(ns[room:], r.b)
	r.store, r.lead = ns, room
	r.b = ns[room : room+len(r.b)]
}

// Add adds x.
func (s *denseSketch) Add(x float64) {
	switch side, i := BucketOf(x, s.shift); side {
	case 0:
		s.zero.denseAdd(x, 1)
	case 1:
		s.pos.at(i).denseAdd(x, 1)
	default:
		s.neg.at(i).denseAdd(x, 1)
	}
}

func (s *denseSketch) empty() bool { return s.zero.N == 0 && s.pos.b == nil && s.neg.b == nil }

// Merge adds o's buckets. Both must have the same shift, unless one is
// empty (a merge target starts empty, with none).
func (s *denseSketch) Merge(o *denseSketch) {
	if o.empty() {
		return
	}
	if s.empty() {
		s.shift = o.shift
	}
	mergeRange := func(dst, src *denseRange) {
		for j := range src.b {
			if b := src.b[j]; b.N > 0 {
				dst.at(src.off + j).denseMerge(b)
			}
		}
	}
	mergeRange(&s.pos, &o.pos)
	mergeRange(&s.neg, &o.neg)
	s.zero.denseMerge(o.zero)
}

// Quantile returns the q-quantile of n values, using the lower empirical
// quantile (the value at rank ceil(q·n)).
func (s *denseSketch) Quantile(q float64, n int64) float64 {
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
