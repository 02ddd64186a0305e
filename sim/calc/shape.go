package calc

// A shape is a short instruction sequence common enough in payoffs and
// derived values (a name, its negation, a name minus a number, the
// difference of two names) that Run evaluates it directly: a tree's
// payoffs are mostly such, and the loop's dispatch and its stack cost
// more than the arithmetic. A shaped expression gives the same value and
// the same Fault as the loop.
type shape uint8

const (
	shapeLoop   shape = iota // anything else: the loop
	shapeConst               // no code: the folded constant
	shapeLoad                // x[a]
	shapeNeg                 // -x[a]
	shapeBinary              // p op q, each a read or a number, op one of + - * /
)

// shapeOf recognises the shapes in compiled code.
func shapeOf(code []instr) shape {
	operand := func(in instr) bool { return in.op == opLoad || in.op == opConst }
	switch {
	case len(code) == 0:
		return shapeConst
	case len(code) == 1 && code[0].op == opLoad:
		return shapeLoad
	case len(code) == 2 && code[0].op == opLoad && code[1].op == opNeg:
		return shapeNeg
	case len(code) == 3 && operand(code[0]) && operand(code[1]):
		switch code[2].op {
		case opAdd, opSub, opMul, opDiv:
			return shapeBinary
		}
	}
	return shapeLoop
}

// Run evaluates the expression over the slot values x, like Eval, and
// also says where it stopped if a value was not finite.
func (e *Expr) Run(x []float64) (float64, Fault) {
	switch e.shape {
	case shapeConst:
		return e.konst, Fault{}
	case shapeLoad:
		v := x[e.code[0].arg]
		if v-v != 0 {
			return v, Fault{pc: 1}
		}
		return v, Fault{}
	case shapeNeg:
		v := x[e.code[0].arg]
		if v-v != 0 {
			return v, Fault{pc: 1}
		}
		return -v, Fault{}
	case shapeBinary:
		return e.binary(x)
	}
	if len(e.code) == 0 { // an Expr made by Constant
		return e.konst, Fault{}
	}
	// The stack is zeroed on every call: a small one for the common
	// shallow expressions keeps that cheap.
	if e.depth <= 8 {
		var st [8]float64
		return e.run(x, st[:])
	}
	var st [maxStack]float64
	return e.run(x, st[:])
}

// binary evaluates shapeBinary: operands read in order, each checked as
// the loop checks it, then the operation.
func (e *Expr) binary(x []float64) (float64, Fault) {
	c := e.code[:3]
	a, b := c[0].val, c[1].val
	if c[0].op == opLoad {
		a = x[c[0].arg]
	}
	if a-a != 0 {
		return a, Fault{pc: 1}
	}
	if c[1].op == opLoad {
		b = x[c[1].arg]
	}
	if b-b != 0 {
		return b, Fault{pc: 2}
	}
	var r float64
	switch c[2].op {
	case opAdd:
		r = a + b
	case opSub:
		r = a - b
	case opMul:
		r = a * b
	default:
		r = a / b
	}
	if r-r != 0 {
		return r, Fault{pc: 3, a: a, b: b}
	}
	return r, Fault{}
}
