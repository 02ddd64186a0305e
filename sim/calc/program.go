package calc

import (
	"math"
)

// A Program evaluates a set of expressions as one straight-line register
// program: each expression's stack code becomes register operations,
// operations that several expressions (or one expression twice) compute
// from the same operands are done once, and constants are registers
// filled once. A world's derived values, or a tree's payoffs and
// probabilities, then cost one pass over a few dozen operations rather
// than a stack machine per expression.
//
// A Program gives the same values, to the bit, as Run on each expression
// in turn: it performs the same floating-point operations on the same
// operands. What it does not do is stop at the first non-finite value:
// it only says whether there was one, and the caller then evaluates the
// expressions one by one with Run, which names the first operation that
// faulted, exactly as if the Program had not been used.
//
// The register file (Regs) has the input slots first, laid out as the
// slot values x an expression reads, then whatever registers the caller
// reserved for results, then the program's own.
type Program struct {
	code   []pinstr
	exprs  []*Expr    // expressions run whole (those with jumps), by index
	konst  []konstReg // registers preset to a constant
	inputs []int32    // input registers read, checked for finiteness on every run
	nreg   int
}

type konstReg struct {
	reg int32
	v   float64
}

type pop uint8

const (
	pCopy pop = iota // dst = a
	pNeg
	pNot
	pAdd
	pSub
	pMul
	pDiv
	pMod
	pPow
	pLt
	pLe
	pGt
	pGe
	pEq
	pNe
	pAnd
	pOr
	pCall1 // dst = unaryFns[fn](a)
	pMin   // dst = math.Min(a, b)
	pMax
	pClamp // dst = math.Max(b, math.Min(c, a)): clamp(a, b, c)
	pExpr  // dst = exprs[fn].Run(regs)
)

type pinstr struct {
	op      pop
	fn      int32
	dst     int32
	a, b, c int32
}

// A ProgramBuilder compiles expressions into a Program.
type ProgramBuilder struct {
	p      *Program
	nin    int
	cse    map[pinstr]int32 // an operation (dst unset) to the register holding its value
	consts map[uint64]int32 // a constant's bits to its register
	read   map[int32]bool   // input registers read
	wrote  map[int32]bool   // registers the program writes
}

// NewProgramBuilder starts a program over nin input slots.
func NewProgramBuilder(nin int) *ProgramBuilder {
	return &ProgramBuilder{p: &Program{nreg: nin}, nin: nin, cse: map[pinstr]int32{},
		consts: map[uint64]int32{}, read: map[int32]bool{}, wrote: map[int32]bool{}}
}

// Reserve sets aside n registers for results and returns the first.
func (b *ProgramBuilder) Reserve(n int) int {
	r := b.p.nreg
	b.p.nreg += n
	return r
}

func (b *ProgramBuilder) reg() int32 {
	b.p.nreg++
	return int32(b.p.nreg - 1)
}

// constant returns a register holding v.
func (b *ProgramBuilder) constant(v float64) int32 {
	k := math.Float64bits(v)
	if r, ok := b.consts[k]; ok {
		return r
	}
	r := b.reg()
	b.consts[k] = r
	b.p.konst = append(b.p.konst, konstReg{r, v})
	if v-v != 0 { // Run faults on such a number: the program always reports it
		b.p.inputs = append(b.p.inputs, r)
	}
	return r
}

// emit adds operation in, writing dst if dst >= 0 (else a fresh register
// or the one already holding the same operation's value), and returns
// the register holding the value.
func (b *ProgramBuilder) emit(in pinstr, dst int32) int32 {
	in.dst = 0
	if r, ok := b.cse[in]; ok {
		if dst < 0 || dst == r {
			return r
		}
		b.p.code = append(b.p.code, pinstr{op: pCopy, dst: dst, a: r})
		b.wrote[dst] = true
		return dst
	}
	if dst < 0 {
		dst = b.reg()
	}
	b.cse[in] = dst
	in.dst = dst
	b.p.code = append(b.p.code, in)
	b.wrote[dst] = true
	return dst
}

// Add compiles e so that the program leaves its value in register dst.
// An input register written as dst (a derived value's slot) is read by
// the expressions added after it.
func (b *ProgramBuilder) Add(e *Expr, dst int) { b.add(e, int32(dst)) }

// Result compiles e and returns the register that will hold its value:
// an input register when e reads a slot unchanged, a constant's register,
// or the register of the same operation done for an earlier expression.
// The caller may write that register only with e's value.
func (b *ProgramBuilder) Result(e *Expr) int { return int(b.add(e, -1)) }

