package game

import (
	"context"
	"fmt"
	"math"
	"math/big"
)

// This file implements the Lemke–Howson algorithm on the two best-response
// polytopes of vertex.go:
//
//	P = {x ≥ 0 : Bᵀx ≤ 1} (variables x, slacks s),
//	Q = {y ≥ 0 : Ay ≤ 1}  (variables y, slacks r).
//
// Labels are numbered 0..m+n-1: label i < m is carried by x_i and r_i,
// label m+j by s_j and y_j. At a completely labelled pair of bases exactly
// one variable of each pair is basic. Dropping label k enters the nonbasic
// variable of pair k; the variable that leaves by the minimum ratio test has
// a label whose other variable, in the other polytope, enters next; the path
// ends when the leaving variable carries label k. Ties in the ratio test are
// broken lexicographically (the right-hand side perturbed to 1 − (ε, ε², …)
// in each tableau's row order, see tableau.lexLess), which makes every path
// well defined in a degenerate game; this perturbation reproduces
// gambit-lcp's equilibria on the degenerate anchors.

// lhState is a completely labelled pair of bases.
type lhState struct {
	m, n int
	p, q *tableau
}

func newLH(px, qy *polytope) *lhState {
	s := &lhState{m: px.d, n: qy.d, p: newTableau(px), q: newTableau(qy)}
	s.p.load()
	s.q.load()
	return s
}

func (s *lhState) clone() *lhState {
	c := *s
	c.p = s.p.clone()
	c.q = s.q.clone()
	return &c
}

func (tb *tableau) clone() *tableau {
	c := *tb
	c.t = append([]float64(nil), tb.t...)
	c.basic = append([]int(nil), tb.basic...)
	return &c
}

func (tb *tableau) rowOf(v int) int {
	for r, b := range tb.basic {
		if b == v {
			return r
		}
	}
	return -1
}

// pVar and qVar return the variable carrying label l in each tableau.
func (s *lhState) pVar(l int) int { return l } // x_l for l < m, then s_j at m+j
func (s *lhState) qVar(l int) int {
	if l < s.m {
		return s.n + l // r_l
	}
	return l - s.m // y_j
}

func (s *lhState) labelOfP(v int) int { return v }
func (s *lhState) labelOfQ(v int) int {
	if v < s.n {
		return s.m + v
	}
	return v - s.n
}

// path follows the Lemke–Howson path that drops label k and stops at the
// next completely labelled pair. It reports false if a ratio test fails,
// which only rounding trouble can cause.
func (s *lhState) path(k int) bool {
	var tb *tableau
	var enter int
	inP := s.p.rowOf(s.pVar(k)) < 0
	if inP {
		tb, enter = s.p, s.pVar(k)
	} else {
		tb, enter = s.q, s.qVar(k)
	}
	limit := 1 << 20 // far beyond any path in games this code can hold
	for range limit {
		r := tb.lexLeave(enter)
		if r < 0 {
			return false
		}
		leave := tb.basic[r]
		tb.pivot(r, enter)
		var l int
		if inP {
			l = s.labelOfP(leave)
		} else {
			l = s.labelOfQ(leave)
		}
		if l == k {
			return true
		}
		inP = !inP
		if inP {
			tb, enter = s.p, s.pVar(l)
		} else {
			tb, enter = s.q, s.qVar(l)
		}
	}
	return false
}

// point reads the current pair: unnormalised x and y and their label sets.
func (s *lhState) point() (x, y []float64, lx, ly []bool) {
	x = make([]float64, s.m)
	y = make([]float64, s.n)
	lx = make([]bool, s.m+s.n)
	ly = make([]bool, s.m+s.n)
	s.p.vertex(x, lx)
	s.q.vertex(y, ly)
	return x, y, lx, ly
}

// lhSolver holds what the Lemke–Howson functions share.
type lhSolver struct {
	m, n   int
	px, qy *polytope
	ar, br []*big.Rat
}

func newLHSolver(g *Strategic) (*lhSolver, error) {
	if len(g.dims) != 2 {
		return nil, ErrNotTwoPlayer
	}
	a, b, m, n := g.matrices()
	px, qy := bestResponsePolytopes(a, b, m, n)
	return &lhSolver{m: m, n: n, px: px, qy: qy, ar: ratMatrix(a), br: ratMatrix(b)}, nil
}

// lhPoint is the end of a path: the normalised profile and the labels that
// the exact solve needs.
type lhPoint struct {
	x, y   []float64
	lx, ly []bool
}

// point reads the current pair; ok is false at the artificial equilibrium
// (0, 0).
func (sv *lhSolver) point(s *lhState) (lhPoint, bool) {
	x, y, lx, ly := s.point()
	if sum(x) <= vertexTol || sum(y) <= vertexTol {
		return lhPoint{}, false
	}
	return lhPoint{x: normalize(x), y: normalize(y), lx: lx, ly: ly}, true
}

// exact solves a path's end point again in rationals (see makeEquilibrium).
func (sv *lhSolver) exact(p lhPoint) Equilibrium {
	return makeEquilibrium(sv.ar, sv.br, sv.m, sv.n, p.x, p.y, p.lx, p.ly)
}

// result turns the current pair into an Equilibrium; ok is false at the
// artificial equilibrium.
func (sv *lhSolver) result(s *lhState) (Equilibrium, bool) {
	p, ok := sv.point(s)
	if !ok {
		return Equilibrium{}, false
	}
	return sv.exact(p), true
}

