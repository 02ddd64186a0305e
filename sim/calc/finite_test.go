package calc

import (
	"strings"
	"testing"
)

// TestExprStopsAtNonFinite: an operation that gives NaN or ±Inf stops the
// evaluation there, with the operation's offset and operands, so that no
// comparison, branch, sign or min ever sees it.
func TestExprStopsAtNonFinite(t *testing.T) {
	lookup, names := testLookup("x", "y")
	tests := []struct {
		src    string
		x      []float64
		offset int // -1: finite
		msg    string
	}{
		{"x > 0 ? 1 : -1", []float64{-1, 0}, -1, ""},
		{"log(x) > 0 ? 1 : -1", []float64{-1, 0}, 0, "log(-1) is NaN"},
		{"sign(log(x))", []float64{-1, 0}, 5, "log(-1) is NaN"},
		{"min(1 / y, 5)", []float64{1, 0}, 6, "1 / 0 is +Inf"},
		{"x > 0 ? 1 : sqrt(x)", []float64{-4, 0}, 12, "sqrt(-4) is NaN"},
		{"x > 0 ? sqrt(x) : 1", []float64{-4, 0}, -1, ""}, // the branch not taken is not evaluated
		{"x * y", []float64{1e200, 1e200}, 2, "1e+200 * 1e+200 is +Inf"},
		{"x ** y", []float64{-8, 0.5}, 2, "-8 ** 0.5 is NaN"},
		{"x + 1", []float64{nan(), 0}, 0, "a value read is NaN"},
	}
	for _, tc := range tests {
		e, errs := Compile(tc.src, lookup, names)
		if errs != nil {
			t.Fatalf("%s: %v", tc.src, errs)
		}
		v, f := e.Run(tc.x)
		if tc.offset < 0 {
			if f.Failed() || v-v != 0 {
				t.Errorf("%s: fault %+v, value %v; want a finite value", tc.src, f, v)
			}
			continue
		}
		if !f.Failed() {
			t.Errorf("%s = %v: no fault", tc.src, v)
			continue
		}
		off, msg := e.Where(f, v)
		if off != tc.offset || !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: at %d, %q; want offset %d and %q", tc.src, off, msg, tc.offset, tc.msg)
		}
	}
}

func nan() float64 { z := 0.0; return z / z }

// TestConstantExprMustBeFinite: a constant that is NaN or ±Inf is a load
// error at its operation.
func TestConstantExprMustBeFinite(t *testing.T) {
	lookup, names := testLookup()
	for _, tc := range []struct {
		src    string
		offset int
	}{{"0 / 0", 2}, {"1 + log(-1)", 4}, {"10 ** 400", 3}} {
		_, errs := Compile(tc.src, lookup, names)
		if len(errs) != 1 || errs[0].Offset != tc.offset || !strings.Contains(errs[0].Msg, "finite") {
			t.Errorf("%s: %v; want one error at %d", tc.src, errs, tc.offset)
		}
	}
}
