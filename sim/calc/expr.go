package calc

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"

	"github.com/parley-dev/parley/sim/suggest"
)

// An Expr is a numeric expression compiled once at load time.
//
// Parsing is expr-lang's (its grammar, operators and error positions); the
// result is compiled to a small float64 stack machine rather than run on
// expr-lang's VM, because that VM boxes every number in an interface and
// would allocate on every Monte Carlo iteration. Booleans are 1 and 0, and
// any non-zero number is true, so a bernoulli parameter can be used both as
// a condition and as a factor.
type Expr struct {
	Src   string  // the expression as written
	code  []instr // empty when the expression is constant
	konst float64 // the value of a constant expression
	vars  []int   // slots read, for dependency ordering
	pos   []int32 // per instruction: its character offset in Src, for faults
	depth int     // the deepest the stack gets
	shape shape   // a common short form that Run evaluates without the loop
}

type opcode uint8

const (
	opConst opcode = iota
	opLoad
	opNeg
	opNot
	opAdd
	opSub
	opMul
	opDiv
	opMod
	opPow
	opLt
	opLe
	opGt
	opGe
	opEq
	opNe
	opAnd
	opOr
	opJumpIfZero
	opJump
	opCall1 // one-argument math function, arg selects it
	opMin   // arg = operand count
	opMax
	opClamp
)

type instr struct {
	op  opcode
	arg int32
	val float64
}

// maxStack bounds evaluation depth so that Eval can keep its stack in a
// fixed-size array and never allocate.
const maxStack = 64

// Constant reports whether the expression reads no variable, and its value.
func (e *Expr) Constant() (float64, bool) { return e.konst, len(e.code) == 0 }

// Vars returns the slots the expression reads.
func (e *Expr) Vars() []int { return e.vars }

// unaryFns are the one-argument math functions, indexed by opCall1's arg.
// A slice rather than a map: the hot loop indexes it.
var unaryFns = []struct {
	name string
	fn   func(float64) float64
}{
	{"abs", math.Abs},
	{"ceil", math.Ceil},
	{"floor", math.Floor},
	{"round", math.Round},
	{"sqrt", math.Sqrt},
	{"exp", math.Exp},
	{"log", math.Log},
	{"log10", math.Log10},
	{"sin", math.Sin},
	{"cos", math.Cos},
	{"tan", math.Tan},
	{"sign", func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return 0
	}},
}

// FunctionNames lists the functions an expression may call, for help text
// and suggestions.
func FunctionNames() []string {
	names := []string{"min", "max", "clamp", "pow"}
	for _, f := range unaryFns {
		names = append(names, f.name)
	}
	return names
}

// An Error is a problem at a character offset inside an expression.
type Error struct {
	Offset int
	Msg    string
}

func (e Error) Error() string { return fmt.Sprintf("at character %d: %s", e.Offset, e.Msg) }

// Compile compiles src, resolving identifiers with lookup. It returns
// every problem found, each at its character offset in src.
func Compile(src string, lookup func(string) (int, bool), names func() []string) (*Expr, []Error) {
	return CompileEnum(src, lookup, names, nil)
}

// CompileEnum is Compile where some names are enumerations (the
// issues of a bargaining model): such a name holds the index of its
// option, and may be compared with an option's name as a string,
// drones == "halt", or tested for membership, ttp in ["partial", "full"].
func CompileEnum(src string, lookup func(string) (int, bool), names func() []string, enum func(string) ([]string, bool)) (*Expr, []Error) {
	if src == "" {
		return nil, []Error{{Offset: 0, Msg: "expected an expression, found nothing"}}
	}
	tree, err := parser.Parse(src)
	if err != nil {
		if off, msg, ok := unbalanced(src); ok {
			return nil, []Error{{Offset: off, Msg: "invalid expression: " + msg}}
		}
		var fe *file.Error
		if errors.As(err, &fe) {
			return nil, []Error{{Offset: fe.From, Msg: "invalid expression: " + parseMessage(src, fe.From, fe.Message)}}
		}
		return nil, []Error{{Offset: 0, Msg: "invalid expression: " + err.Error()}}
	}
	c := &exprCompiler{lookup: lookup, names: names, enum: enum}
	c.node(tree.Node)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	if c.maxDepth > maxStack {
		return nil, []Error{{Offset: 0, Msg: fmt.Sprintf("expression nests too deeply (%d levels, at most %d)", c.maxDepth, maxStack)}}
	}
	e := &Expr{Src: src, code: c.code, vars: c.vars, pos: c.pos, depth: c.maxDepth}
	if len(c.vars) == 0 {
		v, f := e.Run(nil)
		if f.pc > 0 {
			return nil, []Error{{Offset: int(e.pos[f.pc-1]), Msg: e.describe(f, v) + ": a value must be a finite number"}}
		}
		e.konst = v
		e.code = nil
	}
	e.shape = shapeOf(e.code)
	return e, nil
}

