package spatial_test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/parley-dev/parley/sim/spatial"
)

// TestBDMReplication checks the model against the open replication's
// 10-round traces (shared/anchors/bdm): the median, the mean and every
// actor's position after every round, within 1e-6 (the traces print six
// decimals).
func TestBDMReplication(t *testing.T) {
	dir := bdmAnchorDir(t)
	tests := []struct {
		name, input, trace string
		converges          bool
	}{
		{"eu_emissions", "jmckib_ExampleActors_EU_emissions.csv", "eu_emissions_jmckib_10rounds.csv", false},
		{"iranian_election", "iranian_election_2013.csv", "iranian_election_jmckib_10rounds.csv", false},
		{"sultan", "jmckib_Sultan.csv", "sultan_jmckib_10rounds.csv", true},
	}
	const tol = 1e-6
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			actors := readBDMActors(t, filepath.Join(dir, tt.input))
			ref := readBDMTrace(t, filepath.Join(dir, tt.trace))
			for a, act := range actors {
				if ref.names[a] != act.Name {
					t.Fatalf("trace column %d is %q, input row is %q", a, ref.names[a], act.Name)
				}
			}
			traj, err := spatial.BDM(actors, spatial.BDMOptions{Rounds: 10})
			if err != nil {
				t.Fatal(err)
			}
			if traj.Converged != tt.converges {
				t.Errorf("converged %v after %d rounds, want %v", traj.Converged, traj.Rounds(), tt.converges)
			}
			var f spatial.Forecaster
			worst := 0.0
			for r := range ref.positions {
				// A run that stopped at a fixed point would repeat it.
				got := traj.Positions[min(r, traj.Rounds())]
				median, mean := f.Forecast(actors, got, 0)
				if d := math.Abs(median - ref.median[r]); d > tol {
					t.Errorf("round %d: median %.6f, want %.6f", r, median, ref.median[r])
				}
				if d := math.Abs(mean - ref.mean[r]); d > tol {
					t.Errorf("round %d: mean %.6f, want %.6f", r, mean, ref.mean[r])
				}
				for a := range actors {
					d := math.Abs(got[a][0] - ref.positions[r][a])
					worst = math.Max(worst, d)
					if d > tol {
						t.Errorf("round %d: %s at %.6f, want %.6f", r, actors[a].Name, got[a][0], ref.positions[r][a])
					}
				}
			}
			t.Logf("largest difference from the trace: %.2g", worst)
		})
	}
}
