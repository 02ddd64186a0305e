package game

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// LogitOptions controls Logit and LogitLimit. The zero value traces to
// Gambit's default end point.
type LogitOptions struct {
	// Lambda, if positive, stops the trace at λ = Lambda and returns the
	// quantal response equilibrium there (the first time the principal
	// branch reaches it).
	Lambda float64
	// MaxLambda is where the trace stops when Lambda is zero; 0 means 1e6,
	// gambit-logit's default.
	MaxLambda float64
	// Step is the first arc-length step; 0 means 0.03.
	Step float64
	// MaxSteps bounds the predictor-corrector steps; 0 means 100000.
	MaxSteps int
	// Trace, if not nil, is called at every accepted point of the path.
	Trace func(QRE)
}

// QRE is a logit quantal response equilibrium: every player's strategy
// probabilities are proportional to exp(Lambda × expected payoff).
type QRE struct {
	Lambda  float64
	Profile Mixed
}

// Logit follows the principal branch of the logit quantal response
// equilibrium correspondence of g (McKelvey and Palfrey 1995), from the
// centroid at λ = 0, by predictor–corrector path following.
//
// The path is traced in the coordinates (ln π, λ), where it solves, for each
// player p and strategy s > 0,
//
//	ln π_ps − ln π_p0 − λ (u_ps(π) − u_p0(π)) = 0,  Σ_s π_ps = 1,
//
// u_ps being p's expected payoff from s against the others' mixtures. Steps
// are taken along the unit tangent (an Euler predictor, with arc length as
// the parameter, so the path may turn back in λ as the QRE correspondence
// can) and corrected by Newton's method perpendicular to it, the step
// growing after easy corrections and halving after failed ones, after a
// turn of more than about 25° between tangents, after a change in the sign
// of det[J; t] (the path's orientation, which is constant along it), or
// after a step that lands at λ < 0 — the guards against jumping between
// parts of the path, such as across an S-shaped fold. A change of
// orientation that persists down to a step of 1e-3 is a bifurcation point,
// which only non-generic (for example symmetric) games have; the trace goes
// straight through it, as gambit-logit does, staying on the branch it was
// on. Log
// coordinates keep the equations well scaled as the probabilities of
// inferior strategies vanish, which they do exponentially in λ.
//
// With opts.Lambda zero Logit returns the point where the trace passes
// opts.MaxLambda, an approximation of the limiting Nash equilibrium, as
// gambit-logit -e prints it; LogitLimit refines that point to an exact
// equilibrium.
func Logit(g *Strategic, opts LogitOptions) (QRE, error) {
	return newLogitSystem(g).trace(opts)
}