// unbalanced finds a parenthesis without its partner, which the parser
// reports less clearly (as an unexpected end of the expression). The
// offset is in characters, as the parser counts them.
func unbalanced(src string) (offset int, msg string, ok bool) {
	var open []int
	var quote rune
	i := 0
	for _, r := range src {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'' || r == '`':
			quote = r
		case r == '(':
			open = append(open, i)
		case r == ')':
			if len(open) == 0 {
				return i, "this ) has no matching (", true
			}
			open = open[:len(open)-1]
		}
		i++
	}
	if len(open) > 0 {
		return open[len(open)-1], "this ( is never closed", true
	}
	return 0, "", false
}

type exprCompiler struct {
	enum     func(string) ([]string, bool)
	lookup   func(string) (int, bool)
	names    func() []string
	code     []instr
	pos      []int32
	at       int32 // offset of the node being compiled
	vars     []int
	depth    int
	maxDepth int
	errs     []Error
}

func (c *exprCompiler) emit(op opcode, arg int32, val float64, push int) {
	c.code = append(c.code, instr{op, arg, val})
	c.pos = append(c.pos, c.at)
	c.depth += push
	c.maxDepth = max(c.maxDepth, c.depth)
}

func (c *exprCompiler) fail(n ast.Node, format string, args ...any) {
	c.errs = append(c.errs, Error{Offset: n.Location().From, Msg: fmt.Sprintf(format, args...)})
}

var binops = map[string]opcode{
	"+": opAdd, "-": opSub, "*": opMul, "/": opDiv, "%": opMod, "**": opPow, "^": opPow,
	"<": opLt, "<=": opLe, ">": opGt, ">=": opGe, "==": opEq, "!=": opNe,
	"and": opAnd, "&&": opAnd, "or": opOr, "||": opOr,
}

func (c *exprCompiler) node(n ast.Node) {
	defer func(at int32) { c.at = at }(c.at)
	c.at = int32(n.Location().From)
	switch n := n.(type) {
	case *ast.IntegerNode:
		c.emit(opConst, 0, float64(n.Value), 1)
	case *ast.FloatNode:
		c.emit(opConst, 0, n.Value, 1)
	case *ast.BoolNode:
		v := 0.0
		if n.Value {
			v = 1
		}
		c.emit(opConst, 0, v, 1)
	case *ast.IdentifierNode:
		slot, ok := c.lookup(n.Value)
		if !ok {
			c.fail(n, "unknown name %q%s", n.Value, suggest.DidYouMean(n.Value, c.names()))
			c.emit(opConst, 0, 0, 1)
			return
		}
		c.vars = append(c.vars, slot)
		c.emit(opLoad, int32(slot), 0, 1)
	case *ast.UnaryNode:
		c.node(n.Node)
		switch n.Operator {
		case "-":
			c.emit(opNeg, 0, 0, 0)
		case "+":
		case "!", "not":
			c.emit(opNot, 0, 0, 0)
		default:
			c.fail(n, "operator %q is not supported", n.Operator)
		}
	case *ast.BinaryNode:
		if c.enumCompare(n) {
			return
		}
		op, ok := binops[n.Operator]
		if !ok {
			c.fail(n, "operator %q is not supported (use + - * / %% ** < <= > >= == != and or)", n.Operator)
			return
		}
		c.node(n.Left)
		c.node(n.Right)
		c.emit(op, 0, 0, -1)
	case *ast.ConditionalNode:
		c.node(n.Cond)
		jz := len(c.code)
		c.emit(opJumpIfZero, 0, 0, -1)
		c.node(n.Exp1)
		jmp := len(c.code)
		c.emit(opJump, 0, 0, -1) // the else branch pushes the same slot again
		c.code[jz].arg = int32(len(c.code))
		c.node(n.Exp2)
		c.code[jmp].arg = int32(len(c.code))
	case *ast.BuiltinNode:
		c.call(n, n.Name, n.Arguments)
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			c.fail(n, "only calls of named functions are supported")
			return
		}
		c.call(n, id.Value, n.Arguments)
	case *ast.StringNode:
		c.fail(n, "expected a number, found the string %q", n.Value)
	case *ast.NilNode:
		c.fail(n, "expected a number, found nil")
	default:
		c.fail(n, "this kind of expression (%T) is not supported in a numeric expression", n)
	}
}

