package analysis_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

func loadFile(t testing.TB, path string) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Load(path, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// within fails unless got is within four standard errors of want, a
// proportion estimated from n worlds (exactly equal when want is 0 or 1).
func within(t *testing.T, what string, got, want float64, n int64) {
	t.Helper()
	tol := 4*math.Sqrt(want*(1-want)/float64(n)) + 1e-12
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want %.4f ± %.4f (%d worlds)", what, got, want, tol, n)
	}
}

// TestWhyClosedForms checks PN, PS, PNS and the Shapley split on three
// one-move trees whose answers are known exactly (the derivations are in
// the scenario files): two factors that each suffice (collapse when
// max(a, b) > 0.5), redundant causes (each alone does nothing) and joint
// causes (each alone does everything).
func TestWhyClosedForms(t *testing.T) {
	type probs struct{ pn, ps, pns float64 }
	tests := []struct {
		file       string
		p          float64
		a, b, both probs
		shapley    float64 // each factor's share (symmetric cases)
	}{
		{"max", 0.75, probs{1.0 / 3, 0.5, 0.25}, probs{1.0 / 3, 0.5, 0.25}, probs{1, 0.75, 0.75}, 0.5},
		{"overdetermined", 0.7, probs{0, 0, 0}, probs{0, 0, 0}, probs{4.0 / 7, 4.0 / 7, 0.4}, 2.0 / 7},
		{"joint", 0.7, probs{4.0 / 7, 4.0 / 7, 0.4}, probs{4.0 / 7, 4.0 / 7, 0.4}, probs{4.0 / 7, 4.0 / 7, 0.4}, 2.0 / 7},
	}
	const n = 40000
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := loadFile(t, "../../scenarios/testdata/why/"+tt.file+".yaml")
			r, err := analysis.Why(context.Background(), s, analysis.Observation{Outcome: "collapse"}, []string{"no_a", "no_b"}, sim.Options{Iterations: n, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			within(t, "P(collapse)", r.P, tt.p, n)
			if len(r.Factors) != 2 || len(r.Combinations) != 1 {
				t.Fatalf("%d factors and %d combinations, want 2 and 1", len(r.Factors), len(r.Combinations))
			}
			for _, c := range []struct {
				name string
				got  analysis.Cause
				want probs
			}{{"no_a", r.Factors[0], tt.a}, {"no_b", r.Factors[1], tt.b}, {"both", r.Combinations[0], tt.both}} {
				within(t, c.name+" PN", c.got.PN, c.want.pn, c.got.Observed)
				within(t, c.name+" PS", c.got.PS, c.want.ps, c.got.Absent)
				within(t, c.name+" PNS", c.got.PNS, c.want.pns, n)
				if c.got.Produced != 0 {
					t.Errorf("%s: %d worlds where removing the factors produces a collapse", c.name, c.got.Produced)
				}
				for _, iv := range [][3]float64{{c.got.PNLow, c.got.PN, c.got.PNHigh}, {c.got.PSLow, c.got.PS, c.got.PSHigh}, {c.got.PNSLow, c.got.PNS, c.got.PNSHigh}} {
					if !(iv[0] <= iv[1] && iv[1] <= iv[2]) {
						t.Errorf("%s: interval [%v, %v] misses its estimate %v", c.name, iv[0], iv[2], iv[1])
					}
				}
			}
			if r.Combinations[0].Flipped != r.Prevented.Flipped {
				t.Errorf("Prevented is not the combination of every factor")
			}
			for _, f := range r.Factors {
				// The shares' spread across worlds is at most 1, so four of
				// their standard errors are within 4/√observed.
				if tol := 4 / math.Sqrt(float64(f.Observed)); math.Abs(f.Shapley-tt.shapley) > tol {
					t.Errorf("%s Shapley = %.4f, want %.4f ± %.4f", f.Factors[0], f.Shapley, tt.shapley, tol)
				}
			}
			if sum := r.Factors[0].Shapley + r.Factors[1].Shapley; math.Abs(sum-r.Prevented.PN) > 1e-12 {
				t.Errorf("Shapley shares sum to %v, prevented share %v", sum, r.Prevented.PN)
			}
		})
	}
}