// trace follows the path of the system from the centroid; see Logit.
func (sy *logitSystem) trace(opts LogitOptions) (QRE, error) {
	if opts.MaxLambda <= 0 {
		opts.MaxLambda = 1e6
	}
	if opts.Step <= 0 {
		opts.Step = 0.03
	}
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = 100000
	}
	stop := opts.MaxLambda
	if opts.Lambda > 0 {
		stop = opts.Lambda
	}
	// The trace runs on payoffs divided by their range R, with λ' = λR, so
	// that step sizes mean the same for payoffs in units or in millions.
	stop *= sy.scale
	K := sy.K
	z := make([]float64, K+1)
	for p, d := range sy.dims {
		for s := range d {
			z[sy.off[p]+s] = -math.Log(float64(d))
		}
	}
	if stop <= 0 {
		return QRE{Lambda: 0, Profile: sy.profile(z)}, nil // nothing to trace
	}
	t := make([]float64, K+1)
	t[K] = 1
	sy.eval(z)
	if !sy.tangent(t) {
		return QRE{}, errors.New("game: logit: singular Jacobian at the centroid")
	}
	orient := sy.orient
	h := opts.Step
	zp := make([]float64, K+1)
	tp := make([]float64, K+1)
	for range opts.MaxSteps {
		if h < minStep {
			return sy.qre(z), fmt.Errorf("game: logit: step size underflow at λ = %.6g", z[K]/sy.scale)
		}
		for i := range zp {
			zp[i] = z[i] + h*t[i]
		}
		if !sy.correct(zp, t, h) {
			h /= 2
			continue
		}
		copy(tp, t)
		ok := sy.tangent(tp)
		if ok && sy.orient != orient && h < flipStep {
			// The orientation still changes over a step this short: the
			// path crosses a bifurcation point (symmetric games have
			// them), where the sign of det[J; t] flips. Go straight on.
			orient = sy.orient
		}
		if !ok || sy.orient != orient || dot(tp, t) < 0.9 || zp[K] < 0 {
			// A change of orientation, a sharp turn between the two
			// points, or a point behind the start: the step may have
			// jumped to another part of the path (an S-shaped fold seen
			// from afar looks straight; the principal branch never
			// returns to λ ≤ 0).
			h /= 2
			continue
		}
		if opts.Lambda > 0 && zp[K] >= stop {
			// Land on λ = stop between z and zp.
			f := (stop - z[K]) / (zp[K] - z[K])
			for i := range zp {
				zp[i] = z[i] + f*(zp[i]-z[i])
			}
			zp[K] = stop
			if !sy.correctFixed(zp) {
				h /= 2
				continue
			}
			q := QRE{Lambda: opts.Lambda, Profile: sy.profile(zp)}
			if opts.Trace != nil {
				opts.Trace(q)
			}
			return q, nil
		}
		copy(z, zp)
		copy(t, tp)
		if opts.Trace != nil {
			opts.Trace(sy.qre(z))
		}
		if z[K] >= stop {
			return sy.qre(z), nil
		}
		switch {
		case sy.iters <= 2:
			h *= 2
		case sy.iters > 4:
			h *= 0.7
		}
	}
	return sy.qre(z), fmt.Errorf("game: logit: no convergence in %d steps (λ = %.6g)", opts.MaxSteps, z[K]/sy.scale)
}

// flipStep is the step below which a change of orientation is taken for a
// bifurcation point crossed rather than a jump; a step below minStep means
// the trace is stuck.
const (
	flipStep = 1e-3
	minStep  = 1e-12
)

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func (sy *logitSystem) qre(z []float64) QRE {
	return QRE{Lambda: z[sy.K] / sy.scale, Profile: sy.profile(z)}
}

// logitSystem evaluates the QRE equations and their Jacobian.
type logitSystem struct {
	g      *Strategic
	K      int
	off    []int     // first index of each player's strategies
	dims   []int     // size of each group: a player's strategies, or an information set's actions
	owner  []int     // group of each index
	dlog   []float64 // K×K: ∂u_r/∂ln π_c
	efg    *efgModel // payoffs of an extensive game's agent form, if not nil
	pi     []float64 // probabilities
	u      []float64 // u_ps
	pair   []float64 // K×K: payoff to p playing s when q plays t, others mixing
	h      []float64 // K equations
	jac    []float64 // (K+1)×(K+1): Jacobian rows, then the tangent row
	rhs    []float64
	iters  int // Newton iterations of the last successful correction
	prof   []int
	scale  float64 // range of the payoffs; the system sees payoffs/scale
	orient float64 // sign of det[J; t] at the last tangent
}

func newLogitSystem(g *Strategic) *logitSystem {
	sy := &logitSystem{g: g, dims: g.dims, off: make([]int, len(g.dims)), prof: make([]int, len(g.dims)), scale: 1}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range g.payoffs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi > lo {
		sy.scale = hi - lo
	}
	for p, d := range g.dims {
		sy.off[p] = sy.K
		for range d {
			sy.owner = append(sy.owner, p)
		}
		sy.K += d
	}
	sy.alloc()
	return sy
}

