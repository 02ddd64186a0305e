package scenarios_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// TestTiesKey: ties: reaches the tree from the file, a --set and the
// result's stamp. At delta = 0.4 exactly, splitting ties delays a quarter
// of the agreements; accepting on a tie delays none.
func TestTiesKey(t *testing.T) {
	for _, tc := range []struct {
		sets      []string
		ties      string
		delayLo   float64
		delayHi   float64
		tieWorlds bool
	}{
		{nil, "", 0.22, 0.28, true},
		{[]string{"ties=split"}, "", 0.22, 0.28, true},
		{[]string{"ties=first"}, "first", 0, 0, false},
		{[]string{"ties={prefer: accept}"}, "prefer accept", 0, 0, false},
		{[]string{"ties={prefer: [accept, high]}"}, "prefer accept, high", 0, 0, false},
	} {
		t.Run(strings.Join(tc.sets, " "), func(t *testing.T) {
			s, err := scenarios.Load("testdata/alternating-offers.yaml", scenarios.Options{Sets: tc.sets})
			if err != nil {
				t.Fatal(err)
			}
			r, err := sim.Run(context.Background(), s, sim.Options{Iterations: 4096, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if r.Ties != tc.ties {
				t.Errorf("Result.Ties = %q, want %q", r.Ties, tc.ties)
			}
			delay := 1 - r.Outcomes[0].Probability
			if delay < tc.delayLo || delay > tc.delayHi {
				t.Errorf("delay %.4f, want %v to %v", delay, tc.delayLo, tc.delayHi)
			}
			if got := r.TieWorlds > 0; got != tc.tieWorlds {
				t.Errorf("%d worlds with a tie-break, want some: %v", r.TieWorlds, tc.tieWorlds)
			}
		})
	}
}
