package scenarios_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// The bundled classroom classics must reproduce their textbook answers.
// Each case loads a bundled scenario, applies a variant, runs it and
// compares every outcome and every equilibrium path with the answer
// derived by hand: exactly where the game is deterministic, and within a
// Wilson interval of the closed-form probability where it is not. The
// closed forms read the parameter distributions from the loaded scenario
// (after checking their family), so they test the equilibrium logic, not a
// copy of the numbers; the documented approximations in the YAML comments
// are checked against the same closed forms.

const (
	classicSeed = 2025
	// classicN is not a multiple of sim.ChunkSize, so the last chunk is
	// partial.
	classicN = 20000
	// classicZ is the normal quantile of a two-sided 99.9% interval. About
	// 60 probabilities are checked here; at 95% each, a correct engine
	// would fail one of them for most seeds.
	classicZ = 3.2905
)

// classicWant is the textbook answer for one run: the probability of each
// outcome (by id) and of each equilibrium path (by label), and the share
// of worlds whose path crosses a tie. Outcomes and paths not listed must
// never occur.
type classicWant struct {
	outcomes map[string]float64
	paths    map[string]float64
	ties     float64
	// documented holds the rounded values the scenario's comments state,
	// keyed like outcomes; each must agree with the closed form.
	documented map[string]float64
}

type classicCase struct {
	scenario string
	variant  string // "" for the baseline
	want     func(t *testing.T, s *sim.Scenario) classicWant
}