// TestWhyMaxIsExactInCounts pins the max(a, b) case at a fixed seed
// against the closed form with its Monte Carlo error, over many worlds:
// P(collapse) = 3/4, PN(a) = 1/3, PNS(a) = 1/4.
func TestWhyMaxIsExactInCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("400000 worlds")
	}
	s := loadFile(t, "../../scenarios/testdata/why/max.yaml")
	const n = 400000
	r, err := analysis.Why(context.Background(), s, analysis.Observation{Outcome: "collapse"}, []string{"no_a", "no_b"}, sim.Options{Iterations: n, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	a := r.Factors[0]
	t.Logf("P = %.5f [%.5f, %.5f], PN(a) = %.5f [%.5f, %.5f], PNS(a) = %.5f [%.5f, %.5f]", r.P, r.Low, r.High, a.PN, a.PNLow, a.PNHigh, a.PNS, a.PNSLow, a.PNSHigh)
	within(t, "P(collapse)", r.P, 0.75, n)
	within(t, "PN(a)", a.PN, 1.0/3, a.Observed)
	within(t, "PNS(a)", a.PNS, 0.25, n)
	// The intervals are Wilson's on the stated denominators: at these
	// sizes, z·√(p(1−p)/denominator) either side to within 1%.
	for _, c := range []struct {
		name      string
		lo, p, hi float64
		den       int64
	}{{"P", r.Low, r.P, r.High, n}, {"PN", a.PNLow, a.PN, a.PNHigh, a.Observed}, {"PNS", a.PNSLow, a.PNS, a.PNSHigh, n}} {
		half, want := (c.hi-c.lo)/2, 1.959964*math.Sqrt(c.p*(1-c.p)/float64(c.den))
		if math.Abs(half-want) > 0.01*want {
			t.Errorf("%s: half-width %.6f, want %.6f", c.name, half, want)
		}
	}
}

// key prints every statistic of a why result, NaN included, so that two
// results can be compared for equality.
func key(r *analysis.WhyResult) string {
	return fmt.Sprintf("%v|%+v|%+v|%+v|%+v", r.Stamp, r.Factors, r.Combinations, r.Prevented, r.Counts)
}

func TestWhyDeterministicAcrossWorkersAndShards(t *testing.T) {
	s := loadFlagship(t)
	ob := analysis.Observation{Outcome: "collapse"}
	factors := []string{"no_drone_deal", "no_india"}
	run := func(opt sim.Options) *analysis.WhyResult {
		t.Helper()
		opt.Iterations, opt.Seed = 5000, 7
		r, err := analysis.Why(context.Background(), s, ob, factors, opt)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	one, two := run(sim.Options{Workers: 1}), run(sim.Options{Workers: 2})
	if key(one) != key(two) {
		t.Errorf("workers 1 and 2 differ:\n%s\n%s", key(one), key(two))
	}
	a, b := run(sim.Options{Workers: 2, Shard: sim.Shard{Index: 0, Count: 2}}), run(sim.Options{Workers: 1, Shard: sim.Shard{Index: 1, Count: 2}})
	merged, err := analysis.MergeWhy(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(merged.Counts, one.Counts) || key(merged) != key(one) {
		t.Errorf("merged shards differ from the whole run:\n%s\n%s", key(merged), key(one))
	}
	if _, err := analysis.MergeWhy(a, a, b); err == nil {
		t.Error("merged a shard given twice")
	}
	if p, err := analysis.MergeWhy(a); err != nil || !p.Partial {
		t.Errorf("one shard of two: partial %v, err %v; want a partial result", p != nil && p.Partial, err)
	}
}

// TestWhyFlagship checks the flagship's numbers against compare's: PN of
// a factor is the share of collapse worlds that flip away from collapse,
// which compare counts too.
func TestWhyFlagship(t *testing.T) {
	s := loadFlagship(t)
	opt := sim.Options{Iterations: 20000, Seed: 1}
	r, err := analysis.Why(context.Background(), s, analysis.Observation{Outcome: "collapse"}, []string{"no_drone_deal", "no_india"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	c, err := analysis.Compare(context.Background(), s, [][]string{{"no_drone_deal"}, {"no_india"}, {"no_drone_deal", "no_india"}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != c.Variants[0].Result.Outcomes[1].Count {
		t.Fatalf("collapse worlds: why %d, compare %d", r.Count, c.Variants[0].Result.Outcomes[1].Count)
	}
	causes := append(append([]analysis.Cause{}, r.Factors...), r.Combinations...)
	for i, v := range c.Variants[1:] {
		var away, into int64
		for _, f := range v.Flips {
			if f.From == "collapse" {
				away += f.Count
			}
			if f.To == "collapse" {
				into += f.Count
			}
		}
		if causes[i].Flipped != away || causes[i].Produced != into {
			t.Errorf("%s: why flipped %d produced %d, compare %d and %d", v.Variant, causes[i].Flipped, causes[i].Produced, away, into)
		}
		t.Logf("%s: PN %.4f [%.4f, %.4f] PS %.4f PNS %.4f", v.Variant, causes[i].PN, causes[i].PNLow, causes[i].PNHigh, causes[i].PS, causes[i].PNS)
	}
}

// TestWhyEveryForm runs an observed path (or package, or profile) on
// every model form and checks its count against the run's tally.
func TestWhyEveryForm(t *testing.T) {
	tests := []struct {
		file, path string
		factors    []string
	}{
		{"istanbul-2025", "afg demand_halt -> pak refuse", []string{"no_drone_deal", "no_india"}},
		{"istanbul-2025-issues", "", []string{"no_drone_deal", "no_india"}},
		{"deterrence-crisis", "challenger=press,defender=firm", []string{"resolute_defender"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := loadFile(t, "../../scenarios/"+tt.file+".yaml")
			opt := sim.Options{Iterations: 3000, Seed: 2}
			res, err := sim.Run(context.Background(), s, opt)
			if err != nil {
				t.Fatal(err)
			}
			rows := res.Tallies[0].Rows
			path := tt.path
			if path == "" { // the most frequent package
				best := 0
				for i, row := range rows {
					if row.Count > rows[best].Count {
						best = i
					}
				}
				path = rows[best].Label
			}
			r, err := analysis.Why(context.Background(), s, analysis.Observation{Path: path}, tt.factors, opt)
			if err != nil {
				t.Fatal(err)
			}
			var want int64 = -1
			for _, row := range rows {
				if row.Label == r.Observation.Path {
					want = row.Count
				}
			}
			if r.Count != want || want <= 0 {
				t.Errorf("%q: why counts %d worlds, the run %d", path, r.Count, want)
			}
			for _, f := range r.Factors {
				if f.Flipped > f.Observed || f.Flipped > f.Absent {
					t.Errorf("%s: flipped %d of %d observed, %d absent", f.Factors[0], f.Flipped, f.Observed, f.Absent)
				}
			}
		})
	}
}

func TestWhyRefuses(t *testing.T) {
	s := loadFlagship(t)
	ctx := context.Background()
	opt := sim.Options{Iterations: 100}
	tests := []struct {
		name    string
		ob      analysis.Observation
		factors []string
		want    string
	}{
		{"no factor", analysis.Observation{Outcome: "collapse"}, nil, "at least one factor"},
		{"twice", analysis.Observation{Outcome: "collapse"}, []string{"no_india", "no_india"}, "given twice"},
		{"unknown variant", analysis.Observation{Outcome: "collapse"}, []string{"no_indai"}, `did you mean "no_india"`},
		{"unknown outcome", analysis.Observation{Outcome: "colapse"}, []string{"no_india"}, `unknown outcome "colapse"`},
		{"unknown path", analysis.Observation{Path: "afg demand_halt → pak refused"}, []string{"no_india"}, `no path "afg demand_halt → pak refused"`},
		{"both", analysis.Observation{Outcome: "collapse", Path: "x"}, []string{"no_india"}, "not both"},
		{"nothing", analysis.Observation{}, []string{"no_india"}, "nothing observed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := analysis.Why(ctx, s, tt.ob, tt.factors, opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func ExampleWhy() {
	s, err := scenarios.Load("../../scenarios/testdata/why/max.yaml", scenarios.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := analysis.Why(context.Background(), s, analysis.Observation{Outcome: "collapse"}, []string{"no_a", "no_b"}, sim.Options{Iterations: 20000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	a := r.Factors[0]
	fmt.Printf("P(collapse) %.2f; without a: PN %.2f, PS %.2f, PNS %.2f\n", r.P, a.PN, a.PS, a.PNS)
	// Output: P(collapse) 0.75; without a: PN 0.33, PS 0.49, PNS 0.25
}