// enumCompare compiles issue == "option", "option" == issue, issue !=
// "option" and issue in ["a", "b"]; it reports whether n was one of them.
func (c *exprCompiler) enumCompare(n *ast.BinaryNode) bool {
	if c.enum == nil {
		return false
	}
	id, lit := n.Left, n.Right
	if _, ok := id.(*ast.IdentifierNode); !ok {
		id, lit = n.Right, n.Left
	}
	ident, ok := id.(*ast.IdentifierNode)
	if !ok {
		return false
	}
	options, isEnum := c.enum(ident.Value)
	if !isEnum {
		return false
	}
	index := func(s *ast.StringNode) (float64, bool) {
		for i, o := range options {
			if o == s.Value {
				return float64(i), true
			}
		}
		c.fail(s, "issue %s has no option %q%s (have %s)", ident.Value, s.Value, suggest.DidYouMean(s.Value, options), strings.Join(options, ", "))
		return 0, false
	}
	switch n.Operator {
	case "==", "!=":
		str, ok := lit.(*ast.StringNode)
		if !ok {
			return false
		}
		v, _ := index(str)
		c.node(ident)
		c.emit(opConst, 0, v, 1)
		c.emit(binops[n.Operator], 0, 0, -1)
		return true
	case "in", "not in":
		arr, ok := n.Right.(*ast.ArrayNode)
		if !ok || n.Left != ident {
			return false
		}
		c.emit(opConst, 0, 0, 1)
		for _, e := range arr.Nodes {
			str, ok := e.(*ast.StringNode)
			if !ok {
				c.fail(e, "expected an option of %s in quotes", ident.Value)
				continue
			}
			v, _ := index(str)
			c.node(ident)
			c.emit(opConst, 0, v, 1)
			c.emit(opEq, 0, 0, -1)
			c.emit(opOr, 0, 0, -1)
		}
		if n.Operator == "not in" {
			c.emit(opNot, 0, 0, 0)
		}
		return true
	}
	return false
}

