package game

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// LogitLimit traces the logit path as Logit does with opts.Lambda zero and
// refines its end point to the Nash equilibrium it approximates: the
// strategies still played with probability at least 1e-7 times the
// player's most likely one form the supports (then 1e-5 and 1e-3, where
// ties make probabilities vanish slowly), and the equilibrium conditions
// on those supports are solved — exactly, in rationals, for two players
// when they determine the profile, else by Newton's method with steps of
// least norm (which, inside a continuum of equilibria, stay near the
// traced point).
//
// The answer is always an equilibrium: no player gains more than
// LogitTolerance times the payoff range by deviating. Where the trace
// cannot deliver one, LogitLimit falls back and says so in the result's
// Method and Note:
//
//   - MethodLogit: the trace reached opts.MaxLambda and its end point,
//     refined (or as it is, when it is already that close), is the answer.
//   - MethodLogitStopped: the trace stopped short (step size underflow, or
//     too many steps, as it may near the degenerate limits of games with
//     tied payoffs); its last point refined to an equilibrium.
//   - MethodNearestEnumMixed, MethodNearestLCP, MethodNearestPure: the
//     equilibrium nearest (in total variation) to the last traced point
//     among those of EnumMixed (two players, when EnumMixedBound is at
//     most 1e6, as for 15×15 games and smaller), LemkeHowsonAll (larger
//     two-player games) or EnumPure (more players).
//
// An error is returned only when no method finds an equilibrium (a game of
// three or more players without a pure one, whose trace failed); the
// Equilibrium then holds the last traced point.
func LogitLimit(g *Strategic, opts LogitOptions) (Equilibrium, error) {
	opts.Lambda = 0
	sy := newLogitSystem(g)
	q, err := sy.trace(opts)
	tol := LogitTolerance * sy.scale
	last := q.Profile
	if last == nil {
		last = Uniform(g) // the trace failed at its start
	}
	// The probabilities of strategies outside the limit's support vanish
	// exponentially in λ in a generic game, but only like 1/λ where payoffs
	// tie: where the tightest cut for the support fails, looser ones are
	// tried, each answer being checked.
	// Last, the conditions are widened to the strategies that are nearly
	// best replies at the point, though unplayed.
	var e Equilibrium
	for _, try := range [][2]float64{{1e-7, 0}, {1e-5, 0}, {1e-3, 0}, {1e-3, 1e-4}, {1e-5, 1e-4}} {
		if e = polish(g, last, try[0], try[1]); MaxGain(g, e.Mixed) <= tol {
			break
		}
	}
	if MaxGain(g, e.Mixed) <= tol {
		e.Method = MethodLogit
		if err != nil {
			e.Method = MethodLogitStopped
			e.Note = fmt.Sprintf("logit tracing stopped short (%s); its last point was refined to an equilibrium", trimGame(err))
		}
		return e, nil
	}
	why := "logit tracing ended at a point that does not refine to an equilibrium"
	if err != nil {
		why = fmt.Sprintf("logit tracing failed (%s)", trimGame(err))
	}
	f, method, ferr := nearestEquilibrium(g, last)
	if ferr != nil {
		if err == nil {
			err = errors.New("game: logit: the trace's end is not an equilibrium")
		}
		return Equilibrium{Mixed: last}, fmt.Errorf("%w; no fallback found one: %w", err, ferr)
	}
	f.Method = method
	f.Note = why + "; the equilibrium nearest to its last point, by " + method + ", was taken instead"
	return f, nil
}

// LogitTolerance is the largest gain from a deviation, relative to the range
// of the payoffs, that LogitLimit accepts in its answer.
const LogitTolerance = 1e-7

// The methods that may produce LogitLimit's answer (Equilibrium.Method).
const (
	MethodLogit            = "logit"
	MethodLogitStopped     = "logit (trace stopped short)"
	MethodNearestEnumMixed = "enummixed"
	MethodNearestLCP       = "lcp"
	MethodNearestPure      = "enumpure"
)

// nearestMixedBound is the largest EnumMixedBound for which the fallback
// enumerates every extreme equilibrium (15×15 takes about two seconds).
const nearestMixedBound = 1e6

