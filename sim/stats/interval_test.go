package stats

import (
	"math"
	"testing"
)

// The tables below are the numbers as printed in the papers, to their four
// decimals: an implementation that agrees with itself but not with the
// source fails here. The papers use z = 1.96, Parley z = 1.959964; over
// these rows the difference moves no limit by more than 3e-6, so a limit
// must lie within half a unit of the fourth decimal (5e-5) of the print.
const printTol = 5e-5 + 3e-6

// TestWilsonPublished pins the Wilson interval to Newcombe RG, "Two-sided
// confidence intervals for the single proportion: comparison of seven
// methods", Statistics in Medicine 1998; 17:857–872, Table I, method 3
// (score interval without continuity correction).
func TestWilsonPublished(t *testing.T) {
	tests := []struct {
		k, n   int64
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n)
		if math.Abs(lo-tt.lo) > printTol || math.Abs(hi-tt.hi) > printTol {
			t.Errorf("Wilson(%d, %d) = [%.5f, %.5f], Newcombe prints [%.4f, %.4f]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

// TestPairedDiffNewcombeTableIII pins PairedDiff to the method 10 column of
// Table III of Newcombe RG, "Improved confidence intervals for the
// difference between binomial proportions based on paired data",
// Statistics in Medicine 1998; 17:2635–2650. The paper's cells e, f, g, h
// are both, onlyA, onlyB, neither; θ = (f − g)/n. Rows with f = g = 0 and
// e·h > 0 are the ones that tell method 10 from method 8: without the n/2
// correction of φ they collapse to a zero-width interval (27, 0, 0, 27 →
// [0, 0]), and (20, 12, 2, 16) gives method 8's [0.0618, 0.3242].
func TestPairedDiffNewcombeTableIII(t *testing.T) {
	tests := []struct {
		e, f, g, h int64
		lo, hi     float64
		tol        float64 // 0: printTol
	}{
		{36, 12, 2, 0, 0.0569, 0.3404, 0},
		{20, 12, 2, 16, 0.0562, 0.3292, 0},
		{18, 12, 2, 18, 0.0562, 0.3290, 0},
		{36, 14, 0, 0, 0.1528, 0.4167, 0},
		{35, 14, 0, 1, 0.1461, 0.4175, 0},
		{18, 14, 0, 18, 0.1441, 0.3963, 0},
		{2, 97, 1, 0, 0.8721, 0.9854, 0},
		// The paper prints 0.8736 for a lower limit of 0.873672 (at
		// z = 1.96 as at 1.959964): cut, not rounded, in the last digit.
		{1, 97, 1, 1, 0.8736, 0.9850, 1e-4},
		{0, 29, 1, 0, 0.6666, 0.9882, 0},
		{2, 98, 0, 0, 0.9178, 0.9945, 0},
		{1, 98, 0, 1, 0.9171, 0.9916, 0},
		{0, 30, 0, 0, 0.8395, 1, 0},
		{54, 0, 0, 0, -0.0664, 0.0664, 0},
		{53, 0, 0, 1, -0.0729, 0.0729, 0},
		{30, 0, 0, 24, -0.0358, 0.0358, 0},
		{29, 0, 0, 25, -0.0354, 0.0354, 0},
		{28, 0, 0, 26, -0.0352, 0.0352, 0},
		{27, 0, 0, 27, -0.0351, 0.0351, 0},
	}
	for _, tt := range tests {
		d, lo, hi := PairedDiff(tt.e, tt.f, tt.g, tt.h)
		tol := tt.tol
		if tol == 0 {
			tol = printTol
		}
		n := tt.e + tt.f + tt.g + tt.h
		if want := float64(tt.f-tt.g) / float64(n); math.Abs(d-want) > 1e-15 {
			t.Errorf("PairedDiff(%d, %d, %d, %d): difference %v, want (f−g)/n = %v", tt.e, tt.f, tt.g, tt.h, d, want)
		}
		if math.Abs(lo-tt.lo) > tol || math.Abs(hi-tt.hi) > tol {
			t.Errorf("PairedDiff(%d, %d, %d, %d) = [%.5f, %.5f], Newcombe prints [%.4f, %.4f]",
				tt.e, tt.f, tt.g, tt.h, lo, hi, tt.lo, tt.hi)
		}
	}
}

// TestPairedDiffOtherPublishedExamples checks two later papers that quote
// Newcombe's method 10 on their own data: Fagerland MW, Lydersen S, Laake
// P, "Recommended tests and confidence intervals for paired binomial
// proportions", Statistics in Medicine 2014; 33:2850–2875 (Bentur et al.
// 2009 airway data: 1, 1, 7, 12 → [−0.507, −0.026], three decimals), and
// Tang M-L, Li H-Q, Tang N-S, Statistical Methods in Medical Research
// 2010; 21:361–378 (8, 3, 1, 2 → [−0.1574, 0.4136]).
func TestPairedDiffOtherPublishedExamples(t *testing.T) {
	tests := []struct {
		both, onlyA, onlyB, neither int64
		lo, hi, tol                 float64
	}{
		{1, 1, 7, 12, -0.507, -0.026, 5e-4 + 3e-6},
		{8, 3, 1, 2, -0.1574, 0.4136, printTol},
	}
	for _, tt := range tests {
		_, lo, hi := PairedDiff(tt.both, tt.onlyA, tt.onlyB, tt.neither)
		if math.Abs(lo-tt.lo) > tt.tol || math.Abs(hi-tt.hi) > tt.tol {
			t.Errorf("PairedDiff(%d, %d, %d, %d) = [%.5f, %.5f], published [%v, %v]",
				tt.both, tt.onlyA, tt.onlyB, tt.neither, lo, hi, tt.lo, tt.hi)
		}
	}
}
