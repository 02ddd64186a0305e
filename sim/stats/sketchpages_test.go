package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// sketchValue draws a value a sketch centred on shift may meet: near the
// centre (down to below the zero bucket's width), huge and tiny, zeros of
// both signs, infinities, and values repeated; and if wide, of every
// magnitude (the dense reference then spans the float64 range: slow).
func sketchValue(shift float64, wide bool) *rapid.Generator[float64] {
	return rapid.Custom(func(t *rapid.T) float64 {
		sign := float64(rapid.SampledFrom([]int{-1, 1}).Draw(t, "sign"))
		switch rapid.IntRange(0, 9).Draw(t, "kind") {
		case 0:
			if wide {
				return rapid.SampledFrom([]float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1),
					math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -5e-324, 2, -2, 1e8}).Draw(t, "special")
			}
			return rapid.SampledFrom([]float64{0, math.Copysign(0, -1), 2, -2, shift}).Draw(t, "special")
		case 1: // near the centre, some closer than the zero bucket's width
			if rapid.Bool().Draw(t, "edge") { // at the zero bucket's edge
				d := rapid.SampledFrom([]float64{zeroWidth, math.Nextafter(zeroWidth, 0), math.Nextafter(zeroWidth, 1)}).Draw(t, "d")
				return shift + sign*d
			}
			return shift + sign*math.Pow(10, rapid.Float64Range(-14, -3).Draw(t, "exp"))
		case 2: // anywhere in the float64 range
			if wide {
				return sign * math.Pow(10, rapid.Float64Range(-320, 308).Draw(t, "exp"))
			}
			return shift + sign*math.Pow(10, rapid.Float64Range(-6, 6).Draw(t, "exp"))
		case 3: // a few repeated values
			return float64(rapid.IntRange(-3, 3).Draw(t, "small"))
		default: // a payoff's spread about the centre
			return shift + sign*math.Pow(10, rapid.Float64Range(-3, 2).Draw(t, "exp"))
		}
	})
}

// sameBits reports whether two bucket lists are identical to the bit
// (-0 and +0 differ).
func sameBuckets(a, b []Bucket) bool {
	return slices.EqualFunc(a, b, func(x, y Bucket) bool {
		return x.N == y.N && math.Float64bits(x.Min) == math.Float64bits(y.Min) && math.Float64bits(x.Max) == math.Float64bits(y.Max)
	})
}

type sketchContent struct {
	zero           Bucket
	posOff, negOff int
	pos, neg       []Bucket
	shift          float64
}

func contentOf(s *Sketch) sketchContent {
	c := sketchContent{shift: s.Shift()}
	c.zero, c.posOff, c.pos, c.negOff, c.neg = s.Buckets()
	return c
}

func denseContentOf(s *denseSketch) sketchContent {
	c := sketchContent{shift: s.Shift()}
	c.zero, c.posOff, c.pos, c.negOff, c.neg = s.Buckets()
	return c
}

// checkSame fails unless the two contents are identical to the bit, and
// the quantiles the sketches report agree to the bit.
func checkSame(t *rapid.T, what string, got sketchContent, want sketchContent, gotQ, wantQ func(q float64, n int64) float64) {
	t.Helper()
	if math.Float64bits(got.shift) != math.Float64bits(want.shift) || !sameBuckets([]Bucket{got.zero}, []Bucket{want.zero}) ||
		len(got.pos) != len(want.pos) || len(got.pos) > 0 && got.posOff != want.posOff || !sameBuckets(got.pos, want.pos) ||
		len(got.neg) != len(want.neg) || len(got.neg) > 0 && got.negOff != want.negOff || !sameBuckets(got.neg, want.neg) {
		t.Fatalf("%s: buckets differ:\n got %+v\nwant %+v", what, got, want)
	}
	n := got.zero.N
	for _, b := range slices.Concat(got.pos, got.neg) {
		n += b.N
	}
	for _, q := range []float64{0, 0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1} {
		for _, m := range []int64{n, n + 1} { // n + 1: a rank past the last value
			if g, w := gotQ(q, m), wantQ(q, m); math.Float64bits(g) != math.Float64bits(w) {
				t.Fatalf("%s: Quantile(%v, %d) = %v, want %v", what, q, m, g, w)
			}
		}
	}
}

