package spatial_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
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

// bdmEUActors is the EU emissions example of Scholz et al. (positions in
// years), the replication's first data set.
func bdmEUActors() []spatial.Actor {
	rows := []struct {
		name    string
		c, x, s float64
	}{
		{"Netherlands", 0.08, 4, 0.8}, {"Belgium", 0.08, 7, 0.4}, {"Luxembourg", 0.03, 4, 0.2},
		{"Germany", 0.16, 4, 0.8}, {"France", 0.16, 10, 0.6}, {"Italy", 0.16, 10, 0.6},
		{"UK", 0.16, 10, 0.9}, {"Ireland", 0.05, 7, 0.1}, {"Denmark", 0.05, 4, 1.0},
		{"Greece", 0.08, 7, 0.7},
	}
	actors := make([]spatial.Actor, len(rows))
	for i, r := range rows {
		actors[i] = spatial.Actor{Name: r.name, Capability: r.c, Position: []float64{r.x}, Salience: []float64{r.s}}
	}
	return actors
}

// TestBDMTwoActors works one round out by hand. A (c 1, s 1) at 0 and B
// (c 1, s ½) at 10: the votes give P(A beats B) = 1/3, P(B beats A) = 1/6
// over the denominator 3. A's danger is −4/3 and B's 2/3, so A becomes
// risk averse (r = 2) and B risk acceptant (r = ½). A sees no offer; B
// expects EU_B(B→A) = 2√2 − 10/3 < 0 < EU_B(A→B) = 2√2 − 4/3, a
// compromise: B moves towards A by the ratio of the two.
func TestBDMTwoActors(t *testing.T) {
	actors := []spatial.Actor{
		{Name: "A", Capability: 1, Position: []float64{0}, Salience: []float64{1}},
		{Name: "B", Capability: 1, Position: []float64{10}, Salience: []float64{0.5}},
	}
	traj, err := spatial.BDM(actors, spatial.BDMOptions{Rounds: 1})
	if err != nil {
		t.Fatal(err)
	}
	s2 := 2 * math.Sqrt2
	wantB := 10 * (1 - (10.0/3-s2)/(s2-4.0/3))
	if got := traj.Positions[1]; got[0][0] != 0 || math.Abs(got[1][0]-wantB) > 1e-12 {
		t.Errorf("after round 1: A %v, B %v; want 0, %v", got[0][0], got[1][0], wantB)
	}
	if traj.Rounds() != 1 || traj.Converged {
		t.Errorf("%d rounds, converged %v; want 1 round, not converged", traj.Rounds(), traj.Converged)
	}
}