// found indexes the equilibria found so far by their supports, so that a
// path's end is compared, in floating point and within 1e-9, only with
// those sharing its supports: cheap, and only new equilibria are solved
// exactly. (A game can have thousands of equilibria reachable by paths.)
type found struct {
	eqs    []Equilibrium
	bySupp map[string][]int
	keyBuf []byte
}

func (f *found) key(p lhPoint) string {
	f.keyBuf = f.keyBuf[:0]
	for _, v := range p.x {
		f.keyBuf = append(f.keyBuf, supportByte(v))
	}
	for _, v := range p.y {
		f.keyBuf = append(f.keyBuf, supportByte(v))
	}
	return string(f.keyBuf)
}

func supportByte(v float64) byte {
	if v > 1e-9 {
		return '1'
	}
	return '0'
}

// seen reports whether p's profile was found already.
func (f *found) seen(p lhPoint) bool {
	for _, i := range f.bySupp[f.key(p)] {
		e := f.eqs[i]
		if near(e.Mixed[0], p.x) && near(e.Mixed[1], p.y) {
			return true
		}
	}
	return false
}

func (f *found) add(p lhPoint, e Equilibrium) {
	if f.bySupp == nil {
		f.bySupp = map[string][]int{}
	}
	k := f.key(p)
	f.bySupp[k] = append(f.bySupp[k], len(f.eqs))
	f.eqs = append(f.eqs, e)
}

func near(a, b []float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

// LemkeHowson follows the Lemke–Howson path of a two-player game from the
// artificial equilibrium, dropping label k, and returns the equilibrium at
// its end. Labels 0..m-1 are player 1's strategies and m..m+n-1 player 2's;
// label 0 gives the equilibrium gambit-lcp prints first.
func LemkeHowson(g *Strategic, k int) (Equilibrium, error) {
	sv, err := newLHSolver(g)
	if err != nil {
		return Equilibrium{}, err
	}
	if k < 0 || k >= sv.m+sv.n {
		return Equilibrium{}, fmt.Errorf("game: label %d out of range [0, %d)", k, sv.m+sv.n)
	}
	s := newLH(sv.px, sv.qy)
	if !s.path(k) {
		return Equilibrium{}, fmt.Errorf("game: Lemke–Howson path for label %d failed (numerical trouble)", k)
	}
	e, ok := sv.result(s)
	if !ok {
		return Equilibrium{}, fmt.Errorf("game: Lemke–Howson path for label %d ended at the artificial equilibrium", k)
	}
	return e, nil
}

// LemkeHowsonEach runs LemkeHowson from every label and returns the distinct
// equilibria found, in order of the first label that reaches each.
func LemkeHowsonEach(g *Strategic) ([]Equilibrium, error) {
	sv, err := newLHSolver(g)
	if err != nil {
		return nil, err
	}
	var f found
	for k := range sv.m + sv.n {
		s := newLH(sv.px, sv.qy)
		if !s.path(k) {
			continue
		}
		if p, ok := sv.point(s); ok && !f.seen(p) {
			f.add(p, sv.exact(p))
		}
	}
	return f.eqs, nil
}

// LemkeHowsonAll returns every equilibrium reachable by Lemke–Howson paths
// from the artificial equilibrium, directly or through other equilibria:
// the set gambit-lcp prints, in the same order. It searches depth first:
// from each newly found equilibrium it drops every label but the one it
// arrived by, and recurses on equilibria not seen before. Equilibria are
// told apart by their profiles, so in a degenerate game a profile is
// expanded from the first basis that reaches it only, as gambit-lcp does.
//
// In a nondegenerate game this is the connected component of the
// artificial equilibrium in the Lemke–Howson graph; equilibria outside it
// (such as those of todd3.nfg) are not found.
func LemkeHowsonAll(g *Strategic) ([]Equilibrium, error) {
	return LemkeHowsonAllContext(context.Background(), g)
}

// LemkeHowsonAllContext is LemkeHowsonAll, stoppable: when ctx is done
// (checked before each path) it returns the equilibria found so far with
// an error wrapping ErrIncomplete and ctx's error.
func LemkeHowsonAllContext(ctx context.Context, g *Strategic) ([]Equilibrium, error) {
	sv, err := newLHSolver(g)
	if err != nil {
		return nil, err
	}
	var fd found
	type frame struct {
		s    *lhState
		from int // label it was reached by
		next int // next label to try
	}
	stack := []frame{{s: newLH(sv.px, sv.qy), from: -1}}
	for len(stack) > 0 {
		if ctx.Err() != nil {
			return fd.eqs, fmt.Errorf("game: lcp: %w: %w", ErrIncomplete, context.Cause(ctx))
		}
		f := &stack[len(stack)-1]
		if f.next >= sv.m+sv.n {
			stack = stack[:len(stack)-1]
			continue
		}
		k := f.next
		f.next++
		if k == f.from {
			continue
		}
		s := f.s.clone()
		if !s.path(k) {
			continue
		}
		p, ok := sv.point(s)
		if !ok || fd.seen(p) {
			continue
		}
		fd.add(p, sv.exact(p))
		stack = append(stack, frame{s: s, from: k})
	}
	return fd.eqs, nil
}
