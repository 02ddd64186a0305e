package calc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// The compiled machine (expr.go) reuses expr-lang's parser but not its
// evaluator, so nothing but a comparison shows that the two agree. The
// tests here evaluate the same source with both on the same variables and
// require the same float64, bit for bit (any NaN matches any NaN).
//
// Parley's numbers are all float64 and its booleans are 1 and 0; expr-lang
// has ints and bools of its own. The reference is therefore expr-lang run
// as Parley means an expression, with these deliberate differences spelled
// out rather than papered over by a tolerance:
//
//   - Integer literals are float64 (refFloats patches them), except the
//     operands of %, which expr-lang has only for integers; Parley's % is
//     math.Mod on any numbers. Written as they are, expr-lang's integers
//     wrap on overflow and have no −0; TestExprDeliberateDifferences shows
//     both.
//   - abs, min and max are math.Abs, math.Min and math.Max: expr-lang's
//     own keep −0 from abs and let a NaN argument vanish from min and max,
//     where Parley passes it on for the non-finite checks to catch.
//   - A number used as a condition (in ?:, and, or, not) or compared with
//     a boolean is Parley's extension; expr-lang rejects the first and
//     calls 1 == true false. Such inputs are skipped, not compared.
//   - The machine stops at the first NaN or ±Inf an operation produces
//     (the run fails naming it); expr-lang carries on, or fails (an
//     integer % 0). Where expr-lang's result is non-finite too the two
//     agree; where a later step absorbed the value (NaN < 1 is false) the
//     input is skipped. TestExprDeliberateDifferences pins both.
//
// sqrt, exp, log, log10, sin, cos, tan, sign, clamp and pow are not
// expr-lang builtins; the reference defines them as the Go functions they
// name, which checks the machine's wiring of names to functions.

var diffVars = []string{"a", "b", "c"}

// refFunctions are the reference's functions, each taking float64 only.
func refFunctions() []expr.Option {
	unary := map[string]func(float64) float64{
		"abs": math.Abs, "sqrt": math.Sqrt, "exp": math.Exp, "log": math.Log,
		"log10": math.Log10, "sin": math.Sin, "cos": math.Cos, "tan": math.Tan,
		"sign": func(x float64) float64 {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return -1
			}
			return 0 // NaN and ±0
		},
	}
	var opts []expr.Option
	for name, fn := range unary {
		opts = append(opts, expr.Function(name, func(p ...any) (any, error) {
			return fn(refFloat(p[0])), nil
		}, new(func(float64) float64)))
	}
	fold := func(f func(a, b float64) float64) func(p ...any) (any, error) {
		return func(p ...any) (any, error) {
			v := refFloat(p[0])
			for _, w := range p[1:] {
				v = f(v, refFloat(w))
			}
			return v, nil
		}
	}
	// min and max of one to four arguments: expr-lang checks a function's
	// call against the signatures it is given.
	sigs := []any{new(func(float64) float64), new(func(float64, float64) float64),
		new(func(float64, float64, float64) float64), new(func(float64, float64, float64, float64) float64)}
	opts = append(opts,
		expr.Function("min", fold(math.Min), sigs...),
		expr.Function("max", fold(math.Max), sigs...),
		expr.Function("pow", fold(math.Pow), new(func(float64, float64) float64)),
		expr.Function("clamp", func(p ...any) (any, error) {
			return math.Max(refFloat(p[1]), math.Min(refFloat(p[2]), refFloat(p[0]))), nil
		}, new(func(float64, float64, float64) float64)),
	)
	return opts
}

// refFloat reads a function argument: expr-lang passes the result of an
// integer % as an int even where the signature says float64.
func refFloat(v any) float64 {
	if i, ok := v.(int); ok {
		return float64(i)
	}
	return v.(float64)
}

// refFloats turns integer literals into float64 ones, except those read
// directly by %, and makes the result of % a float64.
type refFloats struct{ keep modOperands }

func (r refFloats) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IntegerNode:
		if !r.keep[n.Location()] {
			f := &ast.FloatNode{Value: float64(n.Value)}
			ast.Patch(node, f)
			f.SetType(reflect.TypeOf(float64(0)))
		}
	case *ast.BinaryNode:
		if n.Operator == "%" {
			ast.Patch(node, &ast.BuiltinNode{Name: "float", Arguments: []ast.Node{n}})
		}
	}
}

// modOperands are the places of the operands of %: the reference parses
// the source again, so nodes are found by where they are.
type modOperands map[file.Location]bool

