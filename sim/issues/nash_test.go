package issues

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// surplus draws a surplus: anywhere from 0 to beyond the bound's range,
// often near another value (ref) so that scores tie within better's
// tolerance or just outside it.
func surplus(t *rapid.T, label string, ref float64) float64 {
	switch rapid.IntRange(0, 5).Draw(t, label+"kind") {
	case 0:
		return rapid.SampledFrom([]float64{0, 1e-12, 0x1p-32, 0x1p32, 1e12, 1e300, 1, 2, 0.5}).Draw(t, label)
	case 1: // near ref: within a few ulps to a few 1e-12 relative
		steps := float64(rapid.IntRange(-40, 40).Draw(t, label+"steps"))
		scale := rapid.SampledFrom([]float64{0x1p-52, 1e-14, 1e-13, 5e-13, 1e-12, 1e-11}).Draw(t, label+"scale")
		return max(0, ref*(1+steps*scale))
	case 2:
		return ref
	case 3: // well above or below ref
		return ref * rapid.SampledFrom([]float64{0.1, 0.5, 0.9, 1.1, 2, 10}).Draw(t, label+"factor")
	}
	return rapid.Float64Range(0, 10).Draw(t, label)
}

// TestNashBoundSound: whenever nashBound says a package loses, better,
// given the scores the package pass would compute, rejects it; and the
// bound does skip packages, both dominated ones and clearly worse ones.
func TestNashBoundSound(t *testing.T) {
	var dominated, worse int
	rapid.Check(t, func(t *rapid.T) {
		p0 := rapid.SampledFrom([]float64{1, 1.5, 2, 0.25, 3.999, 4, 7, 1e-300}).Draw(t, "p0")
		p1 := rapid.SampledFrom([]float64{1, 1.5, 0.5, 4, 6, 1e-3}).Draw(t, "p1")
		b0 := surplus(t, "b0", 1)
		b1 := surplus(t, "b1", b0)
		s0 := surplus(t, "s0", b0)
		s1 := surplus(t, "s1", b1)
		switch rapid.IntRange(0, 3).Draw(t, "shape") {
		case 0: // one surplus up, the other down: often clearly worse
			s0 = b0 * rapid.SampledFrom([]float64{1.001, 1.1, 2, 5}).Draw(t, "up")
			s1 = b1 * rapid.SampledFrom([]float64{0.01, 0.5, 0.9, 0.999}).Draw(t, "down")
		case 1:
			// ties in score with a different split: s0^p0·s1^p1 = b0^p0·b1^p1
			f := surplus(t, "f", 1)
			if f > 0 {
				s0, s1 = b0*f, b1*math.Pow(f, -p0/p1)
			}
		}
		score := func(a, c float64) (sc, sum float64) {
			sc += p0 * math.Log(a)
			sum += a
			sc += p1 * math.Log(c)
			sum += c
			return sc, sum
		}
		bestSc, bestSum := score(b0, b1)
		nb := newNashBound(0, 0, p0, p1, true)
		nb.best0, nb.best1 = b0, b1
		if !nb.loses(s0, s1, bestSc) {
			return
		}
		sc, sum := score(s0, s1)
		if better(sc, sum, bestSc, bestSum) {
			t.Fatalf("bound skips (%v, %v) against (%v, %v), powers %v %v: scores %v vs %v, sums %v vs %v",
				s0, s1, b0, b1, p0, p1, sc, bestSc, sum, bestSum)
		}
		if s0 <= b0 && s1 <= b1 {
			dominated++
		} else {
			worse++
		}
		if off := newNashBound(0, 0, p0, p1, false); off.loses(s0, s1, bestSc) {
			t.Fatal("a bound switched off skips a package")
		}
	})
	if dominated == 0 || worse == 0 {
		t.Fatalf("the bound skipped %d dominated and %d clearly worse packages: want some of each", dominated, worse)
	}
}