// TestBDMStandoff: two equally strong, fully resolved rivals both expect
// to lose a challenge, so nobody moves and the run converges at once.
func TestBDMStandoff(t *testing.T) {
	actors := []spatial.Actor{
		{Name: "A", Capability: 1, Position: []float64{0}, Salience: []float64{1}},
		{Name: "B", Capability: 1, Position: []float64{10}, Salience: []float64{1}},
	}
	traj, err := spatial.BDM(actors, spatial.BDMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !traj.Converged || traj.Rounds() != 1 {
		t.Errorf("converged %v after %d rounds, want converged after 1", traj.Converged, traj.Rounds())
	}
	if p := traj.Positions[1]; p[0][0] != 0 || p[1][0] != 10 {
		t.Errorf("positions %v, want [[0] [10]]", p)
	}
}

// TestBDMDimensions: dimensions are run independently, and the model does
// not depend on the scale's units: a second dimension that is an affine
// image of the first (with other saliences absent) follows it exactly.
func TestBDMDimensions(t *testing.T) {
	one := bdmEUActors()
	two := bdmEUActors()
	for i := range two {
		two[i].Position = []float64{one[i].Position[0], 2*one[i].Position[0] + 3}
		two[i].Salience = []float64{one[i].Salience[0], one[i].Salience[0]}
	}
	a, err := spatial.BDM(one, spatial.BDMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := spatial.BDM(two, spatial.BDMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Rounds() != b.Rounds() {
		t.Fatalf("%d rounds on one dimension, %d on two", a.Rounds(), b.Rounds())
	}
	for r := range a.Positions {
		for i := range one {
			x := a.Positions[r][i][0]
			if y := b.Positions[r][i]; y[0] != x || math.Abs(y[1]-(2*x+3)) > 1e-9 {
				t.Errorf("round %d, %s: %v, want [%v %v]", r, one[i].Name, y, x, 2*x+3)
			}
		}
	}
}

// TestBDMTol: a tolerance larger than any move ends the run after the
// first round; none runs to the limit (the EU case never settles).
func TestBDMTol(t *testing.T) {
	tests := []struct {
		tol       float64
		rounds    int
		converged bool
	}{
		{0, 10, false},
		{10, 1, true},
	}
	for _, tt := range tests {
		traj, err := spatial.BDM(bdmEUActors(), spatial.BDMOptions{Tol: tt.tol})
		if err != nil {
			t.Fatal(err)
		}
		if traj.Rounds() != tt.rounds || traj.Converged != tt.converged {
			t.Errorf("tol %v: %d rounds, converged %v; want %d, %v", tt.tol, traj.Rounds(), traj.Converged, tt.rounds, tt.converged)
		}
	}
}

// TestBDMCapitulation: with the paper's capitulation enabled, the Sultan
// case (which the replication leaves still) starts to move: RUSSIA gives
// in to NAZER's 12.9 and back to 14.2 round after round, taking the
// median between 13.90 and 13.75.
func TestBDMCapitulation(t *testing.T) {
	actors := readBDMActors(t, filepath.Join(bdmAnchorDir(t), "jmckib_Sultan.csv"))
	traj, err := spatial.BDM(actors, spatial.BDMOptions{Capitulation: true})
	if err != nil {
		t.Fatal(err)
	}
	if traj.Converged || traj.Rounds() != 10 {
		t.Fatalf("converged %v after %d rounds, want 10 rounds without", traj.Converged, traj.Rounds())
	}
	var f spatial.Forecaster
	for r, want := range []float64{13.900, 13.750, 13.900, 13.750} {
		if med, _ := f.Forecast(actors, traj.Positions[r], 0); med != want {
			t.Errorf("round %d: median %v, want %v", r, med, want)
		}
		if russia, want := traj.Positions[r][2][0], []float64{14.2, 12.9}[r%2]; russia != want {
			t.Errorf("round %d: RUSSIA at %v, want %v", r, russia, want)
		}
	}
}

// TestBDMWorkspace: a reused workspace gives what a fresh run gives, after
// runs of other sizes, and allocates nothing once it has grown.
func TestBDMWorkspace(t *testing.T) {
	eu := bdmEUActors()
	big := bdmRandomActors(40, 2, 7)
	want, err := spatial.BDM(eu, spatial.BDMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var ws spatial.BDMWorkspace
	for _, actors := range [][]spatial.Actor{eu, big, eu} {
		if _, err := ws.Run(actors, spatial.BDMOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := ws.Run(eu, spatial.BDMOptions{})
	for r := range want.Positions {
		for a := range eu {
			if got.Positions[r][a][0] != want.Positions[r][a][0] {
				t.Fatalf("round %d, %s: %v reused, %v fresh", r, eu[a].Name, got.Positions[r][a][0], want.Positions[r][a][0])
			}
		}
	}
	if n := testing.AllocsPerRun(10, func() { ws.Run(big, spatial.BDMOptions{}) }); n != 0 {
		t.Errorf("%v allocations per reused run, want 0", n)
	}
}

func TestBDMErrors(t *testing.T) {
	ok := func() []spatial.Actor { return bdmEUActors()[:2] }
	tests := []struct {
		name   string
		actors func() []spatial.Actor
		opt    spatial.BDMOptions
		want   string
	}{
		{"no actors", func() []spatial.Actor { return nil }, spatial.BDMOptions{}, "bdm: no actors"},
		{"negative rounds", ok, spatial.BDMOptions{Rounds: -1}, "rounds -1 is negative"},
		{"q above 1", ok, spatial.BDMOptions{Q: 1.5}, "q 1.5 is outside [0, 1]"},
		{"negative tolerance", ok, spatial.BDMOptions{Tol: -1}, "tolerance -1"},
		{"no dimensions", func() []spatial.Actor { return []spatial.Actor{{Name: "X", Capability: 1}} }, spatial.BDMOptions{}, "actor 0 (X) has no dimensions"},
		{"ragged", func() []spatial.Actor {
			a := ok()
			a[1].Salience = []float64{0.1, 0.2}
			return a
		}, spatial.BDMOptions{}, "actor 1 (Belgium) has 1 positions and 2 saliences, want 1 of each"},
		{"negative capability", func() []spatial.Actor {
			a := ok()
			a[0].Capability = -1
			return a
		}, spatial.BDMOptions{}, "actor 0 (Netherlands): capability -1 is not a finite number ≥ 0"},
		{"salience above 1", func() []spatial.Actor {
			a := ok()
			a[1].Salience[0] = 40
			return a
		}, spatial.BDMOptions{}, "actor 1 (Belgium): salience 40 on dimension 0 is outside [0, 1]"},
		{"NaN position", func() []spatial.Actor {
			a := ok()
			a[0].Position[0] = math.NaN()
			return a
		}, spatial.BDMOptions{}, "actor 0 (Netherlands): position NaN on dimension 0 is not finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := spatial.BDM(tt.actors(), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestBDMDegenerate: one actor, everyone at one point, and nobody with
// weight all run without moving or producing NaN.
func TestBDMDegenerate(t *testing.T) {
	tests := []struct {
		name   string
		actors []spatial.Actor
	}{
		{"one actor", []spatial.Actor{{Name: "A", Capability: 1, Position: []float64{3}, Salience: []float64{1}}}},
		{"one point", []spatial.Actor{
			{Name: "A", Capability: 1, Position: []float64{3}, Salience: []float64{1}},
			{Name: "B", Capability: 2, Position: []float64{3}, Salience: []float64{0.5}},
		}},
		{"no weight", []spatial.Actor{
			{Name: "A", Capability: 0, Position: []float64{0}, Salience: []float64{1}},
			{Name: "B", Capability: 0, Position: []float64{10}, Salience: []float64{0.5}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			traj, err := spatial.BDM(tt.actors, spatial.BDMOptions{})
			if err != nil {
				t.Fatal(err)
			}
			last := traj.Positions[traj.Rounds()]
			for a, act := range tt.actors {
				if last[a][0] != act.Position[0] {
					t.Errorf("%s moved to %v", act.Name, last[a][0])
				}
			}
			if !traj.Converged {
				t.Errorf("did not converge")
			}
		})
	}
}

// bdmRandomActors draws n actors on k dimensions from a seeded stream:
// capabilities in (0, 1], positions on 0–100, saliences in [0, 1].
func bdmRandomActors(n, k int, seed uint64) []spatial.Actor {
	rng := rand.New(rand.NewPCG(seed, 0))
	actors := make([]spatial.Actor, n)
	for i := range actors {
		a := spatial.Actor{Name: fmt.Sprint("a", i), Capability: 1 - rng.Float64()}
		for range k {
			a.Position = append(a.Position, math.Round(100*rng.Float64()))
			a.Salience = append(a.Salience, rng.Float64())
		}
		actors[i] = a
	}
	return actors
}

// FuzzBDM: on any valid input the model runs without error, keeps every
// position finite and inside the initial range of its dimension (every
// move goes to, or between, existing positions), and a reused workspace
// repeats a fresh run exactly.
func FuzzBDM(f *testing.F) {
	f.Add(uint64(1), uint8(10), uint8(1), uint8(0), false)
	f.Add(uint64(2), uint8(13), uint8(3), uint8(5), true)
	f.Add(uint64(3), uint8(2), uint8(2), uint8(2), false)
	f.Fuzz(func(t *testing.T, seed uint64, n, k, grid uint8, capitulate bool) {
		n, k = 1+n%30, 1+k%4
		actors := bdmRandomActors(int(n), int(k), seed)
		rng := rand.New(rand.NewPCG(seed, 1))
		for i := range actors {
			if grid > 0 { // shared positions and zero weights, as in survey data
				for d := range actors[i].Position {
					actors[i].Position[d] = float64(rng.IntN(int(grid%5)+1)) * 25
				}
				if rng.IntN(4) == 0 {
					actors[i].Capability = 0
				}
			}
		}
		opt := spatial.BDMOptions{Rounds: 12, Capitulation: capitulate}
		traj, err := spatial.BDM(actors, opt)
		if err != nil {
			t.Fatal(err)
		}
		for d := range int(k) {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, a := range actors {
				lo, hi = math.Min(lo, a.Position[d]), math.Max(hi, a.Position[d])
			}
			for r, round := range traj.Positions {
				for a, p := range round {
					if !(p[d] >= lo && p[d] <= hi) {
						t.Fatalf("round %d, actor %d, dimension %d: %v outside [%v, %v]", r, a, d, p[d], lo, hi)
					}
				}
			}
		}
		var ws spatial.BDMWorkspace
		ws.Run(bdmRandomActors(7, 2, seed+1), opt)
		again, err := ws.Run(actors, opt)
		if err != nil {
			t.Fatal(err)
		}
		if again.Rounds() != traj.Rounds() || again.Converged != traj.Converged {
			t.Fatalf("reused workspace: %d rounds, converged %v; fresh %d, %v", again.Rounds(), again.Converged, traj.Rounds(), traj.Converged)
		}
		for r := range traj.Positions {
			for a := range actors {
				for d := range int(k) {
					if again.Positions[r][a][d] != traj.Positions[r][a][d] {
						t.Fatalf("reused workspace differs at round %d, actor %d, dimension %d", r, a, d)
					}
				}
			}
		}
	})
}

// TestBDMMirror: the compromise rule (the lowest EU-weighted midpoint)
// prefers one end of the scale, so mirroring the EU data mirrors the
// first three rounds but not the fourth, where Belgium compromises
// towards the low end (the trace's 4.800881) whichever way the scale runs.
func TestBDMMirror(t *testing.T) {
	a, b := bdmEUActors(), bdmEUActors()
	for i := range b {
		b[i].Position[0] = 14 - b[i].Position[0]
	}
	ta, err := spatial.BDM(a, spatial.BDMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tb, err := spatial.BDM(b, spatial.BDMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for r := range 4 {
		for i := range a {
			if x, y := ta.Positions[r][i][0], 14-tb.Positions[r][i][0]; math.Abs(x-y) > 1e-9 {
				t.Errorf("round %d, %s: %v, mirrored %v", r, a[i].Name, x, y)
			}
		}
	}
	const belgium = 1
	if x, y := ta.Positions[4][belgium][0], 14-tb.Positions[4][belgium][0]; math.Abs(x-4.800881) > 1e-6 || math.Abs(x-y) < 1 {
		t.Errorf("round 4, Belgium: %v, mirrored %v; want 4.800881 and a mirrored run that differs", x, y)
	}
}