func (m modOperands) Visit(node *ast.Node) {
	if b, ok := (*node).(*ast.BinaryNode); ok && b.Operator == "%" {
		m[b.Left.Location()], m[b.Right.Location()] = true, true
	}
}

// boolNumberMix reports an == or != between a boolean and a number, or
// with a side whose type is not known, in a type-checked tree. expr-lang
// rejects the first where it knows both types.
type boolNumberMix struct{ found bool }

func (v *boolNumberMix) Visit(node *ast.Node) {
	b, ok := (*node).(*ast.BinaryNode)
	if !ok || (b.Operator != "==" && b.Operator != "!=") {
		return
	}
	kind := func(n ast.Node) reflect.Kind { return n.Type().Kind() }
	l, r := kind(b.Left), kind(b.Right)
	isNum := func(k reflect.Kind) bool { return k == reflect.Float64 || k == reflect.Int }
	// A side of unknown type ((c ? true : 1) == 1) may be either.
	if !(isNum(l) && isNum(r)) && !(l == reflect.Bool && r == reflect.Bool) {
		v.found = true
	}
}

// exprDiff compares the machine with the reference on src at x. skip is
// why the input was not compared (one side rejects it, or expr-lang fails
// on it), empty when it was; err describes a disagreement.
func exprDiff(src string, x []float64) (skip string, err error) {
	lookup, names := testLookup(diffVars...)
	e, errs := Compile(src, lookup, names)
	if len(errs) > 0 {
		return "the machine rejects it: " + errs[0].Msg, nil
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return "expr-lang cannot parse it", nil
	}
	keep := modOperands{}
	ast.Walk(&tree.Node, keep)
	env := map[string]any{}
	for i, v := range diffVars {
		env[v] = x[i]
	}
	opts := append(refFunctions(), expr.Env(env), expr.Patch(refFloats{keep}))
	typed, err := expr.Compile(src, append(opts, expr.Optimize(false))...)
	if err != nil {
		return "expr-lang rejects it: " + err.Error(), nil
	}
	node := typed.Node()
	mix := &boolNumberMix{}
	ast.Walk(&node, mix)
	if mix.found {
		return "it compares a boolean with a number", nil
	}
	// The unoptimised program compiled, so an error here is the optimiser
	// folding a failing constant (7 % 0), as at run time. The machine's
	// NaN there may be absorbed on the way (NaN < 1 is false, an untaken
	// branch is never evaluated), so there is nothing to compare.
	prog, err := expr.Compile(src, opts...)
	var out any
	if err == nil {
		out, err = runRef(prog, env)
	}
	if err != nil {
		return "expr-lang fails: " + err.Error(), nil
	}
	var want float64
	switch v := out.(type) {
	case float64:
		want = v
	case int:
		want = float64(v)
	case bool:
		want = b2f(v)
	default:
		return fmt.Sprintf("expr-lang returns a %T", out), nil
	}
	got, f := e.Run(x)
	if f.pc != 0 {
		// The machine stops at the first NaN or ±Inf (the run fails with
		// an error naming it). expr-lang carries on, and a later step may
		// absorb the value (NaN < 1 is false); compare only when it did
		// not, so that a stop where expr-lang stays finite is seen.
		if want-want == 0 {
			return "the machine stops at a non-finite value that expr-lang absorbs", nil
		}
		return "", nil
	}
	// ±0 compare equal: expr-lang folds a literal -0 as an integer, which
	// has no sign, before the float patch sees it (TestExprDeliberateDifferences).
	if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) && !(got == 0 && want == 0) {
		return "", fmt.Errorf("%q at %v: machine %v (%#x), expr-lang %v (%#x)",
			src, x, got, math.Float64bits(got), want, math.Float64bits(want))
	}
	return "", nil
}

// runRef runs the reference, turning a panic in expr-lang into an error.
func runRef(prog *vm.Program, env map[string]any) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return expr.Run(prog, env)
}

// exprGen writes random well-typed expressions over diffVars: numbers
// where expr-lang wants numbers and booleans where it wants booleans, so
// that few are skipped.
type exprGen struct{ r *rand.Rand }

var (
	genLits  = []string{"0", "1", "2", "3", "7", "10", "0.5", "2.5", "0.1", "1e308", "1e-310", "4.9e-324"}
	genArith = []string{"+", "-", "*", "/", "**", "^"}
	genCmp   = []string{"<", "<=", ">", ">=", "==", "!="}
	genLogic = []string{"and", "&&", "or", "||"}
	genUnary = []string{"abs", "ceil", "floor", "round", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "sign"}
	// Parameters are always finite (the loader and the samplers see to
	// it); non-finite values arise inside expressions, from ±1e308 and
	// from functions such as log.
	genValues = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 2, -2.25, 3.7, 1e308, -1e308, 5e-324}
)

