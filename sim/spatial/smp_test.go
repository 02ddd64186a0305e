package spatial_test

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios/anchortest"
	"github.com/parley-dev/parley/scenarios/ktab"
	"github.com/parley-dev/parley/sim/spatial"
)

// ktabAnchors returns shared/anchors/ktab (see anchortest.Dir).
func ktabAnchors(tb testing.TB) string {
	tb.Helper()
	return anchortest.Dir(tb, anchortest.KTABSet)
}

func readCase(tb testing.TB, dir, name string) *ktab.Case {
	tb.Helper()
	path := filepath.Join(dir, "inputs", name+".csv")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	c, err := ktab.Read(path, f)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// ktabRun reads KTAB's positions_long.csv: positions[turn][actor][dim].
func ktabRun(t *testing.T, dir, name string, c *ktab.Case) [][][]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "runs", name, "positions_long.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	actor, dim := map[string]int{}, map[string]int{}
	for i, a := range c.Actors {
		actor[a.Name] = i
	}
	for d, n := range c.Dimensions {
		dim[n] = d
	}
	var out [][][]float64
	for _, r := range rows[1:] {
		turn, err1 := strconv.Atoi(r[0])
		pos, err2 := strconv.ParseFloat(r[3], 64)
		a, ok1 := actor[r[1]]
		d, ok2 := dim[r[2]]
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			t.Fatalf("bad row %q", r)
		}
		for len(out) <= turn {
			block := make([][]float64, len(c.Actors))
			for i := range block {
				block[i] = make([]float64, len(c.Dimensions))
			}
			out = append(out, block)
		}
		out[turn][a][d] = pos
	}
	return out
}

// compareKTAB returns the largest difference from KTAB's run and the
// first turn that differs by more than tol, or -1.
func compareKTAB(got, want [][][]float64, tol float64) (maxDiff float64, firstBad int) {
	firstBad = -1
	for t := range min(len(got), len(want)) {
		for a := range want[t] {
			for d := range want[t][a] {
				diff := math.Abs(got[t][a][d] - want[t][a][d])
				maxDiff = max(maxDiff, diff)
				if diff > tol && firstBad < 0 {
					firstBad = t
				}
			}
		}
	}
	return maxDiff, firstBad
}

// KTAB's runs store two decimals; its bargains are rounded to 0.01 on the
// 0–100 scale, so agreement means equal to the stored digits.
const ktabTol = 0.01 + 1e-9

// TestSMPAgainstKTAB: every actor's position after every turn equals
// KTAB's smpc run with default options, with the same number of turns.
func TestSMPAgainstKTAB(t *testing.T) {
	dir := ktabAnchors(t)
	for _, name := range []string{"SOE-Pol-Comp", "dummyData_3Dim", "SOE-Policy"} {
		t.Run(name, func(t *testing.T) {
			c := readCase(t, dir, name)
			want := ktabRun(t, dir, name, c)
			tr, err := spatial.SMP(c.Actors, spatial.SMPOptions{})
			if err != nil {
				t.Fatal(err)
			}
			maxDiff, bad := compareKTAB(tr.Positions, want, ktabTol)
			if bad >= 0 {
				t.Errorf("turn %d differs from KTAB's; largest difference %.4f", bad, maxDiff)
			}
			if tr.Rounds() != len(want)-1 {
				t.Errorf("%d turns, KTAB ran %d", tr.Rounds(), len(want)-1)
			}
			if !tr.Converged {
				t.Errorf("not converged")
			}
			t.Logf("%d turns, largest difference from KTAB %.2g", tr.Rounds(), maxDiff)
		})
	}
}

// TestSMPMissingAnchors: TestSMPAgainstKTAB fails under CI=true without
// the anchors, and is skipped with a message elsewhere.
func TestSMPMissingAnchors(t *testing.T) {
	anchortest.CheckMissingOf(t, "TestSMPAgainstKTAB", anchortest.KTABSet)
}