func (sy *logitSystem) alloc() {
	K := sy.K
	sy.pi = make([]float64, K)
	sy.u = make([]float64, K)
	sy.pair = make([]float64, K*K)
	sy.dlog = make([]float64, K*K)
	sy.h = make([]float64, K)
	sy.jac = make([]float64, (K+1)*(K+1))
	sy.rhs = make([]float64, K+1)
}

// profile returns the probabilities of z, normalised group by group.
func (sy *logitSystem) profile(z []float64) Mixed {
	m := make(Mixed, len(sy.dims))
	for p, d := range sy.dims {
		m[p] = make([]float64, d)
		var s float64
		for i := range d {
			m[p][i] = math.Exp(z[sy.off[p]+i])
			s += m[p][i]
		}
		for i := range d {
			m[p][i] /= s
		}
	}
	return m
}

// payoffs fills pi, u, pair and dlog from the log-probabilities in z.
func (sy *logitSystem) payoffs(z []float64) {
	if sy.efg != nil {
		sy.efg.payoffs(sy, z)
		return
	}
	defer sy.logDerivatives()
	g, K := sy.g, sy.K
	n := len(g.dims)
	for i := range K {
		sy.pi[i] = math.Exp(z[i])
	}
	clear(sy.pair)
	clear(sy.u)
	prof := sy.prof
	clear(prof)
	inv := 1 / sy.scale
	for k := 0; k < len(g.payoffs)/n; k++ {
		for p := range n {
			v := g.payoffs[k*n+p] * inv
			if v == 0 {
				continue
			}
			ip := sy.off[p] + prof[p]
			if n == 1 {
				sy.u[ip] += v
				continue
			}
			for q := range n {
				if q == p {
					continue
				}
				w := v
				for r := range n {
					if r != p && r != q {
						w *= sy.pi[sy.off[r]+prof[r]]
					}
				}
				sy.pair[ip*K+sy.off[q]+prof[q]] += w
			}
		}
		for p := range n {
			prof[p]++
			if prof[p] < g.dims[p] {
				break
			}
			prof[p] = 0
		}
	}
	if n == 1 {
		return
	}
	for i := range K {
		p := sy.owner[i]
		q := 0
		if p == 0 {
			q = 1
		}
		var s float64
		for t := sy.off[q]; t < sy.off[q]+g.dims[q]; t++ {
			s += sy.pair[i*K+t] * sy.pi[t]
		}
		sy.u[i] = s
	}
}

// logDerivatives sets dlog from pair: u is multilinear in the players'
// probabilities, so ∂u_r/∂ln π_c = pair_rc π_c.
func (sy *logitSystem) logDerivatives() {
	K := sy.K
	for r := range K {
		for c := range K {
			sy.dlog[r*K+c] = sy.pair[r*K+c] * sy.pi[c]
		}
	}
}

// eval fills h and the first K rows of jac at z.
func (sy *logitSystem) eval(z []float64) {
	sy.payoffs(z)
	K := sy.K
	lambda := z[K]
	W := K + 1
	clear(sy.jac[:K*W])
	for p, d := range sy.dims {
		o := sy.off[p]
		// Row o: Σ π − 1.
		var s float64
		for i := range d {
			s += sy.pi[o+i]
			sy.jac[o*W+o+i] = sy.pi[o+i]
		}
		sy.h[o] = s - 1
		for i := 1; i < d; i++ {
			r := o + i
			sy.h[r] = z[r] - z[o] - lambda*(sy.u[r]-sy.u[o])
			row := sy.jac[r*W : (r+1)*W]
			row[r] = 1
			row[o] = -1
			for c := range K {
				if sy.owner[c] == p {
					continue
				}
				row[c] = -lambda * (sy.dlog[r*K+c] - sy.dlog[o*K+c])
			}
			row[K] = -(sy.u[r] - sy.u[o])
		}
	}
}

