package sim

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
)

// A DistSpec is a parameter's value or distribution as the analyst wrote it.
type DistSpec struct {
	Kind    string    // one of DistKinds' names; "fixed" for a plain value
	Args    []float64 // positional arguments, in the order DistKinds gives
	Values  []float64 // categorical: the values
	Weights []float64 // categorical: their weights (need not sum to 1)
}

// Fixed returns the spec of a parameter fixed at v.
func Fixed(v float64) DistSpec { return DistSpec{Kind: "fixed", Args: []float64{v}} }

// DistKind describes one distribution family for the loader and the docs.
type DistKind struct {
	Name string
	Args []string // argument names, in positional order
	Opt  int      // how many trailing arguments may be left out
	Doc  string
}

// DistKinds lists the distribution families a parameter may have.
func DistKinds() []DistKind {
	return []DistKind{
		{"fixed", []string{"value"}, 0, "a known value"},
		{"uniform", []string{"min", "max"}, 0, "every value in [min, max] equally likely"},
		{"normal", []string{"mean", "sd"}, 0, "normal (Gaussian)"},
		{"truncnormal", []string{"mean", "sd", "min", "max"}, 0, "normal restricted to [min, max]"},
		{"lognormal", []string{"mu", "sigma"}, 0, "exp of a normal(mu, sigma): positive, right-skewed"},
		{"beta", []string{"alpha", "beta", "min", "max"}, 2, "beta(alpha, beta) on [0, 1], or rescaled to [min, max]"},
		{"triangular", []string{"min", "mode", "max"}, 0, "triangular: a low, most likely and high guess"},
		{"pert", []string{"min", "mode", "max"}, 0, "PERT: a smoother three-point estimate (beta with lambda 4)"},
		{"bernoulli", []string{"p"}, 0, "1 with probability p, else 0"},
		{"categorical", nil, 0, "one of values, with the given weights"},
		{"discrete_uniform", []string{"min", "max"}, 0, "every integer in [min, max] equally likely"},
	}
}

// DistKindNames lists the family names, for suggestions.
func DistKindNames() []string {
	var names []string
	for _, k := range DistKinds() {
		names = append(names, k.Name)
	}
	return names
}

func lookupKind(name string) (DistKind, bool) {
	for _, k := range DistKinds() {
		if k.Name == name {
			return k, true
		}
	}
	return DistKind{}, false
}

// dist is a compiled distribution. Every family is sampled by inverse
// transform from a single uniform draw: a variant that changes a
// parameter's distribution then moves each world's value monotonically
// (common random numbers couple tightly), and one draw per parameter keeps
// the streams aligned whatever the family.
type dist struct {
	kind   string
	code   distCode // kind as a small integer, for the per-draw dispatch
	a, b   float64  // location/scale or bounds, by kind
	c, d   float64
	pa, pb float64 // truncnormal: the CDF at the bounds (mirrored: of −x at max and min)
	mirror bool    // truncnormal above its mean: sampled through the lower tail
	beta   *betaTable
	vals   []float64 // categorical values
	cum    []float64 // categorical cumulative weights, last = 1

	// Computed once rather than per draw, each exactly as the draw
	// computed it: triangular hi−lo, mode−lo, hi−mode and (mode−lo)/(hi−lo);
	// beta and pert max−min, and whether it overflows.
	span, below, above, split float64
	wide                      bool
}

// distCode numbers the families, so that sampling dispatches on a small
// integer (a jump table) rather than comparing strings on every draw.
type distCode uint8

const (
	codeFixed distCode = iota
	codeUniform
	codeNormal
	codeTruncnormal
	codeLognormal
	codeBeta // beta and pert: both go through a beta table
	codeTriangular
	codeBernoulli
	codeCategorical
	codeDiscreteUniform
)