func trimGame(err error) string { return strings.TrimPrefix(err.Error(), "game: logit: ") }

// nearestEquilibrium returns the equilibrium closest to m, in the largest
// total variation over the players, among those a complete method finds.
func nearestEquilibrium(g *Strategic, m Mixed) (Equilibrium, string, error) {
	var eqs []Equilibrium
	var method string
	if len(g.dims) == 2 {
		var err error
		if g.dims[0]+g.dims[1] <= maxLabels && EnumMixedBound(g.dims[0], g.dims[1]) <= nearestMixedBound {
			method = MethodNearestEnumMixed
			eqs, err = EnumMixed(g)
		} else {
			method = MethodNearestLCP
			eqs, err = LemkeHowsonAll(g)
		}
		if err != nil {
			return Equilibrium{}, "", err
		}
	} else {
		method = MethodNearestPure
		for _, prof := range EnumPure(g) {
			eqs = append(eqs, Equilibrium{Mixed: Pure(g, prof)})
		}
	}
	best, bestD := -1, math.Inf(1)
	for i, e := range eqs {
		var d float64
		for p := range m {
			var tv float64
			for s := range m[p] {
				tv += math.Abs(m[p][s] - e.Mixed[p][s])
			}
			d = math.Max(d, tv/2)
		}
		if d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return Equilibrium{}, "", fmt.Errorf("game: %s found no equilibrium", method)
	}
	return eqs[best], method, nil
}

// polish refines an approximate equilibrium on its apparent supports: the
// strategies played with probability at least cut times the player's most
// likely one.
func polish(g *Strategic, m Mixed, cut, near float64) Equilibrium {
	raw := Equilibrium{Mixed: m}
	support := apparentSupports(m, cut)
	sy := newLogitSystem(g)
	tol := 1e-9 * sy.scale
	equal := equalSets(sy, m, support, near)
	if len(g.dims) == 2 && near == 0 {
		if e, ok := exactOnSupports(g, support); ok {
			return e
		}
	}
	pi, ok := newtonOnSupports(sy, m, support, equal)
	if !ok {
		return raw
	}
	if MaxGain(g, pi) > tol {
		return raw
	}
	if len(g.dims) == 2 {
		// Degenerate supports leave the exact solve above underdetermined;
		// the Newton point often still reads back as simple fractions.
		a, b, rows, cols := g.matrices()
		xr, yr := make([]*big.Rat, rows), make([]*big.Rat, cols)
		for i, v := range pi[0] {
			xr[i] = simpleRat(v)
		}
		for j, v := range pi[1] {
			yr[j] = simpleRat(v)
		}
		if verifyBimatrix(ratMatrix(a), ratMatrix(b), rows, cols, xr, yr) {
			return exactEquilibrium(xr, yr)
		}
	}
	return Equilibrium{Mixed: pi}
}

// apparentSupports are, for each player, the strategies played with
// probability at least cut times its most likely one.
func apparentSupports(m Mixed, cut float64) [][]bool {
	support := make([][]bool, len(m))
	for p := range m {
		support[p] = make([]bool, len(m[p]))
		top := 0.0
		for _, v := range m[p] {
			top = math.Max(top, v)
		}
		for s, v := range m[p] {
			support[p][s] = v >= cut*top
		}
	}
	return support
}

// equalSets are the strategies whose payoffs the equilibrium equates: for
// each player its support and, with near > 0, every strategy within near
// × the payoff range of its best at m. In a degenerate game a strategy
// outside the support can be a best reply at the limit, and that tie, not
// the support, is what pins the others' mixtures.
func equalSets(sy *logitSystem, m Mixed, support [][]bool, near float64) [][]bool {
	equal := support
	if near > 0 {
		z := make([]float64, sy.K+1)
		for p := range m {
			for s, v := range m[p] {
				z[sy.off[p]+s] = math.Log(v)
			}
		}
		sy.payoffs(z)
		equal = make([][]bool, len(m))
		for p := range m {
			best := math.Inf(-1)
			for s := range m[p] {
				best = math.Max(best, sy.u[sy.off[p]+s])
			}
			equal[p] = make([]bool, len(m[p]))
			for s := range m[p] {
				// The system sees payoffs divided by their range.
				equal[p][s] = support[p][s] || sy.u[sy.off[p]+s] >= best-near
			}
		}
	}
	return equal
}