// tangent replaces t (the previous tangent, used to orient the new one) by
// the unit tangent of the path at the point last evaluated.
func (sy *logitSystem) tangent(t []float64) bool {
	K := sy.K
	W := K + 1
	copy(sy.jac[K*W:], t)
	clear(sy.rhs)
	sy.rhs[K] = 1
	v := append([]float64(nil), sy.rhs...)
	ok, sign := solveDenseSign(append([]float64(nil), sy.jac...), v, W, 1e-300)
	if !ok {
		return false
	}
	// det[J; t_prev] has the sign of det[J; t_new] (t_prev·t_new > 0),
	// the orientation of the path, constant along it: a change means the
	// step jumped onto another stretch of path running the other way.
	sy.orient = sign
	var norm, dot float64
	for i, x := range v {
		norm += x * x
		dot += x * t[i]
	}
	norm = math.Sqrt(norm)
	if norm == 0 || math.IsNaN(norm) {
		return false
	}
	if dot < 0 {
		norm = -norm
	}
	for i := range t {
		t[i] = v[i] / norm
	}
	return true
}

// correct applies Newton's method to z, moving perpendicular to t, and
// reports whether it converged without straying far (relative to the step
// h) from the predicted point. On success the Jacobian at z is current.
func (sy *logitSystem) correct(z, t []float64, h float64) bool {
	K := sy.K
	W := K + 1
	a := make([]float64, W*W)
	var prev float64
	for it := 1; it <= 10; it++ {
		sy.eval(z)
		if it > 1 && sy.atRounding(z) {
			// The equations hold to the precision of their terms: at large
			// λ the log-probabilities are large and the Jacobian badly
			// conditioned (by about λ), so that Newton's corrections stall
			// at rounding noise well above the threshold below.
			sy.iters = it - 1
			return true
		}
		copy(sy.jac[K*W:], t)
		copy(a, sy.jac)
		for i := range K {
			sy.rhs[i] = -sy.h[i]
		}
		sy.rhs[K] = 0
		if !solveDense(a, sy.rhs, W, 1e-300) {
			return false
		}
		var norm float64
		for _, x := range sy.rhs {
			norm = math.Max(norm, math.Abs(x))
		}
		// Corrections at the level of rounding (which grows with λ, the
		// log-probabilities growing with it) are not held against the
		// step.
		floor := 1e-9 * (1 + math.Abs(z[K]))
		if it == 1 && norm > 0.5*h+floor {
			return false
		}
		if it > 1 && norm > 0.5*prev+floor {
			return false
		}
		for i := range z {
			z[i] += sy.rhs[i]
		}
		if norm < 1e-11*(1+math.Abs(z[K])) {
			sy.eval(z)
			sy.iters = it
			return true
		}
		prev = norm
	}
	return false
}

// atRounding reports whether the residuals last evaluated at z are no
// larger than the rounding error of computing them: a few ulps of the
// largest term of each equation.
func (sy *logitSystem) atRounding(z []float64) bool {
	const eps = 0x1p-52
	lambda := math.Abs(z[sy.K])
	for p, d := range sy.dims {
		o := sy.off[p]
		if math.Abs(sy.h[o]) > 4*eps*float64(d) {
			return false
		}
		for i := 1; i < d; i++ {
			r := o + i
			size := math.Abs(z[r]) + math.Abs(z[o]) + lambda*(math.Abs(sy.u[r])+math.Abs(sy.u[o])) + 1
			if math.Abs(sy.h[r]) > 8*eps*size {
				return false
			}
		}
	}
	return true
}

// correctFixed solves the equations for the log-probabilities at the fixed
// λ = z[K] by Newton's method.
func (sy *logitSystem) correctFixed(z []float64) bool {
	K := sy.K
	W := K + 1
	a := make([]float64, K*K)
	for range 50 {
		sy.eval(z)
		for r := range K {
			copy(a[r*K:(r+1)*K], sy.jac[r*W:r*W+K])
			sy.rhs[r] = -sy.h[r]
		}
		b := sy.rhs[:K]
		if !solveDense(a, b, K, 1e-300) {
			return false
		}
		var norm float64
		for i, x := range b {
			z[i] += x
			norm = math.Max(norm, math.Abs(x))
		}
		if norm < 1e-12 {
			return true
		}
	}
	return false
}