var distCodes = map[string]distCode{
	"fixed": codeFixed, "uniform": codeUniform, "normal": codeNormal, "truncnormal": codeTruncnormal,
	"lognormal": codeLognormal, "beta": codeBeta, "pert": codeBeta, "triangular": codeTriangular,
	"bernoulli": codeBernoulli, "categorical": codeCategorical, "discrete_uniform": codeDiscreteUniform,
}

// newDist returns an empty distribution of a known family.
func newDist(kind string) *dist {
	code, ok := distCodes[kind]
	if !ok {
		panic("sim: unknown distribution " + kind)
	}
	return &dist{kind: kind, code: code}
}

// Uncertain reports whether the distribution is more than a fixed value.
func (d *dist) uncertain() bool { return d.code != codeFixed }

// sample maps a world's uniform draw to the parameter's value; a fixed
// parameter ignores it (it may not even have been drawn).
func (d *dist) sample(u float64) float64 {
	if d.code == codeFixed {
		return d.a
	}
	// A world's draw is (m + 0.5)·2^-53, which rounds to exactly 1 for the
	// largest m; every family's quantile is finite just below it.
	return d.quantile(min(u, uMax))
}

// uMin and uMax are the smallest and largest uniform draws a world makes
// (after the clamp in sample): a distribution whose quantile is finite at
// both samples only finite values.
const (
	uMin = 0x1p-54
	uMax = 1 - 0x1p-53
)

// lerp returns lo + t·(hi − lo) for t in [0, 1]. When hi − lo overflows
// (bounds of opposite signs near ±1.8e308) it weights the bounds instead:
// both terms are finite and monotone in t, so the result is too.
func lerp(lo, hi, t float64) float64 {
	if span := hi - lo; !math.IsInf(span, 0) {
		return lo + t*span
	}
	return (1-t)*lo + t*hi
}

// fraction returns (x − lo)/(hi − lo) without overflowing the differences.
func fraction(x, lo, hi float64) float64 {
	if span := hi - lo; !math.IsInf(span, 0) && !math.IsInf(x-lo, 0) {
		return (x - lo) / span
	}
	return (x/2 - lo/2) / (hi/2 - lo/2)
}

func (d *dist) quantile(u float64) float64 {
	switch d.code {
	case codeFixed:
		return d.a
	case codeUniform:
		return lerp(d.a, d.b, u)
	case codeNormal:
		return d.a + d.b*stdNormalQuantile(u)
	case codeTruncnormal:
		return math.Max(d.c, math.Min(d.d, d.truncRaw(u))) // rounding must not cross a bound
	case codeLognormal:
		return math.Exp(d.a + d.b*stdNormalQuantile(u))
	case codeBeta:
		t := d.beta.quantile(u)
		if !d.wide {
			return d.c + t*d.span // lerp's common case
		}
		return lerp(d.c, d.d, t)
	case codeTriangular:
		lo, mode, hi := d.a, d.b, d.c
		if !d.wide { // the common case below, with the per-parameter terms computed once
			return d.triangular(u)
		}
		if span := hi - lo; span > maxTriangularSpan {
			// The products below would overflow: the same quantile,
			// scaled to [0, 1] first.
			f := fraction(mode, lo, hi)
			if u < f {
				return lerp(lo, hi, math.Sqrt(u*f))
			}
			return lerp(lo, hi, 1-math.Sqrt((1-u)*(1-f)))
		}
		if f := (mode - lo) / (hi - lo); u < f {
			return lo + math.Sqrt(u*(hi-lo)*(mode-lo))
		}
		return hi - math.Sqrt((1-u)*(hi-lo)*(hi-mode))
	case codeBernoulli:
		// Larger draws give larger values, so raising p only turns 0s into 1s.
		if u >= 1-d.a {
			return 1
		}
		return 0
	case codeCategorical:
		for i, c := range d.cum {
			if u < c {
				return d.vals[i]
			}
		}
		return d.vals[len(d.vals)-1]
	case codeDiscreteUniform:
		return math.Min(d.a+math.Floor(u*(d.b-d.a+1)), d.b)
	}
	panic("sim: unknown distribution " + d.kind)
}