func TestClassics(t *testing.T) {
	cases := []classicCase{
		// Ultimatum: the responder is indifferent at offer 0, so it accepts
		// half the time; 10 - 1 = 9 beats 0.5 * 10 = 5, so the proposer
		// offers 1 and the tie stays off the path.
		{"ultimatum", "", func(t *testing.T, s *sim.Scenario) classicWant {
			pie := classicFixed(t, s, "pie")
			if classicFixed(t, s, "envy") != 0 {
				t.Fatal("the baseline responder must be selfish (envy 0)")
			}
			if !(pie-1 > pie/2) {
				t.Fatalf("pie = %v: the answer is unambiguous only for pie > 2", pie)
			}
			return classicWant{
				outcomes: map[string]float64{"split_9_1": 1},
				paths:    map[string]float64{"proposer offer_1 → responder accept": 1},
			}
		}},
		{"ultimatum", "fehr_schmidt", func(t *testing.T, s *sim.Scenario) classicWant {
			pie := classicFixed(t, s, "pie")
			vals, weights := classicCategorical(t, s, "envy")
			w := classicWant{outcomes: map[string]float64{}, paths: map[string]float64{},
				documented: map[string]float64{"split_9_1": 0.3, "split_7_3": 0.3, "split_6_4": 0.3, "split_5_5": 0.1}}
			for i, envy := range vals {
				k := ultimatumOffer(t, envy, pie)
				w.outcomes[ultimatumOutcome[k]] += weights[i]
				w.paths[ultimatumPath(k)] += weights[i]
			}
			return w
		}},
		{"ultimatum", "uncertain_envy", func(t *testing.T, s *sim.Scenario) classicWant {
			pie := classicFixed(t, s, "pie")
			lo, hi := classicUniform(t, s, "envy")
			if lo != 0 {
				t.Fatalf("envy from %v: the closed form below assumes 0", lo)
			}
			w := classicWant{outcomes: map[string]float64{}, paths: map[string]float64{},
				documented: map[string]float64{"split_9_1": 0.05, "split_8_2": 0.0833, "split_7_3": 0.1667, "split_6_4": 0.5, "split_5_5": 0.2}}
			// Offer k is made when envy lies in [t(k-1), t(k)), where t(k) =
			// k / (pie - 2k) is the envy at which accepting k is worth 0.
			below := 0.0
			for k := 1; k <= 5; k++ {
				th := math.Inf(1)
				if pie-2*float64(k) > 0 {
					th = float64(k) / (pie - 2*float64(k))
				}
				p := uniformCDF(th, lo, hi) - uniformCDF(below, lo, hi)
				below = th
				if p > 0 {
					w.outcomes[ultimatumOutcome[k]] = p
					w.paths[ultimatumPath(k)] = p
				}
			}
			return w
		}},

		// Entry deterrence: fighting is worth monopoly - fight_cost against
		// duopoly for accommodating, so it is credible iff fight_cost <
		// monopoly - duopoly; the entrant then stays out, otherwise enters.
		{"entry-deterrence", "", func(t *testing.T, s *sim.Scenario) classicWant {
			fc := classicFixed(t, s, "fight_cost")
			if fc < entryThreshold(t, s) {
				t.Fatalf("fight_cost %v: the baseline must make fighting incredible", fc)
			}
			return classicWant{
				outcomes: map[string]float64{"shared_market": 1},
				paths:    map[string]float64{"entrant enter → incumbent accommodate": 1},
			}
		}},
		{"entry-deterrence", "uncertain_fight_cost", func(t *testing.T, s *sim.Scenario) classicWant {
			lo, hi := classicUniform(t, s, "fight_cost")
			out := uniformCDF(entryThreshold(t, s), lo, hi)
			return entryWant(out, map[string]float64{"monopoly": 0.4, "shared_market": 0.6})
		}},
		{"entry-deterrence", "tough_incumbent", func(t *testing.T, s *sim.Scenario) classicWant {
			vals, weights := classicCategorical(t, s, "fight_cost")
			out := 0.0
			for i, fc := range vals {
				if fc < entryThreshold(t, s) {
					out += weights[i]
				}
			}
			return entryWant(out, map[string]float64{"monopoly": 0.25, "shared_market": 0.75})
		}},
		{"entry-deterrence", "blockaded_entry", func(t *testing.T, s *sim.Scenario) classicWant {
			if classicFixed(t, s, "fight_cost") < entryThreshold(t, s) {
				t.Fatal("blockaded entry must not rely on a credible fight")
			}
			if classicFixed(t, s, "entry_cost") <= classicFixed(t, s, "duopoly_profit") {
				t.Fatal("blockaded entry needs entry_cost > duopoly_profit")
			}
			return classicWant{
				outcomes: map[string]float64{"monopoly": 1},
				paths:    map[string]float64{"entrant stay_out": 1},
			}
		}},

		// Centipede: taking beats passing iff large + a*small > growth *
		// (small + a*large); then Ann takes at once, else both pass to the
		// end.
		{"centipede", "", func(t *testing.T, s *sim.Scenario) classicWant {
			if !centipedeTakes(t, s, classicFixed(t, s, "altruism")) {
				t.Fatal("the baseline must be a centipede: large > small * growth")
			}
			return classicWant{
				outcomes: map[string]float64{"take_1": 1},
				paths:    map[string]float64{"ann take": 1},
			}
		}},
		{"centipede", "fast_growth", func(t *testing.T, s *sim.Scenario) classicWant {
			if centipedeTakes(t, s, classicFixed(t, s, "altruism")) {
				t.Fatal("fast_growth must make passing rational")
			}
			return classicWant{
				outcomes: map[string]float64{"pass_to_end": 1},
				paths:    map[string]float64{centipedeAllPass: 1},
			}
		}},
		{"centipede", "altruists", func(t *testing.T, s *sim.Scenario) classicWant {
			large, small, growth := classicFixed(t, s, "large"), classicFixed(t, s, "small"), classicFixed(t, s, "growth")
			lo, hi := classicUniform(t, s, "altruism")
			star := (large - growth*small) / (growth*large - small)
			take := uniformCDF(star, lo, hi)
			return classicWant{
				outcomes:   map[string]float64{"take_1": take, "pass_to_end": 1 - take},
				paths:      map[string]float64{"ann take": take, centipedeAllPass: 1 - take},
				documented: map[string]float64{"take_1": 0.571, "pass_to_end": 0.429},
			}
		}},

		// Crisis bargaining: war iff c_C < p < d - c_T; concession iff
		// p + c_T > d and p + a > c_C; otherwise the status quo.
		{"crisis-bargaining", "", func(t *testing.T, s *sim.Scenario) classicWant {
			return crisisWant(t, s, map[string]float64{"war": 0.245, "concession": 0.624, "status_quo": 0.131})
		}},
		{"crisis-bargaining", "indivisible", func(t *testing.T, s *sim.Scenario) classicWant {
			return crisisWant(t, s, map[string]float64{"war": 0.72, "concession": 0.14})
		}},
		{"crisis-bargaining", "costly_war", func(t *testing.T, s *sim.Scenario) classicWant {
			return crisisWant(t, s, map[string]float64{"war": 0.010, "concession": 0.715, "status_quo": 0.275})
		}},
		{"crisis-bargaining", "free_bluff", func(t *testing.T, s *sim.Scenario) classicWant {
			return crisisWant(t, s, map[string]float64{"climb_down": 0.070, "status_quo": 0.070})
		}},
	}
	for _, tc := range cases {
		name := tc.scenario
		if tc.variant != "" {
			name += "/" + tc.variant
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := loadClassic(t, tc.scenario, tc.variant)
			want := tc.want(t, s)
			res, err := sim.Run(context.Background(), s, sim.Options{Iterations: classicN, Seed: classicSeed})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			checkClassic(t, s, res, want)
		})
	}
}