// TestSketchEqualsDense: the paged sketch holds the same buckets and
// gives the same quantiles as the dense sketch it replaced, for values
// added one by one and for parts merged in any order (merged parts also
// equal the values added one by one); Buckets and RestoreSketch round
// trip, empty buckets at the ends of a restored range included.
func TestSketchEqualsDense(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		shift := rapid.SampledFrom([]float64{0, 1, -4.23, 3.02, 1e8, -1e-300, 1e300}).Draw(t, "shift")
		wide := rapid.IntRange(0, 7).Draw(t, "wide") == 0
		xs := rapid.SliceOfN(sketchValue(shift, wide), 0, 400).Draw(t, "xs")
		parts := rapid.IntRange(1, 5).Draw(t, "parts")
		part := rapid.SliceOfN(rapid.IntRange(0, parts-1), len(xs), len(xs)).Draw(t, "part")

		whole, wholeD := NewSketch(shift), newDenseSketch(shift)
		ps, pds := make([]Sketch, parts), make([]denseSketch, parts)
		for p := range ps {
			ps[p], pds[p] = NewSketch(shift), newDenseSketch(shift)
		}
		for i, x := range xs {
			whole.Add(x)
			wholeD.Add(x)
			ps[part[i]].Add(x)
			pds[part[i]].Add(x)
		}
		want := denseContentOf(&wholeD)
		checkSame(t, "added", contentOf(&whole), want, whole.Quantile, wholeD.Quantile)

		var merged Sketch
		var mergedD denseSketch
		for _, p := range rapid.Permutation(slices.Collect(func(yield func(int) bool) {
			for p := range parts {
				if !yield(p) {
					return
				}
			}
		})).Draw(t, "order") {
			merged.Merge(&ps[p])
			mergedD.Merge(&pds[p])
		}
		if len(xs) == 0 { // an empty merge keeps the zero shift
			want.shift = 0
		}
		checkSame(t, "merged", contentOf(&merged), denseContentOf(&mergedD), merged.Quantile, mergedD.Quantile)
		checkSame(t, "merged against added", contentOf(&merged), want, merged.Quantile, wholeD.Quantile)

		// The merge target shares the first part's pages: values added to
		// either afterwards do not reach the other.
		for k, x := range rapid.SliceOfN(sketchValue(shift, wide), 0, 30).Draw(t, "after") {
			if k%2 == 0 {
				merged.Add(x)
				mergedD.Add(x)
			} else {
				ps[0].Add(x)
				pds[0].Add(x)
			}
		}
		checkSame(t, "merged, then added", contentOf(&merged), denseContentOf(&mergedD), merged.Quantile, mergedD.Quantile)
		checkSame(t, "a part, merged, then added", contentOf(&ps[0]), denseContentOf(&pds[0]), ps[0].Quantile, pds[0].Quantile)
		var again Sketch
		var againD denseSketch
		again.Merge(&merged)
		againD.Merge(&mergedD)
		again.Merge(&ps[0])
		againD.Merge(&pds[0])
		checkSame(t, "merged again", contentOf(&again), denseContentOf(&againD), again.Quantile, againD.Quantile)

		// A restored range may begin and end with empty buckets (an edited
		// file); Buckets gives it back, and values added extend it.
		c := contentOf(&whole)
		padLo, padHi := rapid.IntRange(0, 40).Draw(t, "padLo"), rapid.IntRange(0, 40).Draw(t, "padHi")
		pad := func(off int, b []Bucket) (int, []Bucket) {
			if len(b) == 0 {
				return off, b
			}
			return off - padLo, slices.Concat(make([]Bucket, padLo), b, make([]Bucket, padHi))
		}
		posOff, pos := pad(c.posOff, c.pos)
		negOff, neg := pad(c.negOff, c.neg)
		r := RestoreSketch(shift, c.zero, posOff, slices.Clone(pos), negOff, slices.Clone(neg))
		rd := restoreDenseSketch(shift, c.zero, posOff, slices.Clone(pos), negOff, slices.Clone(neg))
		checkSame(t, "restored", contentOf(&r), denseContentOf(&rd), r.Quantile, rd.Quantile)
		more := rapid.SliceOfN(sketchValue(shift, wide), 0, 50).Draw(t, "more")
		for _, x := range more {
			r.Add(x)
			rd.Add(x)
		}
		checkSame(t, "restored, then added", contentOf(&r), denseContentOf(&rd), r.Quantile, rd.Quantile)
		var rm Sketch
		var rmd denseSketch
		rm.Merge(&r)
		rmd.Merge(&rd)
		checkSame(t, "restored, then merged", contentOf(&rm), denseContentOf(&rmd), rm.Quantile, rmd.Quantile)
	})
}