// five actors on two dimensions, for the tests that need no anchors.
func fiveActors() []spatial.Actor {
	return []spatial.Actor{
		{Name: "A", Capability: 100, Position: []float64{10, 80}, Salience: []float64{60, 20}},
		{Name: "B", Capability: 60, Position: []float64{45, 20}, Salience: []float64{30, 50}},
		{Name: "C", Capability: 35, Position: []float64{70, 55}, Salience: []float64{50, 40}},
		{Name: "D", Capability: 80, Position: []float64{90, 10}, Salience: []float64{20, 70}},
		{Name: "E", Capability: 20, Position: []float64{30, 40}, Salience: []float64{90, 10}},
	}
}

func TestSMPInvalid(t *testing.T) {
	good := fiveActors()
	change := func(f func(a []spatial.Actor)) []spatial.Actor {
		a := fiveActors()
		f(a)
		return a
	}
	tests := []struct {
		name   string
		actors []spatial.Actor
		opt    spatial.SMPOptions
		want   string
	}{
		{"two actors", good[:2], spatial.SMPOptions{}, "2 actors, the model needs at least 3"},
		{"no dimensions", change(func(a []spatial.Actor) { a[0].Position, a[0].Salience = nil, nil }), spatial.SMPOptions{}, `actor "A" has no dimensions`},
		{"ragged", change(func(a []spatial.Actor) { a[2].Salience = a[2].Salience[:1] }), spatial.SMPOptions{}, "actor C has 2 positions and 1 saliences, want 2 of each"},
		{"zero capability", change(func(a []spatial.Actor) { a[1].Capability = 0 }), spatial.SMPOptions{}, "actor B: capability 0, want more than 0 and at most 1e+08"},
		{"position", change(func(a []spatial.Actor) { a[3].Position[1] = 100.5 }), spatial.SMPOptions{}, "actor D: position 100.5 on dimension 2, want 0 to 100"},
		{"NaN position", change(func(a []spatial.Actor) { a[3].Position[0] = math.NaN() }), spatial.SMPOptions{}, "actor D: position NaN on dimension 1"},
		{"salience", change(func(a []spatial.Actor) { a[4].Salience[0] = -1 }), spatial.SMPOptions{}, "actor E: salience -1 on dimension 1"},
		{"salience total", change(func(a []spatial.Actor) { a[4].Salience[1] = 11 }), spatial.SMPOptions{}, "actor E: saliences sum to 101"},
		{"no salience", change(func(a []spatial.Actor) { a[0].Salience = []float64{0, 0} }), spatial.SMPOptions{}, "actor A: saliences sum to 0"},
		{"tiny salience", change(func(a []spatial.Actor) { a[0].Salience = []float64{1e-200, 0} }), spatial.SMPOptions{}, "actor A: saliences [1e-200 0] are too small"},
		{"huge capability", change(func(a []spatial.Actor) { a[2].Capability = 1e300 }), spatial.SMPOptions{}, "actor C: capability 1e+300"},
		{"turns", good, spatial.SMPOptions{MaxTurns: -1}, "MaxTurns -1 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := spatial.SMP(tt.actors, tt.opt)
			if !errors.Is(err, spatial.ErrSMPInput) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrSMPInput with %q", err, tt.want)
			}
		})
	}
}