// TestClassicsVariantsChangeTheAnswer checks that every variant of every
// classic moves its most likely outcome's probability: a variant that
// changes nothing would teach nothing.
func TestClassicsVariantsChangeTheAnswer(t *testing.T) {
	for _, id := range []string{"ultimatum", "entry-deterrence", "centipede", "crisis-bargaining"} {
		t.Run(id, func(t *testing.T) {
			base := loadClassic(t, id, "")
			if base.Title == "" || base.Source == "" {
				t.Errorf("%s needs a title: and a source:, found %q and %q", id, base.Title, base.Source)
			}
			if len(base.Variants) == 0 {
				t.Fatalf("%s has no variants", id)
			}
			opt := sim.Options{Iterations: 4000, Seed: classicSeed}
			b, err := sim.Run(context.Background(), base, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range base.Variants {
				if v.Doc == "" {
					t.Errorf("variant %s has no doc", v.Name)
				}
				sv := loadClassic(t, id, v.Name)
				r, err := sim.Run(context.Background(), sv, opt)
				if err != nil {
					t.Fatalf("variant %s: %v", v.Name, err)
				}
				// The outcome distributions must differ by more than Monte
				// Carlo noise somewhere: disjoint 95% intervals.
				moved := false
				for i, o := range r.Outcomes {
					bo := b.Outcomes[i]
					if o.Low > bo.High || o.High < bo.Low {
						moved = true
					}
				}
				if !moved {
					t.Errorf("variant %s leaves every outcome probability where the baseline has it", v.Name)
				}
			}
		})
	}
}

func loadClassic(t *testing.T, id, variant string) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Load(id, scenarios.Options{})
	if err != nil {
		t.Fatalf("load %s: %v", id, err)
	}
	if variant == "" {
		return s
	}
	sv, err := s.WithVariant(variant)
	if err != nil {
		t.Fatalf("variant %s: %v", variant, err)
	}
	return sv
}

// checkClassic compares a result with the textbook answer.
func checkClassic(t *testing.T, s *sim.Scenario, res *sim.Result, want classicWant) {
	t.Helper()
	if res.Iterations != classicN {
		t.Fatalf("ran %d worlds, want %d", res.Iterations, classicN)
	}
	sum := 0.0
	for _, p := range want.outcomes {
		sum += p
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Fatalf("the expected outcome probabilities sum to %v, not 1: the closed form is incomplete", sum)
	}
	for id, doc := range want.documented {
		if got := want.outcomes[id]; math.Abs(got-doc) > 0.005 {
			t.Errorf("the scenario documents P(%s) ≈ %v, the closed form gives %.4f", id, doc, got)
		}
	}

	seen := map[string]bool{}
	for _, o := range res.Outcomes {
		seen[o.ID] = true
		checkProb(t, "outcome "+o.ID, o.Count, res.Iterations, want.outcomes[o.ID])
	}
	for id := range want.outcomes {
		if !seen[id] {
			t.Errorf("expected outcome %q is not in the result (have %v)", id, res.Outcomes)
		}
	}

	if len(res.Tallies) == 0 || res.Tallies[0].Name != "paths" {
		t.Fatalf("want the paths tally first, found %+v", res.Tallies)
	}
	seen = map[string]bool{}
	for _, row := range res.Tallies[0].Rows {
		seen[row.Label] = true
		checkProb(t, "path "+row.Label, row.Count, res.Iterations, want.paths[row.Label])
	}
	for label := range want.paths {
		if !seen[label] {
			var have []string
			for _, row := range res.Tallies[0].Rows {
				have = append(have, row.Label)
			}
			t.Errorf("expected path %q is not in the tree (have %q)", label, have)
		}
	}
	checkProb(t, "worlds with a tie on the path", res.TieWorlds, res.Iterations, want.ties)
}