// exactOnSupports solves a two-player game's equilibrium conditions on the
// supports in rationals, and verifies the answer exactly.
func exactOnSupports(g *Strategic, support [][]bool) (Equilibrium, bool) {
	a, b, rows, cols := g.matrices()
	ar, br := ratMatrix(a), ratMatrix(b)
	zx, zy := make([]bool, rows), make([]bool, cols)
	for i := range zx {
		zx[i] = !support[0][i]
	}
	for j := range zy {
		zy[j] = !support[1][j]
	}
	notX, notY := make([]bool, rows), make([]bool, cols)
	for i := range notX {
		notX[i] = !zx[i]
	}
	for j := range notY {
		notY[j] = !zy[j]
	}
	xr, ok1 := ratSupportSolve(br, rows, cols, true, zx, notY)
	yr, ok2 := ratSupportSolve(ar, rows, cols, false, zy, notX)
	if ok1 && ok2 && verifyBimatrix(ar, br, rows, cols, xr, yr) {
		return exactEquilibrium(xr, yr), true
	}
	return Equilibrium{}, false
}

// newtonOnSupports solves the equilibrium conditions on the supports by
// Newton's method with steps of least norm, from m; ok is false when a
// step fails or the answer leaves the simplex.
func newtonOnSupports(sy *logitSystem, m Mixed, support, equal [][]bool) (pi Mixed, ok bool) {
	// Newton's method on the supports: unknowns π_ps for s in S_p; for each
	// player the payoffs of the strategies in equal are equal and the
	// support's probabilities sum to one.
	var idx []int // system index → flat strategy index
	for p := range m {
		for s := range m[p] {
			if support[p][s] {
				idx = append(idx, sy.off[p]+s)
			}
		}
	}
	n := len(idx)
	rows := 0
	for p := range equal {
		for _, e := range equal[p] {
			if e {
				rows++
			}
		}
	}
	z := make([]float64, sy.K+1)
	pi = m.Clone()
	for p := range pi {
		var s float64
		for i := range pi[p] {
			if !support[p][i] {
				pi[p][i] = 0
			}
			s += pi[p][i]
		}
		for i := range pi[p] {
			pi[p][i] /= s
		}
	}
	a := make([]float64, rows*n)
	b := make([]float64, rows)
	for range 30 {
		for p := range pi {
			for s, v := range pi[p] {
				z[sy.off[p]+s] = math.Log(v)
			}
		}
		sy.payoffs(z)
		// Rows: for each player, a sum row over its support, then
		// u_ps − u_ps0 for every other s in equal, s0 its first support
		// strategy.
		clear(a)
		r := 0
		var resid float64
		for p := range pi {
			first := -1
			for s := range pi[p] {
				if support[p][s] {
					first = sy.off[p] + s
					break
				}
			}
			var sum float64
			for c, j := range idx {
				if sy.owner[j] == p {
					a[r*n+c] = 1
					sum += sy.pi[j]
				}
			}
			b[r] = 1 - sum
			resid = math.Max(resid, math.Abs(b[r]))
			r++
			for s := range pi[p] {
				i := sy.off[p] + s
				if !equal[p][s] || i == first {
					continue
				}
				for c, j := range idx {
					if sy.owner[j] != p {
						a[r*n+c] = sy.pair[i*sy.K+j] - sy.pair[first*sy.K+j]
					}
				}
				b[r] = -(sy.u[i] - sy.u[first])
				resid = math.Max(resid, math.Abs(b[r]))
				r++
			}
		}
		if resid < 1e-15 {
			break
		}
		x, ok := solveMinNorm(a, b, rows, n)
		if !ok {
			return nil, false
		}
		for c, j := range idx {
			p := sy.owner[j]
			pi[p][j-sy.off[p]] += x[c]
		}
	}
	for p := range pi {
		for _, v := range pi[p] {
			if v < -1e-12 || math.IsNaN(v) {
				return nil, false
			}
		}
		for s := range pi[p] {
			pi[p][s] = math.Max(pi[p][s], 0)
		}
	}
	return pi, true
}