func (c *exprCompiler) call(n ast.Node, name string, args []ast.Node) {
	want := func(k int) bool {
		if len(args) != k {
			c.fail(n, "%s takes %d argument(s), found %d", name, k, len(args))
			return false
		}
		return true
	}
	for i, f := range unaryFns {
		if f.name == name {
			if want(1) {
				c.node(args[0])
				c.emit(opCall1, int32(i), 0, 0)
			}
			return
		}
	}
	switch name {
	case "min", "max":
		if len(args) < 1 {
			c.fail(n, "%s takes at least one argument", name)
			return
		}
		for _, a := range args {
			c.node(a)
		}
		op := opMin
		if name == "max" {
			op = opMax
		}
		c.emit(op, int32(len(args)), 0, 1-len(args))
	case "clamp":
		if want(3) {
			for _, a := range args {
				c.node(a)
			}
			c.emit(opClamp, 0, 0, -2)
		}
	case "pow":
		if want(2) {
			c.node(args[0])
			c.node(args[1])
			c.emit(opPow, 0, 0, -1)
		}
	default:
		c.fail(n, "unknown function %q%s", name, suggest.DidYouMean(name, FunctionNames()))
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Eval evaluates the expression over the slot values x. It does not
// allocate. An operation that gives NaN or ±Inf ends the evaluation with
// that value; EvalAt says which operation it was.
func (e *Expr) Eval(x []float64) float64 {
	v, _ := e.Run(x)
	return v
}

// Where says where and why an evaluation stopped on the non-finite value
// v: the character offset of the operation in Src, and a message naming
// the operation, its operands and the expression. A NaN or ±Inf must
// never decide a comparison, a branch or a sign silently, so callers turn
// this into an error at the expression's key path. Messages are built
// only here, so the hot loop does not allocate.
func (e *Expr) Where(f Fault, v float64) (offset int, msg string) {
	return int(e.pos[f.pc-1]), fmt.Sprintf("%s, evaluating %s,", e.describe(f, v), e.Src)
}

// A Fault is where evaluation stopped on a non-finite value: the
// instruction (plus one; 0 for none) and its operands.
type Fault struct {
	pc   int
	a, b float64
}

// Failed reports whether the evaluation stopped on a non-finite value.
func (f Fault) Failed() bool { return f.pc != 0 }

// Relocate rewrites the expression's reads of placeholder slots (negative
// numbers handed out by the lookup while the real slots were not yet
// known) to the slots real gives them.
func (e *Expr) Relocate(real map[int]int) {
	for j := range e.code {
		if e.code[j].op == opLoad && e.code[j].arg < 0 {
			e.code[j].arg = int32(real[int(e.code[j].arg)])
		}
	}
	for j, v := range e.vars {
		if v < 0 {
			e.vars[j] = real[v]
		}
	}
}

var opSymbols = map[opcode]string{opAdd: "+", opSub: "-", opMul: "*", opDiv: "/", opMod: "%", opPow: "**"}

// describe says what operation gave the non-finite value v.
func (e *Expr) describe(f Fault, v float64) string {
	in := e.code[f.pc-1]
	switch in.op {
	case opLoad:
		return fmt.Sprintf("a value read is %v", v)
	case opConst:
		return fmt.Sprintf("the number is %v", v)
	case opCall1:
		return fmt.Sprintf("%s(%v) is %v", unaryFns[in.arg].name, f.a, v)
	}
	return fmt.Sprintf("%v %s %v is %v", f.a, opSymbols[in.op], f.b, v)
}

// run is Run's loop, on a stack st of at least e.depth values. Every operation that can turn finite numbers into
// NaN or ±Inf (and every read) is checked with one subtraction, x-x being
// 0 exactly when x is finite; comparisons, min, max, clamp, sign and the
// logical operators cannot, so a non-finite value never reaches them.
func (e *Expr) run(x, st []float64) (float64, Fault) {
	sp := 0
	code := e.code
	for pc := 0; pc < len(code); pc++ {
		in := &code[pc]
		switch in.op {
		case opConst:
			st[sp] = in.val
			if in.val-in.val != 0 {
				return in.val, Fault{pc: pc + 1}
			}
			sp++
		case opLoad:
			v := x[in.arg]
			if v-v != 0 {
				return v, Fault{pc: pc + 1}
			}
			st[sp] = v
			sp++
		case opNeg:
			st[sp-1] = -st[sp-1]
		case opNot:
			st[sp-1] = b2f(st[sp-1] == 0)
		case opJumpIfZero:
			sp--
			if st[sp] == 0 {
				pc = int(in.arg) - 1
			}
		case opJump:
			pc = int(in.arg) - 1
		case opCall1:
			a := st[sp-1]
			r := unaryFns[in.arg].fn(a)
			if r-r != 0 {
				return r, Fault{pc: pc + 1, a: a}
			}
			st[sp-1] = r
		case opMin, opMax:
			k := int(in.arg)
			v := st[sp-k]
			for _, w := range st[sp-k+1 : sp] {
				if in.op == opMin {
					v = math.Min(v, w)
				} else {
					v = math.Max(v, w)
				}
			}
			sp -= k
			st[sp] = v
			sp++
		case opClamp:
			v, lo, hi := st[sp-3], st[sp-2], st[sp-1]
			sp -= 2
			st[sp-1] = math.Max(lo, math.Min(hi, v))
		default:
			a, b := st[sp-2], st[sp-1]
			sp--
			var r float64
			switch in.op {
			case opAdd:
				r = a + b
			case opSub:
				r = a - b
			case opMul:
				r = a * b
			case opDiv:
				r = a / b
			case opMod:
				r = math.Mod(a, b)
			case opPow:
				r = math.Pow(a, b)
			case opLt:
				r = b2f(a < b)
			case opLe:
				r = b2f(a <= b)
			case opGt:
				r = b2f(a > b)
			case opGe:
				r = b2f(a >= b)
			case opEq:
				r = b2f(a == b)
			case opNe:
				r = b2f(a != b)
			case opAnd:
				r = b2f(a != 0 && b != 0)
			case opOr:
				r = b2f(a != 0 || b != 0)
			}
			if r-r != 0 {
				return r, Fault{pc: pc + 1, a: a, b: b}
			}
			st[sp-1] = r
		}
	}
	return st[0], Fault{}
}

// String returns the expression as written, or its value when it was a
// plain number.
func (e *Expr) String() string {
	if e.Src != "" {
		return e.Src
	}
	return strconv.FormatFloat(e.konst, 'g', -1, 64)
}

// Constant returns an expression whose value is v, written as src.
func Constant(src string, v float64) *Expr { return &Expr{Src: src, konst: v} }