// checkProb checks a count against a probability: exactly when it is 0 or
// 1, else by the Wilson score interval at classicZ.
func checkProb(t *testing.T, what string, k, n int64, p float64) {
	t.Helper()
	switch {
	case p == 0:
		if k != 0 {
			t.Errorf("%s: %d of %d worlds, want none", what, k, n)
		}
	case p == 1:
		if k != n {
			t.Errorf("%s: %d of %d worlds, want all", what, k, n)
		}
	default:
		lo, hi := wilsonZ(k, n, classicZ)
		if p < lo || p > hi {
			t.Errorf("%s: %d of %d worlds (%.4f, 99.9%% interval [%.4f, %.4f]), want closed form %.4f",
				what, k, n, float64(k)/float64(n), lo, hi, p)
		}
	}
}

// wilsonZ is the Wilson score interval for k successes in n trials with
// normal quantile z.
func wilsonZ(k, n int64, z float64) (lo, hi float64) {
	p, nf := float64(k)/float64(n), float64(n)
	den := 1 + z*z/nf
	centre := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	return centre - half, centre + half
}

func classicParam(t *testing.T, s *sim.Scenario, name, kind string) sim.DistSpec {
	t.Helper()
	i := slices.IndexFunc(s.Params, func(p sim.Param) bool { return p.Name == name })
	if i < 0 {
		t.Fatalf("%s has no parameter %q", s.ID, name)
	}
	d := s.Params[i].Spec
	if d.Kind != kind {
		t.Fatalf("%s: parameter %s is %s %v, the closed form assumes %s", s.ID, name, d.Kind, d.Args, kind)
	}
	return d
}

func classicFixed(t *testing.T, s *sim.Scenario, name string) float64 {
	t.Helper()
	return classicParam(t, s, name, "fixed").Args[0]
}

func classicUniform(t *testing.T, s *sim.Scenario, name string) (lo, hi float64) {
	t.Helper()
	d := classicParam(t, s, name, "uniform")
	return d.Args[0], d.Args[1]
}

// classicCategorical returns the values and their normalised weights.
func classicCategorical(t *testing.T, s *sim.Scenario, name string) (vals, weights []float64) {
	t.Helper()
	d := classicParam(t, s, name, "categorical")
	total := 0.0
	for _, w := range d.Weights {
		total += w
	}
	for _, w := range d.Weights {
		weights = append(weights, w/total)
	}
	return d.Values, weights
}

func uniformCDF(x, lo, hi float64) float64 {
	return math.Max(0, math.Min(1, (x-lo)/(hi-lo)))
}

// --- Ultimatum -------------------------------------------------------------

var ultimatumOutcome = []string{"split_10_0", "split_9_1", "split_8_2", "split_7_3", "split_6_4", "split_5_5"}

func ultimatumPath(k int) string {
	return "proposer offer_" + string(rune('0'+k)) + " → responder accept"
}

// ultimatumOffer is the proposer's equilibrium offer to a responder with
// the given envy: the smallest k whose acceptance is strictly better for
// the responder than 0, k - envy * max(0, pie - 2k) > 0. (Offer 0 is
// accepted only by a tie, worth pie/2 to the proposer, less than pie - 1.)
func ultimatumOffer(t *testing.T, envy, pie float64) int {
	t.Helper()
	for k := 1; k <= 5; k++ {
		u := float64(k) - envy*math.Max(0, pie-2*float64(k))
		if math.Abs(u) < 1e-9 {
			t.Fatalf("envy %v makes the responder indifferent at offer %d: the answer would rest on the tie rule", envy, k)
		}
		if u > 0 {
			return k
		}
	}
	t.Fatalf("no offer up to 5 is accepted with envy %v", envy)
	return 0
}

// --- Entry deterrence ------------------------------------------------------

// entryThreshold is the fight cost below which fighting beats
// accommodating: monopoly_profit - duopoly_profit. It also checks that
// the entrant prefers entry when accommodated and staying out when fought.
func entryThreshold(t *testing.T, s *sim.Scenario) float64 {
	t.Helper()
	m, d := classicFixed(t, s, "monopoly_profit"), classicFixed(t, s, "duopoly_profit")
	if e, l := classicFixed(t, s, "entry_cost"), classicFixed(t, s, "war_loss"); -e-l >= 0 {
		t.Fatalf("a price war must be worse than staying out for the entrant, found %v", -e-l)
	}
	return m - d
}