// TestSketchZerosInAnyOrder: a bucket holding -0 and +0 has the same ends
// whatever the order of the values and however they are split between
// merged sketches (the ends are min and max, -0 below +0).
func TestSketchZerosInAnyOrder(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, shift := range []float64{0, 1} {
		for _, xs := range [][]float64{{0, negZero}, {negZero, 0}, {0, 0, negZero, 0}} {
			t.Run(fmt.Sprint(shift, xs), func(t *testing.T) {
				var added Sketch
				added.shift = shift
				for _, x := range xs {
					added.Add(x)
				}
				var merged Sketch
				for _, x := range xs {
					one := NewSketch(shift)
					one.Add(x)
					merged.Merge(&one)
				}
				a, m := contentOf(&added), contentOf(&merged)
				if !sameBuckets(slices.Concat([]Bucket{a.zero}, a.pos, a.neg), slices.Concat([]Bucket{m.zero}, m.pos, m.neg)) {
					t.Fatalf("added %+v, merged %+v", a, m)
				}
				for _, b := range slices.Concat([]Bucket{a.zero}, a.pos, a.neg) {
					if b.N > 0 && (!math.Signbit(b.Min) || math.Signbit(b.Max)) {
						t.Errorf("bucket %+v: want min -0 and max +0", b)
					}
				}
			})
		}
	}
}

// TestSketchSizes: an empty sketch allocates nothing and a narrow one a
// page; a sketch spanning the float64 range is a directory and a page
// per place a value fell, not a dense slice of every bucket between.
func TestSketchSizes(t *testing.T) {
	if a := testing.AllocsPerRun(10, func() {
		var s Sketch
		var o Sketch
		s.Merge(&o)
		_ = s.Quantile(0.5, 0)
	}); a != 0 {
		t.Errorf("an empty sketch allocates %v times", a)
	}
	s := NewSketch(0)
	for i := range 1000 {
		s.Add(1 + float64(i%8)*1e-4) // 8 neighbouring buckets
	}
	if got := len(s.pos.dir); got > 2 || len(s.neg.dir) != 0 {
		t.Errorf("a narrow sketch has %d+%d pages in its directory", got, len(s.neg.dir))
	}
	if a := testing.AllocsPerRun(100, func() { s.Add(1.0003) }); a != 0 {
		t.Errorf("adding to an existing bucket allocates %v times", a)
	}
	wide := NewSketch(0)
	wide.Add(1e-11)
	wide.Add(1e300)
	pages := 0
	for _, p := range wide.pos.dir {
		if p != nil {
			pages++
		}
	}
	if pages != 2 {
		t.Errorf("two values far apart fill %d pages, want 2", pages)
	}
}

// BenchmarkSketchAdd: one Add of a payoff-like value (normal about the
// centre, as the flagship's payoffs are), into a sketch that has met such
// values before.
func BenchmarkSketchAdd(b *testing.B) {
	xs := make([]float64, 1<<12)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range xs {
		xs[i] = -0.9 + rng.NormFloat64()*3
	}
	s := NewSketch(-0.9)
	for _, x := range xs {
		s.Add(x)
	}
	b.ResetTimer()
	for i := range b.N {
		s.Add(xs[i&(len(xs)-1)])
	}
}