// solveMinNorm returns the least-norm x with a·x = b, a being rows×cols
// and possibly rank-deficient (x = aᵀ(a aᵀ + μI)⁻¹b, μ tiny): in a
// degenerate game the equilibrium conditions leave a continuum of
// solutions, and the Newton step of least norm goes to the one nearest the
// traced point.
func solveMinNorm(a, b []float64, rows, cols int) ([]float64, bool) {
	m := make([]float64, rows*rows)
	var top float64
	for i := range rows {
		for j := range rows {
			var s float64
			for k := range cols {
				s += a[i*cols+k] * a[j*cols+k]
			}
			m[i*rows+j] = s
		}
		top = math.Max(top, m[i*rows+i])
	}
	x := make([]float64, cols)
	if top == 0 {
		return x, true
	}
	for i := range rows {
		m[i*rows+i] += 1e-13 * top
	}
	w := append([]float64(nil), b...)
	if !solveDense(m, w, rows, 1e-300) {
		return nil, false
	}
	for k := range cols {
		var s float64
		for i := range rows {
			s += a[i*cols+k] * w[i]
		}
		x[k] = s
	}
	return x, true
}

// solveDense solves the n×n system a·x = b in place (b becomes x) by
// Gaussian elimination with partial pivoting, and reports false when a
// pivot falls below tiny (the matrix is singular to that precision). a is
// destroyed.
func solveDense(a, b []float64, n int, tiny float64) bool {
	ok, _ := solveDenseSign(a, b, n, tiny)
	return ok
}

// solveDenseSign is solveDense that also returns the sign of det(a).
func solveDenseSign(a, b []float64, n int, tiny float64) (bool, float64) {
	sign := 1.0
	for c := range n {
		piv, best := -1, 0.0
		for r := c; r < n; r++ {
			if v := math.Abs(a[r*n+c]); v > best {
				piv, best = r, v
			}
		}
		if piv < 0 || best <= tiny {
			return false, 0
		}
		if a[piv*n+c] < 0 {
			sign = -sign
		}
		if piv != c {
			sign = -sign
			for j := range n {
				a[c*n+j], a[piv*n+j] = a[piv*n+j], a[c*n+j]
			}
			b[c], b[piv] = b[piv], b[c]
		}
		inv := 1 / a[c*n+c]
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] * inv
			if f == 0 {
				continue
			}
			for j := c; j < n; j++ {
				a[r*n+j] -= f * a[c*n+j]
			}
			b[r] -= f * b[c]
		}
	}
	for c := n - 1; c >= 0; c-- {
		s := b[c]
		for j := c + 1; j < n; j++ {
			s -= a[c*n+j] * b[j]
		}
		b[c] = s / a[c*n+c]
		if math.IsNaN(b[c]) || math.IsInf(b[c], 0) {
			return false, 0
		}
	}
	return true, sign
}

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
	sy := newLogitSystem(g)
	tol := 1e-9 * sy.scale
	// equal: the strategies whose payoffs the equilibrium equates, for
	// each player its support and, with near > 0, every strategy within
	// near × the payoff range of its best at m. In a degenerate game a
	// strategy outside the support can be a best reply at the limit, and
	// that tie, not the support, is what pins the others' mixtures.
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
	if len(g.dims) == 2 && near == 0 {
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
			return exactEquilibrium(xr, yr)
		}
	}
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
	pi := m.Clone()
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
			return raw
		}
		for c, j := range idx {
			p := sy.owner[j]
			pi[p][j-sy.off[p]] += x[c]
		}
	}
	for p := range pi {
		for _, v := range pi[p] {
			if v < -1e-12 || math.IsNaN(v) {
				return raw
			}
		}
		for s := range pi[p] {
			pi[p][s] = math.Max(pi[p][s], 0)
		}
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
