package game

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestNeighboursMatchLexLeave checks the batched ratio test against
// lexLeave on every basis a vertex enumeration meets, in games with many
// ties (payoffs from 0–2 and 0–9), integer games like the timing anchors,
// and games with continuous payoffs.
func TestNeighboursMatchLexLeave(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	for _, c := range []struct {
		m, n  int
		scale float64
		ints  bool
	}{
		{3, 3, 3, true}, {4, 5, 3, true}, {6, 6, 3, true}, {5, 7, 10, true},
		{7, 7, 100, true}, {8, 8, 100, true}, {6, 9, 1, false}, {9, 9, 1, false},
	} {
		for trial := range 10 {
			a, b := make([]float64, c.m*c.n), make([]float64, c.m*c.n)
			for i := range a {
				a[i], b[i] = c.scale*rng.Float64(), c.scale*rng.Float64()
				if c.ints {
					a[i], b[i] = float64(int(a[i])), float64(int(b[i]))
				}
			}
			px, qy := bestResponsePolytopes(a, b, c.m, c.n)
			for pi, p := range []*polytope{px, qy} {
				t.Run(fmt.Sprintf("%dx%d/%g/%d/%d", c.m, c.n, c.scale, trial, pi), func(t *testing.T) {
					vs := newVertexSearch(p)
					for steps := 0; !vs.done(); steps++ {
						basis := vs.stack.pop()
						vs.stack.push(basis)
						if vs.reach(basis) {
							got := vs.tb.neighbours(basis, nil)
							var want []uint64
							for e := range p.d + p.k {
								if basis&(1<<e) == 0 {
									if r := vs.tb.lexLeave(e); r >= 0 {
										want = append(want, basis&^(1<<vs.tb.basic[r])|1<<e)
									}
								}
							}
							if fmt.Sprint(got) != fmt.Sprint(want) {
								t.Fatalf("basis %#x: neighbours %x, lexLeave %x", basis, got, want)
							}
						}
						vs.step()
					}
				})
			}
		}
	}
}

// TestLabelMask checks labelMask against vertexMask on every basis of
// vertex enumerations of games with ties.
func TestLabelMask(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 4))
	for trial := range 20 {
		m, n := 2+trial%5, 3+trial%4
		a, b := make([]float64, m*n), make([]float64, m*n)
		for i := range a {
			a[i], b[i] = float64(rng.IntN(3)), float64(rng.IntN(3))
		}
		px, qy := bestResponsePolytopes(a, b, m, n)
		for _, p := range []*polytope{px, qy} {
			vs := newVertexSearch(p)
			z, labels := make([]float64, p.d), make([]bool, p.d+p.k)
			for !vs.done() {
				basis := vs.stack.pop()
				vs.stack.push(basis)
				if vs.reach(basis) {
					if got, want := vs.tb.labelMask(), vs.tb.vertexMask(z, labels); got != want {
						t.Fatalf("%d: basis %#x: labelMask %#x, vertexMask %#x", trial, basis, got, want)
					}
				}
				vs.step()
			}
		}
	}
}
