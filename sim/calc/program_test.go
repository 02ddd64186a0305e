package calc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestProgramMatchesRun compiles random sets of expressions into one
// Program, in both ways the simulator uses it: results in registers of
// their own (a tree's payoffs), and results written to input slots that
// later expressions read (derived values). Every result must be Run's to
// the bit, and the Program must report a non-finite value exactly when
// running the expressions one by one faults. Subexpressions are drawn
// from a small pool, so that shared operations are common.
func TestProgramMatchesRun(t *testing.T) {
	g := exprGen{rand.New(rand.NewPCG(16, 1))}
	const nd = 4
	names := append([]string{}, diffVars...)
	for k := range nd {
		names = append(names, fmt.Sprint("d", k))
	}
	lookup, nameList := testLookup(names...)
	n := 3000
	if testing.Short() {
		n = 500
	}
	faults, agreed := 0, 0
	for trial := range n {
		pool := make([]string, 4)
		for i := range pool {
			pool[i] = g.num(2)
		}
		srcs := make([]string, nd)
		for k := range srcs {
			a := pool[g.r.IntN(len(pool))]
			switch g.r.IntN(4) {
			case 0:
				srcs[k] = a
			case 1:
				srcs[k] = "(" + a + ") " + g.pick(genArith) + " " + pool[g.r.IntN(len(pool))]
			case 2:
				if k > 0 {
					a = fmt.Sprint("d", g.r.IntN(k))
				}
				srcs[k] = "-" + a
			default:
				if k > 0 {
					srcs[k] = fmt.Sprintf("(%s) * d%d - d%d", a, g.r.IntN(k), g.r.IntN(k))
				} else {
					srcs[k] = g.num(3)
				}
			}
		}
		exprs := make([]*Expr, nd)
		for k, src := range srcs {
			e, errs := Compile(src, lookup, nameList)
			if len(errs) > 0 {
				exprs = nil
				break
			}
			exprs[k] = e
		}
		if exprs == nil {
			continue
		}
		for range 3 {
			x := append(g.values(), make([]float64, nd)...)
			// The reference: one by one, each result stored in its slot.
			ref := append([]float64(nil), x...)
			faulted := false
			for k, e := range exprs {
				v, f := e.Run(ref)
				if f.Failed() {
					faulted = true
					break
				}
				ref[len(diffVars)+k] = v
			}
			if faulted {
				faults++
			}
			for _, derived := range []bool{true, false} {
				b := NewProgramBuilder(len(x))
				out := len(diffVars)
				if !derived {
					out = b.Reserve(nd)
				}
				// Results in registers of their own: half of them where
				// the program puts them (Result), half where asked (Add).
				at := make([]int, nd)
				for k, e := range exprs {
					at[k] = out + k
					if !derived && k%2 == 1 {
						at[k] = b.Result(e)
					} else {
						b.Add(e, at[k])
					}
				}
				p := b.Build()
				regs := p.Regs()
				copy(regs[:len(x)], x)
				if derived {
					ok := p.Run(regs)
					if ok == faulted {
						t.Fatalf("trial %d %q at %v: program ok %v, Run faulted %v", trial, srcs, x, ok, faulted)
					}
					if !ok {
						continue
					}
					for k := range exprs {
						got, want := regs[out+k], ref[out+k]
						if math.Float64bits(got) != math.Float64bits(want) {
							t.Fatalf("trial %d %q at %v: d%d = %v, Run gives %v", trial, srcs, x, k, got, want)
						}
					}
					agreed++
					continue
				}
				// Results in registers of their own: the expressions read
				// the reference's derived values as inputs.
				copy(regs[:len(x)], ref)
				ok := p.Run(regs)
				if faulted {
					continue // the inputs hold values the reference never computed
				}
				if !ok {
					t.Fatalf("trial %d %q at %v: program faulted, Run did not", trial, srcs, x)
				}
				for k := range exprs {
					got, want := regs[at[k]], ref[len(diffVars)+k]
					if math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("trial %d %q: result %d = %v, Run gives %v", trial, srcs, k, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d worlds agreed, %d faulted", agreed, faults)
	if agreed < n/2 || faults < n/20 {
		t.Errorf("too few comparisons: %d agreed, %d faulted", agreed, faults)
	}
}

// TestProgramShares checks that an operation written in several
// expressions is computed once.
func TestProgramShares(t *testing.T) {
	lookup, names := testLookup("a", "b")
	b := NewProgramBuilder(2)
	out := b.Reserve(3)
	for k, src := range []string{"a * b - 1", "a * b - 1", "-(a * b)"} {
		e, errs := Compile(src, lookup, names)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		b.Add(e, out+k)
	}
	p := b.Build()
	// a*b, -1, a copy for the second, the negation.
	if len(p.code) != 4 {
		t.Errorf("%d operations, want 4: %+v", len(p.code), p.code)
	}
	regs := p.Regs()
	regs[0], regs[1] = 3, 4
	if !p.Run(regs) || regs[out] != 11 || regs[out+1] != 11 || regs[out+2] != -12 {
		t.Errorf("results %v", regs[out:out+3])
	}
}

func TestProgramDoesNotAllocate(t *testing.T) {
	lookup, names := testLookup("a", "b")
	b := NewProgramBuilder(2)
	out := b.Reserve(2)
	for k, src := range []string{"a * b - 1", "a > b ? a : b"} {
		e, _ := Compile(src, lookup, names)
		b.Add(e, out+k)
	}
	p := b.Build()
	regs := p.Regs()
	if n := testing.AllocsPerRun(100, func() { p.Run(regs) }); n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}
