package calc

import (
	"math"
	"testing"
)

// TestShapesMatchLoop: every shape Run short-cuts gives the loop's value
// and the loop's fault, on finite and non-finite inputs alike.
func TestShapesMatchLoop(t *testing.T) {
	lookup, names := testLookup("a", "b")
	inf := math.Inf(1)
	xs := [][]float64{{2, 5}, {-3, 0}, {0, 0}, {math.NaN(), 1}, {1, math.NaN()}, {inf, 1}, {1, -inf}, {1e308, 1e308}, {-1e308, 1e308}}
	tests := []struct {
		src  string
		want shape
	}{
		{"a", shapeLoad},
		{"-a", shapeNeg},
		{"a - b", shapeBinary},
		{"a + 0.5", shapeBinary},
		{"1 - a", shapeBinary},
		{"a * b", shapeBinary},
		{"a / b", shapeBinary},
		{"b / 2", shapeBinary},
		{"a % b", shapeLoop},
		{"a - b - 1", shapeLoop},
		{"7", shapeConst},
	}
	for _, tt := range tests {
		e, errs := Compile(tt.src, lookup, names)
		if errs != nil {
			t.Fatalf("%s: %v", tt.src, errs)
		}
		if e.shape != tt.want {
			t.Errorf("%s: shape %d, want %d", tt.src, e.shape, tt.want)
		}
		for _, x := range xs {
			got, gf := e.Run(x)
			var st [maxStack]float64
			want, wf := got, gf
			if len(e.code) > 0 {
				want, wf = e.run(x, st[:])
			}
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) || gf.pc != wf.pc ||
				math.Float64bits(gf.a) != math.Float64bits(wf.a) && !(math.IsNaN(gf.a) && math.IsNaN(wf.a)) ||
				math.Float64bits(gf.b) != math.Float64bits(wf.b) && !(math.IsNaN(gf.b) && math.IsNaN(wf.b)) {
				t.Errorf("%s at %v: Run gives %v %+v, the loop %v %+v", tt.src, x, got, gf, want, wf)
			}
		}
	}
}

// TestConstantRun: an Expr made by Constant runs to its value.
func TestConstantRun(t *testing.T) {
	if v, f := Constant("3", 3).Run(nil); v != 3 || f.Failed() {
		t.Errorf("Constant(3).Run = %v, %v", v, f)
	}
}

// BenchmarkRun: one evaluation of the forms a tree's payoffs and derived
// values take, the short ones through Run's shapes and the last through
// the loop.
func BenchmarkRun(b *testing.B) {
	lookup, names := testLookup("a", "b", "c")
	x := []float64{1.5, 0.25, 4}
	for _, src := range []string{"a", "-a", "a - 0.5", "a - b", "-a - (1 - b) * c"} {
		e, errs := Compile(src, lookup, names)
		if errs != nil {
			b.Fatal(errs)
		}
		b.Run(src, func(b *testing.B) {
			s := 0.0
			for range b.N {
				v, _ := e.Run(x)
				s += v
			}
			benchSink = s
		})
	}
}

var benchSink float64