func (g exprGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g exprGen) num(d int) string {
	if d == 0 || g.r.IntN(5) == 0 {
		if g.r.IntN(2) == 0 {
			return g.pick(diffVars)
		}
		return g.pick(genLits)
	}
	switch g.r.IntN(9) {
	case 0:
		return "-" + g.num(d-1)
	case 1:
		return g.num(d-1) + " " + g.pick(genArith) + " " + g.num(d-1)
	case 2:
		return "(" + g.num(d-1) + " " + g.pick(genArith) + " " + g.num(d-1) + ")"
	case 3:
		return "(" + strconv.Itoa(g.r.IntN(10)) + " % " + strconv.Itoa(1+g.r.IntN(9)) + ")"
	case 4:
		return "(" + g.boolean(d-1) + " ? " + g.num(d-1) + " : " + g.num(d-1) + ")"
	case 5:
		return g.pick(genUnary) + "(" + g.num(d-1) + ")"
	case 6:
		args := make([]string, 1+g.r.IntN(4))
		for i := range args {
			args[i] = g.num(d - 1)
		}
		return g.pick([]string{"min", "max"}) + "(" + strings.Join(args, ", ") + ")"
	case 7:
		return "clamp(" + g.num(d-1) + ", " + g.num(d-1) + ", " + g.num(d-1) + ")"
	}
	return "pow(" + g.num(d-1) + ", " + g.num(d-1) + ")"
}

func (g exprGen) boolean(d int) string {
	if d == 0 {
		return g.pick([]string{"true", "false"})
	}
	switch g.r.IntN(5) {
	case 0:
		return "(" + g.boolean(d-1) + " " + g.pick(genLogic) + " " + g.boolean(d-1) + ")"
	case 1:
		return g.pick([]string{"not ", "!"}) + "(" + g.boolean(d-1) + ")"
	case 2:
		return "(" + g.boolean(d-1) + " " + g.pick([]string{"==", "!="}) + " " + g.boolean(d-1) + ")"
	}
	return "(" + g.num(d-1) + " " + g.pick(genCmp) + " " + g.num(d-1) + ")"
}

func (g exprGen) values() []float64 {
	x := make([]float64, len(diffVars))
	for i := range x {
		if g.r.IntN(2) == 0 {
			x[i] = genValues[g.r.IntN(len(genValues))]
		} else {
			x[i] = (g.r.Float64() - 0.5) * math.Pow(10, float64(g.r.IntN(12)-6))
		}
	}
	return x
}

// TestExprMachineMatchesExprLang compares the machine with expr-lang on
// random expressions of every operator and function, at special values
// (±0, ±Inf, NaN, the extremes) as well as ordinary ones.
func TestExprMachineMatchesExprLang(t *testing.T) {
	g := exprGen{rand.New(rand.NewPCG(8, 7))}
	n := 2000
	if testing.Short() {
		n = 300
	}
	compared, failed := 0, 0
	for range n {
		src := g.num(4)
		if g.r.IntN(5) == 0 {
			src = g.boolean(4)
		}
		for range 3 {
			skip, err := exprDiff(src, g.values())
			if err != nil {
				failed++
				if failed <= 20 {
					t.Error(err)
				}
			}
			if skip == "" {
				compared++
			} else if testing.Verbose() {
				t.Logf("skipped %q: %s", src, skip)
			}
		}
	}
	t.Logf("%d evaluations compared, %d disagreed", compared, failed)
	// The generator writes only what both accept; a reference that
	// silently skipped everything would make this test pass vacuously.
	if compared < 3*n*9/10 {
		t.Errorf("only %d of %d evaluations compared", compared, 3*n)
	}
}

