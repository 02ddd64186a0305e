package sim_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/parley-dev/parley/sim"
)

func TestAttributeFlagshipSharesAddUp(t *testing.T) {
	s := loadFlagship(t)
	var first *sim.Attribution
	for _, w := range []int{1, 2} {
		a, err := sim.Attribute(context.Background(), s, []string{"no_drone_deal", "no_india"}, "collapse", sim.Options{Iterations: 20000, Seed: 1, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for _, f := range a.Factors {
			sum += f.Shapley
			if !(f.Low <= f.Shapley && f.Shapley <= f.High) {
				t.Errorf("%s: share %v outside [%v, %v]", f.Factor, f.Shapley, f.Low, f.High)
			}
		}
		if math.Abs(sum-a.Total.Diff) > 1e-12 || math.Abs(a.Combined-a.Baseline-a.Total.Diff) > 1e-12 {
			t.Errorf("shares sum to %v, total change %v (%v − %v)", sum, a.Total.Diff, a.Combined, a.Baseline)
		}
		if first == nil {
			first = a
		} else if fmt.Sprintf("%+v", *a) != fmt.Sprintf("%+v", *first) {
			t.Errorf("workers %d gives another attribution", w)
		}
	}
}
