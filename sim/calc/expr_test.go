package calc

import (
	"math"
	"strings"
	"testing"
)

func testLookup(names ...string) (func(string) (int, bool), func() []string) {
	return func(n string) (int, bool) {
			for i, m := range names {
				if m == n {
					return i, true
				}
			}
			return 0, false
		}, func() []string {
			return names
		}
}

func TestExprEval(t *testing.T) {
	lookup, names := testLookup("a", "b", "flag")
	x := []float64{2, 5, 1}
	tests := []struct {
		src  string
		want float64
	}{
		{"1 + 2 * 3", 7},
		{"-a + b", 3},
		{"a ** 3", 8},
		{"a ^ 3", 8},
		{"b % a", 1},
		{"b / a", 2.5},
		{"a < b", 1},
		{"a >= b", 0},
		{"a == 2 and b != 5", 0},
		{"a == 2 or b != 5", 1},
		{"not (a > 1)", 0},
		{"!flag", 0},
		{"flag ? a : b", 2},
		{"a > 3 ? a : b > 4 ? 10 : 20", 10},
		{"min(a, b, -1)", -1},
		{"max(a, b)", 5},
		{"abs(-a)", 2},
		{"clamp(b, 0, 3)", 3},
		{"pow(a, 0.5)", math.Sqrt2},
		{"sqrt(4) + exp(0) + log(1) + floor(1.7) + ceil(1.2) + round(2.5)", 2 + 1 + 0 + 1 + 2 + 3},
		{"sign(-3) + sign(0) + sign(9)", 0},
		{"true + false", 1},
		{"3", 3},
		{"1e-3 * 1000", 1},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, errs := Compile(tt.src, lookup, names)
			if len(errs) > 0 {
				t.Fatalf("compile: %v", errs)
			}
			if got := e.Eval(x); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestExprConstantFolding(t *testing.T) {
	lookup, names := testLookup("a")
	e, _ := Compile("1 - 0.25", lookup, names)
	if v, ok := e.Constant(); !ok || v != 0.75 {
		t.Errorf("Constant() = %v, %v; want 0.75, true", v, ok)
	}
	e, _ = Compile("1 - a", lookup, names)
	if _, ok := e.Constant(); ok {
		t.Error("an expression reading a is not constant")
	}
}

func TestExprErrors(t *testing.T) {
	lookup, names := testLookup("breach_cost", "india_tilt")
	tests := []struct {
		src        string
		offset     int
		msgContain string
	}{
		{"-breach_cots", 1, `unknown name "breach_cots"; did you mean "breach_cost"?`},
		{"1 + ", 3, "invalid expression"},
		{"sqrt(1, 2)", 0, "sqrt takes 1 argument(s), found 2"},
		{"foo(1)", 0, `unknown function "foo"`},
		{`"abc"`, 0, "expected a number, found the string"},
		{"india_tilt in [1]", 11, "not supported"},
		{"", 0, "expected an expression"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, errs := Compile(tt.src, lookup, names)
			if len(errs) == 0 {
				t.Fatal("compiled; want an error")
			}
			if !strings.Contains(errs[0].Msg, tt.msgContain) {
				t.Errorf("message %q does not contain %q", errs[0].Msg, tt.msgContain)
			}
			if errs[0].Offset != tt.offset {
				t.Errorf("offset %d, want %d", errs[0].Offset, tt.offset)
			}
		})
	}
}

func TestExprEvalDoesNotAllocate(t *testing.T) {
	lookup, names := testLookup("a", "b")
	e, _ := Compile("a > 1 ? max(a, b) * 2 - sqrt(b) : -a", lookup, names)
	x := []float64{2, 5}
	if n := testing.AllocsPerRun(100, func() { e.Eval(x) }); n != 0 {
		t.Errorf("Eval allocates %v times per call", n)
	}
}