// triangular is the quantile of a triangular distribution that is not
// wide (d.wide), with its per-parameter terms computed once.
//
// Without a branch: the side is a coin flip per draw, which a branch
// mispredicts half the time, and Go does not select floats without one.
// Both sides are computed and one is picked by a mask, bit for bit the
// value of
//
//	if u < split { lo + √(u·span·below) } else { hi − √((1−u)·span·above) }
//
// (u − split is negative exactly when u < split).
func (d *dist) triangular(u float64) float64 {
	m := -(math.Float64bits(u-d.split) >> 63)
	x := pick(m, u*d.span*d.below, (1-u)*d.span*d.above)
	s := math.Sqrt(x)
	return pick(m, d.a+s, d.c-s)
}

// pick returns a where mask m is all ones and b where it is zero.
func pick(m uint64, a, b float64) float64 {
	return math.Float64frombits(math.Float64bits(a)&m | math.Float64bits(b)&^m)
}

// truncRaw is the truncated normal's quantile before clamping to its
// bounds (compileDist checks that it does not overflow).
func (d *dist) truncRaw(u float64) float64 {
	if d.mirror {
		return d.a - d.b*stdNormalQuantile(d.pb-u*(d.pb-d.pa))
	}
	return d.a + d.b*stdNormalQuantile(d.pa+u*(d.pb-d.pa))
}

// maxTriangularSpan is the widest hi − lo for which (hi − lo)·(mode − lo)
// stays finite.
var maxTriangularSpan = math.Sqrt(math.MaxFloat64)

func stdNormalQuantile(u float64) float64 { return distuv.UnitNormal.Quantile(u) }

func stdNormalCDF(x float64) float64 { return distuv.UnitNormal.CDF(x) }

// Mean returns the distribution's mean, used for the median world of a
// sensitivity analysis and in reports.
func (d *dist) median() float64 { return d.quantile(0.5) }

// compileDist checks a spec and returns the compiled distribution, adding
// any problem at path.
func compileDist(path string, s DistSpec, ps *model.Problems) *dist {
	k, ok := lookupKind(s.Kind)
	if !ok {
		ps.Add(path, "unknown distribution %q%s (have %s)", s.Kind, suggest.DidYouMean(s.Kind, DistKindNames()), strings.Join(DistKindNames(), ", "))
		return nil
	}
	p := path
	if s.Kind != "fixed" {
		p = path + "." + s.Kind
	}
	n := len(s.Args)
	if s.Kind == "categorical" {
		return compileCategorical(p, s, ps)
	}
	if n < len(k.Args)-k.Opt || n > len(k.Args) {
		want := fmt.Sprint(len(k.Args))
		if k.Opt > 0 {
			want = fmt.Sprintf("%d or %d", len(k.Args)-k.Opt, len(k.Args))
		}
		ps.Add(p, "%s takes %s numbers [%s], found %d", s.Kind, want, strings.Join(k.Args, ", "), n)
		return nil
	}
	for i, a := range s.Args {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			ps.Add(p, "%s must be a finite number, found %v", k.Args[i], a)
			return nil
		}
	}
	d := newDist(s.Kind)
	if msg := d.setArgs(s.Kind, s.Args, k.Args); msg != "" {
		ps.Add(p, "%s", msg)
		return nil
	}
	return d
}

// setArgs checks a distribution's arguments (their number and finiteness
// already checked) and sets them, returning what is wrong or "".
func (d *dist) setArgs(kind string, args []float64, names []string) string {
	switch kind {
	case "fixed":
		d.a = args[0]
	case "uniform", "discrete_uniform":
		return d.setUniform(kind, args)
	case "normal", "lognormal":
		return d.setNormal(kind, args, names)
	case "truncnormal":
		return d.setTruncnormal(args)
	case "beta":
		return d.setBeta(args)
	case "triangular", "pert":
		return d.setTriangular(kind, args)
	case "bernoulli":
		d.a = args[0]
		if d.a < 0 || d.a > 1 {
			return fmt.Sprintf("bernoulli needs 0 <= p <= 1, found %v%s", d.a, model.PercentHint(d.a))
		}
	}
	return ""
}