// TestSMPAlike: actors who all stand at one point have nothing to
// challenge; the run stops at KTAB's minimum of two turns.
func TestSMPAlike(t *testing.T) {
	actors := fiveActors()
	for i := range actors {
		actors[i].Position = []float64{42, 42}
	}
	tr, err := spatial.SMP(actors, spatial.SMPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Rounds() != 2 || !tr.Converged {
		t.Errorf("%d turns, converged %v; want 2, true", tr.Rounds(), tr.Converged)
	}
	for _, turn := range tr.Positions {
		for _, p := range turn {
			if p[0] != 42 || p[1] != 42 {
				t.Fatalf("moved to %v", p)
			}
		}
	}
}

// TestSMPMaxTurns: a bounded run is the start of the full one, not
// converged.
func TestSMPMaxTurns(t *testing.T) {
	full, err := spatial.SMP(fiveActors(), spatial.SMPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !full.Converged || full.Rounds() < 3 {
		t.Fatalf("full run: %d turns, converged %v", full.Rounds(), full.Converged)
	}
	short, err := spatial.SMP(fiveActors(), spatial.SMPOptions{MaxTurns: 2})
	if err != nil {
		t.Fatal(err)
	}
	if short.Converged || short.Rounds() != 2 {
		t.Errorf("%d turns, converged %v; want 2, false", short.Rounds(), short.Converged)
	}
	if !reflect.DeepEqual(short.Positions, full.Positions[:3]) {
		t.Errorf("bounded run differs from the full run's start")
	}
}

// TestSMPMirror: the model has no preferred end of the scale, so
// reflecting every position reflects the trajectory (up to KTAB's
// rounding of bargains to 0.01, which rounds halves up).
func TestSMPMirror(t *testing.T) {
	actors := fiveActors()
	tr, err := spatial.SMP(actors, spatial.SMPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range actors {
		for d, p := range actors[i].Position {
			actors[i].Position[d] = 100 - p
		}
	}
	mr, err := spatial.SMP(actors, spatial.SMPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if mr.Rounds() != tr.Rounds() {
		t.Fatalf("%d turns mirrored, %d not", mr.Rounds(), tr.Rounds())
	}
	moved := false
	for r, turn := range tr.Positions {
		for a, p := range turn {
			for d := range p {
				if diff := math.Abs(100 - mr.Positions[r][a][d] - p[d]); diff > ktabTol {
					t.Errorf("turn %d actor %d dim %d: %v mirrored, %v not", r, a, d, mr.Positions[r][a][d], p[d])
				}
				moved = moved || p[d] != tr.Positions[0][a][d]
			}
		}
	}
	if !moved {
		t.Error("nobody moved")
	}
}

// TestSMPWorkspace: a workspace reused across runs of different sizes
// gives what fresh runs give, and once sized allocates nothing.
func TestSMPWorkspace(t *testing.T) {
	five := fiveActors()
	three := []spatial.Actor{five[0], five[2], five[3]}
	one := make([]spatial.Actor, len(five))
	for i, a := range five {
		one[i] = a
		one[i].Position, one[i].Salience = a.Position[:1], []float64{a.Salience[0]}
	}
	var ws spatial.SMPWorkspace
	for _, actors := range [][]spatial.Actor{five, three, one, five} {
		want, err := spatial.SMP(actors, spatial.SMPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := ws.Run(actors, spatial.SMPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d actors × %d dims: reused workspace differs from a fresh run", len(actors), len(actors[0].Position))
		}
	}
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := ws.Run(five, spatial.SMPOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run in a sized workspace", allocs)
	}
}

// FuzzSMP checks that every input SMP accepts gives positions on 0–100
// after every turn, never NaN, and that it rejects only with ErrSMPInput.
// The bytes are read as actors: capability, then position and salience
// per dimension, each a byte scaled to its range.
func FuzzSMP(f *testing.F) {
	f.Add(uint8(2), []byte{200, 10, 60, 80, 20, 120, 45, 30, 20, 50, 70, 70, 50, 55, 40})
	f.Add(uint8(1), []byte{1, 0, 1, 1, 255, 1, 255, 128, 255, 9, 9, 9})
	f.Fuzz(func(t *testing.T, dims uint8, data []byte) {
		k := int(dims%3) + 1
		per := 1 + 2*k
		n := min(len(data)/per, 12)
		actors := make([]spatial.Actor, n)
		for i := range actors {
			b := data[i*per : (i+1)*per]
			a := spatial.Actor{Capability: float64(b[0]) / 2, Position: make([]float64, k), Salience: make([]float64, k)}
			for d := range k {
				a.Position[d] = float64(b[1+2*d]) * 100 / 255
				a.Salience[d] = float64(b[2+2*d]) * 100 / 255 / float64(k)
			}
			actors[i] = a
		}
		tr, err := spatial.SMP(actors, spatial.SMPOptions{MaxTurns: 20})
		if err != nil {
			if !errors.Is(err, spatial.ErrSMPInput) {
				t.Fatalf("error without ErrSMPInput: %v", err)
			}
			return
		}
		if tr.Rounds() < 1 || tr.Rounds() > 20 {
			t.Fatalf("%d turns", tr.Rounds())
		}
		for r, turn := range tr.Positions {
			for a, p := range turn {
				for d, x := range p {
					if !(x >= 0 && x <= 100) {
						t.Fatalf("turn %d actor %d dim %d: position %v", r, a, d, x)
					}
				}
			}
		}
	})
}