func entryWant(out float64, documented map[string]float64) classicWant {
	return classicWant{
		outcomes: map[string]float64{"monopoly": out, "shared_market": 1 - out},
		paths: map[string]float64{
			"entrant stay_out":                      out,
			"entrant enter → incumbent accommodate": 1 - out,
		},
		documented: documented,
	}
}

// --- Centipede -------------------------------------------------------------

const centipedeAllPass = "ann pass → bob pass → ann pass → bob pass → ann pass → bob pass"

// centipedeTakes reports whether taking beats passing (when the next mover
// takes) at every move.
func centipedeTakes(t *testing.T, s *sim.Scenario, altruism float64) bool {
	t.Helper()
	large, small, growth := classicFixed(t, s, "large"), classicFixed(t, s, "small"), classicFixed(t, s, "growth")
	return large+altruism*small > growth*(small+altruism*large)
}

// --- Crisis bargaining -----------------------------------------------------

// crisisWant integrates the closed-form conditions over the uniform
// distributions of p_win and the two costs (independent):
//
//	P(war)        = ∫ f_p(p) F_C(p) F_T(d - p) dp
//	P(win & war)  = ∫ p f_p(p) F_C(p) F_T(d - p) dp
//	P(concession) = ∫ f_p(p) F_C(p + a) (1 - F_T(d - p)) dp
//
// With a > 0 every other world keeps the status quo. With a = 0 the worlds
// with p < c_C are ties between the status quo and a bluff that ends in a
// climb-down, split evenly: P(tie) = ∫ f_p(p) (1 - F_C(p)) dp.
func crisisWant(t *testing.T, s *sim.Scenario, documented map[string]float64) classicWant {
	t.Helper()
	pl, ph := classicUniform(t, s, "p_win")
	cl, ch := classicUniform(t, s, "cost_challenger")
	tl, th := classicUniform(t, s, "cost_target")
	a, d := classicFixed(t, s, "audience_cost"), classicFixed(t, s, "demand")
	fC := func(x float64) float64 { return uniformCDF(x, cl, ch) }
	fT := func(x float64) float64 { return uniformCDF(x, tl, th) }
	density := 1 / (ph - pl)
	war := integrate(pl, ph, func(p float64) float64 { return density * fC(p) * fT(d-p) })
	won := integrate(pl, ph, func(p float64) float64 { return p * density * fC(p) * fT(d-p) })
	concession := integrate(pl, ph, func(p float64) float64 { return density * fC(p+a) * (1 - fT(d-p)) })
	w := classicWant{
		outcomes: map[string]float64{"war": war, "concession": concession},
		paths: map[string]float64{
			"challenger demand → target concede":                                             concession,
			"challenger demand → target resist → challenger fight → chance challenger_wins":  won,
			"challenger demand → target resist → challenger fight → chance challenger_loses": war - won,
		},
		documented: documented,
	}
	rest := 1 - war - concession
	switch {
	case a > 0:
		w.outcomes["status_quo"] = rest
		w.paths["challenger status_quo"] = rest
	case a == 0:
		tied := integrate(pl, ph, func(p float64) float64 { return density * (1 - fC(p)) })
		if math.Abs(rest-tied) > 1e-6 {
			t.Fatalf("with a = 0 the worlds left over (%v) should be exactly the tied ones (%v)", rest, tied)
		}
		w.ties = tied
		w.outcomes["status_quo"] = tied / 2
		w.outcomes["climb_down"] = tied / 2
		w.paths["challenger status_quo"] = tied / 2
		w.paths["challenger demand → target resist → challenger back_down"] = tied / 2
	default:
		t.Fatalf("audience_cost %v: the closed form assumes a >= 0", a)
	}
	return w
}

// integrate is composite Simpson's rule with many panels: the integrands
// are piecewise polynomials with a few kinks, so the error is far below
// Monte Carlo noise.
func integrate(lo, hi float64, f func(float64) float64) float64 {
	const n = 100000 // even
	h := (hi - lo) / n
	sum := f(lo) + f(hi)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(lo+float64(i)*h)
	}
	return sum * h / 3
}