func (b *ProgramBuilder) add(e *Expr, d int32) int32 {
	if v, ok := e.Constant(); ok {
		if d < 0 {
			return b.constant(v)
		}
		// A copy, not a preset: dst may be an input slot the caller fills.
		b.forget(d)
		b.p.code = append(b.p.code, pinstr{op: pCopy, dst: d, a: b.constant(v)})
		b.wrote[d] = true
		return d
	}
	for _, in := range e.code {
		if in.op == opJump || in.op == opJumpIfZero {
			// Conditional code is run whole, by Run on the register file,
			// which holds the inputs at their slots.
			for _, v := range e.vars {
				b.read[int32(v)] = true
			}
			if d < 0 {
				d = b.reg()
			}
			b.p.exprs = append(b.p.exprs, e)
			b.p.code = append(b.p.code, pinstr{op: pExpr, fn: int32(len(b.p.exprs) - 1), dst: d})
			b.wrote[d] = true
			b.forget(d)
			return d
		}
	}
	if d >= 0 {
		b.forget(d)
	}
	var st []int32
	last := len(e.code) - 1
	for pc, in := range e.code {
		out := int32(-1)
		if pc == last {
			out = d
		}
		push := func(r int32) {
			if pc == last && d >= 0 && r != d {
				b.p.code = append(b.p.code, pinstr{op: pCopy, dst: d, a: r})
				b.wrote[d] = true
				r = d
			}
			st = append(st, r)
		}
		switch in.op {
		case opConst:
			push(b.constant(in.val))
		case opLoad:
			r := in.arg
			if !b.wrote[r] {
				b.read[r] = true
			}
			push(r)
		case opNeg, opNot, opCall1:
			op := unaryPops[in.op]
			a := st[len(st)-1]
			st = st[:len(st)-1]
			st = append(st, b.emit(pinstr{op: op, fn: in.arg, a: a}, out))
		case opMin, opMax:
			op := pMin
			if in.op == opMax {
				op = pMax
			}
			k := int(in.arg)
			args := st[len(st)-k:]
			st = st[:len(st)-k]
			v := args[0]
			for i, w := range args[1:] {
				o := int32(-1)
				if i == len(args)-2 {
					o = out
				}
				v = b.emit(pinstr{op: op, a: v, b: w}, o)
			}
			if k == 1 {
				push(v)
			} else {
				st = append(st, v)
			}
		case opClamp:
			v, lo, hi := st[len(st)-3], st[len(st)-2], st[len(st)-1]
			st = st[:len(st)-3]
			st = append(st, b.emit(pinstr{op: pClamp, a: v, b: lo, c: hi}, out))
		default:
			x, y := st[len(st)-2], st[len(st)-1]
			st = st[:len(st)-2]
			st = append(st, b.emit(pinstr{op: binPops[in.op], a: x, b: y}, out))
		}
	}
	return st[len(st)-1]
}

// forget drops the remembered operations whose value sits in register
// r, which is about to be written again.
func (b *ProgramBuilder) forget(r int32) {
	for k, v := range b.cse {
		if v == r {
			delete(b.cse, k)
		}
	}
}

var unaryPops = map[opcode]pop{opNeg: pNeg, opNot: pNot, opCall1: pCall1}

var binPops = map[opcode]pop{
	opAdd: pAdd, opSub: pSub, opMul: pMul, opDiv: pDiv, opMod: pMod, opPow: pPow,
	opLt: pLt, opLe: pLe, opGt: pGt, opGe: pGe, opEq: pEq, opNe: pNe, opAnd: pAnd, opOr: pOr,
}

// Build returns the program.
func (b *ProgramBuilder) Build() *Program {
	for r := range b.read {
		if !b.wrote[r] {
			b.p.inputs = append(b.p.inputs, r)
		}
	}
	// Map order is random; the order checked does not matter, but a
	// stable program is easier to read in a debugger.
	for i := 1; i < len(b.p.inputs); i++ {
		for j := i; j > 0 && b.p.inputs[j] < b.p.inputs[j-1]; j-- {
			b.p.inputs[j], b.p.inputs[j-1] = b.p.inputs[j-1], b.p.inputs[j]
		}
	}
	return b.p
}

// Regs returns a register file for the program, its constants set. It
// is written on every run: a cache line of slack after it keeps it off
// another goroutine's data.
func (p *Program) Regs() []float64 {
	r := make([]float64, p.nreg, p.nreg+16)
	for _, k := range p.konst {
		r[k.reg] = k.v
	}
	return r
}

// Len is the number of registers.
func (p *Program) Len() int { return p.nreg }

// Run evaluates the program on a register file from Regs whose input
// slots hold the world's values. It reports false if any input read or
// any operation's value was NaN or ±Inf: then the caller must run the
// expressions one by one to report the first fault, as Run does.
func (p *Program) Run(r []float64) bool {
	var bad uint64
	for _, in := range p.inputs {
		v := r[in]
		bad |= math.Float64bits(v - v)
	}
	for i := range p.code {
		in := &p.code[i]
		var v float64
		switch in.op {
		case pCopy:
			r[in.dst] = r[in.a]
			continue
		case pNeg:
			r[in.dst] = -r[in.a]
			continue
		case pNot:
			r[in.dst] = b2f(r[in.a] == 0)
			continue
		case pAdd:
			v = r[in.a] + r[in.b]
		case pSub:
			v = r[in.a] - r[in.b]
		case pMul:
			v = r[in.a] * r[in.b]
		case pDiv:
			v = r[in.a] / r[in.b]
		case pMod:
			v = math.Mod(r[in.a], r[in.b])
		case pPow:
			v = math.Pow(r[in.a], r[in.b])
		case pLt:
			v = b2f(r[in.a] < r[in.b])
		case pLe:
			v = b2f(r[in.a] <= r[in.b])
		case pGt:
			v = b2f(r[in.a] > r[in.b])
		case pGe:
			v = b2f(r[in.a] >= r[in.b])
		case pEq:
			v = b2f(r[in.a] == r[in.b])
		case pNe:
			v = b2f(r[in.a] != r[in.b])
		case pAnd:
			v = b2f(r[in.a] != 0 && r[in.b] != 0)
		case pOr:
			v = b2f(r[in.a] != 0 || r[in.b] != 0)
		case pCall1:
			v = unaryFns[in.fn].fn(r[in.a])
		case pMin:
			r[in.dst] = math.Min(r[in.a], r[in.b])
			continue
		case pMax:
			r[in.dst] = math.Max(r[in.a], r[in.b])
			continue
		case pClamp:
			r[in.dst] = math.Max(r[in.b], math.Min(r[in.c], r[in.a]))
			continue
		case pExpr:
			x, f := p.exprs[in.fn].Run(r)
			if f.Failed() {
				return false
			}
			v = x
		}
		bad |= math.Float64bits(v - v)
		r[in.dst] = v
	}
	return bad == 0
}
