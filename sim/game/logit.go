package game

import (
	"errors"
	"fmt"
	"math"
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