// setUniform checks and sets the bounds of a uniform or discrete_uniform.
func (d *dist) setUniform(kind string, args []float64) string {
	d.a, d.b = args[0], args[1]
	if kind == "discrete_uniform" && (d.a != math.Trunc(d.a) || d.b != math.Trunc(d.b)) {
		return fmt.Sprintf("discrete_uniform bounds must be integers, found [%v, %v]", d.a, d.b)
	}
	// Beyond 2^53 a float64 skips integers, and one draw of 53 bits
	// cannot pick evenly among more than 2^53 of them.
	if kind == "discrete_uniform" && d.a <= d.b && (math.Abs(d.a) > maxExactInt || math.Abs(d.b) > maxExactInt || d.b-d.a >= maxExactInt) {
		return fmt.Sprintf("discrete_uniform needs min and max within ±2^53 (9007199254740992) and fewer than 2^53 integers between them, found [%v, %v]", d.a, d.b)
	}
	switch {
	case kind == "uniform" && d.a == d.b:
		return fmt.Sprintf("needs min < max, found min and max both %v (for a known value, write the number itself)", d.a)
	case d.a > d.b && kind == "uniform":
		return fmt.Sprintf("needs min < max, found min %v and max %v", d.a, d.b)
	case d.a > d.b:
		return fmt.Sprintf("needs min <= max, found min %v and max %v", d.a, d.b)
	}
	return ""
}

// setNormal checks and sets a normal or lognormal; names are the arguments' names.
func (d *dist) setNormal(kind string, args []float64, names []string) string {
	d.a, d.b = args[0], args[1]
	if d.b <= 0 {
		return fmt.Sprintf("%s needs %s > 0, found %v", kind, names[1], d.b)
	}
	if lo, hi := d.quantile(uMin), d.quantile(uMax); math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		if kind == "normal" {
			return fmt.Sprintf("normal(%v, %v) would sample values beyond ±1.8e308: it needs |mean| + %.2f × sd <= 1.8e308", d.a, d.b, -stdNormalQuantile(uMin))
		}
		return fmt.Sprintf("lognormal(%v, %v) would sample values beyond 1.8e308: it needs mu + %.2f × sigma <= 709 (exp overflows above)", d.a, d.b, stdNormalQuantile(uMax))
	}
	return ""
}

// setTruncnormal checks and sets a truncated normal, mirrored above its mean.
func (d *dist) setTruncnormal(args []float64) string {
	d.a, d.b, d.c, d.d = args[0], args[1], args[2], args[3]
	if d.b <= 0 {
		return fmt.Sprintf("truncnormal needs sd > 0, found %v", d.b)
	}
	if d.c >= d.d {
		return fmt.Sprintf("needs min < max, found min %v and max %v", d.c, d.d)
	}
	d.pa, d.pb = stdNormalCDF((d.c-d.a)/d.b), stdNormalCDF((d.d-d.a)/d.b)
	if d.c > d.a {
		// Above the mean the CDF crowds against 1, where float64 keeps
		// few digits of it; the mirrored lower tail keeps them all.
		d.mirror = true
		d.pa, d.pb = stdNormalCDF(-(d.d-d.a)/d.b), stdNormalCDF(-(d.c-d.a)/d.b)
	}
	if d.pb-d.pa < 1e-12 {
		return fmt.Sprintf("[%v, %v] lies too far in the tail of normal(%v, %v) to sample", d.c, d.d, d.a, d.b)
	}
	if lo, hi := d.truncRaw(uMin), d.truncRaw(uMax); !finite(lo) || !finite(hi) {
		return fmt.Sprintf("truncnormal(%v, %v, %v, %v) would sample values beyond ±1.8e308: it needs sd × 8.3 and the distances from the mean to min and max below 1.8e308", d.a, d.b, d.c, d.d)
	}
	return ""
}