// FuzzExprMachine is the same comparison on any source the fuzzer writes
// and any variable values; sources one side rejects are skipped.
//
//	go test ./sim -run='^$' -fuzz=FuzzExprMachine -fuzztime=3m
func FuzzExprMachine(f *testing.F) {
	nan, inf, negZero := math.NaN(), math.Inf(1), math.Copysign(0, -1)
	seeds := []string{
		"1 + 2 * 3", "-a + b", "a ** 3", "a ^ b", "(7 % 3) * a", "b / a", "a < b", "a >= b",
		"a == 2 and b != 5", "a == 2 or b != 5", "not (a > 1)", "!(a < b)", "a > 0 ? a : b",
		"a > 3 ? a : b > 4 ? 10 : 20", "min(a, b, -1)", "max(a, b)", "abs(-a)", "clamp(b, 0, 3)",
		"pow(a, 0.5)", "sqrt(a) + exp(b) + log(c) + floor(a) + ceil(b) + round(c)", "log10(a) * sin(b) - cos(c) / tan(a)",
		"sign(a) + sign(b) + sign(c)", "1e-3 * 1000", "a - a", "0 * a", "a / (b - b)", "-(a * 0)",
		"(a < b) == (b < c)", "a != a", "1e308 * 10", "min(a) - max(a)", "round(-0.5)", "-(9 % 3)",
	}
	for i, s := range seeds {
		vals := [][3]float64{{2, 5, 1}, {negZero, nan, inf}, {-1.5, 0, 1e-310}}
		v := vals[i%len(vals)]
		f.Add(s, v[0], v[1], v[2])
	}
	f.Fuzz(func(t *testing.T, src string, a, b, c float64) {
		if len(src) > 512 {
			t.Skip("long")
		}
		if _, err := exprDiff(src, []float64{a, b, c}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestExprDeliberateDifferences pins where Parley's expressions differ
// from expr-lang's own, as the comment at the top of this file lists, so
// that a change on either side is noticed. want is the machine's value;
// ref is expr-lang's, as written and with its own builtins, or refErr when
// it rejects the expression or fails.
func TestExprDeliberateDifferences(t *testing.T) {
	nan, negZero := math.NaN(), math.Copysign(0, -1)
	const refErr, notFinite = "error", "not finite"
	tests := []struct {
		src       string
		a         float64
		want, ref any
	}{
		{"-0", 0, negZero, 0},                                                // expr-lang's integer zero has no sign
		{"1 / -0", 0, notFinite, math.Inf(1)},                                // a constant that is not finite is a load error
		{"9223372036854775807 + 1", 0, 9223372036854775808.0, math.MinInt64}, // expr-lang's ints wrap
		{"abs(a)", negZero, 0.0, negZero},
		{"min(1.5, a)", nan, nan, 1.5}, // expr-lang's min and max drop a NaN that comes second
		{"max(1.5, a)", nan, nan, 1.5},
		{"7 % 0", 0, notFinite, refErr},
		{"a % 0", 7, nan, refErr},   // the run stops here, naming the NaN
		{"a % 2", 7.5, 1.5, refErr}, // % is for integers only in expr-lang
		{"(a > 1) == 1", 2, 1.0, refErr},
		{"(a > 1 ? true : 1) == 1", 2, 1.0, false},
		{"a ? 1 : 2", 0.5, 1.0, refErr}, // any non-zero number is true
		{"a and true", 0.5, 1.0, refErr},
		{"true + 1", 0, 2.0, refErr},
	}
	same := func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || (math.IsNaN(x) && math.IsNaN(y))
	}
	lookup, names := testLookup("a")
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, errs := Compile(tt.src, lookup, names)
			switch {
			case tt.want == notFinite:
				if len(errs) == 0 || !strings.Contains(errs[0].Msg, "finite") {
					t.Errorf("machine: %v, want a load error saying the constant is not finite", errs)
				}
			case len(errs) > 0:
				t.Fatalf("machine: %v", errs)
			default:
				if got := e.Eval([]float64{tt.a}); !same(got, tt.want.(float64)) {
					t.Errorf("machine: %v, want %v", got, tt.want)
				}
			}
			env := map[string]any{"a": tt.a}
			var out any
			prog, err := expr.Compile(tt.src, expr.Env(env))
			if err == nil {
				out, err = runRef(prog, env)
			}
			switch {
			case tt.ref == refErr:
				if err == nil {
					t.Errorf("expr-lang: %v, want an error", out)
				}
			case err != nil:
				t.Errorf("expr-lang: %v, want %v", err, tt.ref)
			default:
				ref, isFloat := tt.ref.(float64)
				gotF, gotIsFloat := out.(float64)
				if isFloat && gotIsFloat && same(ref, gotF) {
					return
				}
				if !isFloat && out == tt.ref {
					return
				}
				t.Errorf("expr-lang: %v (%T), want %v (%T)", out, out, tt.ref, tt.ref)
			}
		})
	}
}