// setBeta checks and sets a beta, rescaled to [min, max] when given.
func (d *dist) setBeta(args []float64) string {
	al, be := args[0], args[1]
	if al <= 0 || be <= 0 {
		return fmt.Sprintf("beta needs alpha > 0 and beta > 0, found alpha %v and beta %v", al, be)
	}
	if al < minBetaShape || be < minBetaShape || al > maxBetaShape || be > maxBetaShape {
		return fmt.Sprintf("beta needs %g <= alpha, beta <= %g (outside, its quantile cannot be computed accurately), found alpha %v and beta %v", minBetaShape, maxBetaShape, al, be)
	}
	d.beta = newBetaTable(al, be)
	d.c, d.d = 0, 1
	if len(args) == 4 {
		d.c, d.d = args[2], args[3]
		if d.c >= d.d {
			return fmt.Sprintf("needs min < max, found min %v and max %v", d.c, d.d)
		}
	}
	d.span = d.d - d.c
	d.wide = math.IsInf(d.span, 0)
	return ""
}

// setTriangular checks and sets a triangular or PERT distribution.
func (d *dist) setTriangular(kind string, args []float64) string {
	lo, mode, hi := args[0], args[1], args[2]
	if lo >= hi {
		return fmt.Sprintf("needs min < max, found min %v and max %v", lo, hi)
	}
	if mode < lo || mode > hi {
		return fmt.Sprintf("needs min <= mode <= max, found [%v, %v, %v]", lo, mode, hi)
	}
	d.a, d.b, d.c = lo, mode, hi
	if kind == "pert" {
		if math.IsInf(hi-lo, 0) { // the shapes from halves, which do not overflow
			d.beta = newBetaTable(1+4*fraction(mode, lo, hi), 1+4*(1-fraction(mode, lo, hi)))
		} else {
			d.beta = newBetaTable(1+4*(mode-lo)/(hi-lo), 1+4*(hi-mode)/(hi-lo))
		}
		d.c, d.d = lo, hi
		d.span = d.d - d.c
		d.wide = math.IsInf(d.span, 0)
		return ""
	}
	d.span, d.below, d.above = hi-lo, mode-lo, hi-mode
	d.split = d.below / d.span
	d.wide = d.span > maxTriangularSpan
	return ""
}

const (
	maxExactInt  = 1 << 53 // every integer up to it is a float64
	minBetaShape = 1e-300  // below, the beta function overflows
	maxBetaShape = 1e7     // above, the incomplete beta function loses accuracy
)

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func compileCategorical(p string, s DistSpec, ps *model.Problems) *dist {
	if len(s.Values) == 0 {
		ps.Add(p, "categorical needs values (a list of numbers) and weights")
		return nil
	}
	if len(s.Weights) != len(s.Values) {
		ps.Add(p, "categorical needs one weight per value, found %d values and %d weights", len(s.Values), len(s.Weights))
		return nil
	}
	for i, v := range s.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			ps.Add(fmt.Sprintf("%s.values.%d", p, i), "values must be finite numbers, found %v", v)
			return nil
		}
	}
	total := 0.0
	for i, w := range s.Weights {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			ps.Add(fmt.Sprintf("%s.weights.%d", p, i), "weights must be finite and >= 0, found %v", w)
			return nil
		}
		total += w
	}
	if total <= 0 {
		ps.Add(p+".weights", "weights must not all be 0")
		return nil
	}
	d := newDist("categorical")
	d.vals = slices.Clone(s.Values)
	scale := 1.0
	if math.IsInf(total, 0) { // weights near 1.8e308: their ratios are what matter
		scale = 1 / slices.Max(s.Weights)
		total = 0
		for _, w := range s.Weights {
			total += w * scale
		}
	}
	acc := 0.0
	for _, w := range s.Weights {
		acc += w * scale
		d.cum = append(d.cum, acc/total)
	}
	d.cum[len(d.cum)-1] = 1
	return d
}
