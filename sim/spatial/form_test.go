package spatial_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/spatial"
)

// threeActors is a small spatial scenario; %s is the method, %s the
// position of actor a on x (a number or an expression).
const threeActors = `format: 1
scenario: three
title: Three actors
parties: {a: A, b: B}
parameters:
  p: {uniform: [0, 1]}
outcomes: {high: High, low: Low}
model:
  spatial:
    method: %s
    dimensions: {x: X, y: Y}
    actors:
      a: {capability: 40, position: {x: %s, y: 80}, salience: {x: 50, y: 40}}
      b: {capability: 30, position: {x: 70, y: 20}, salience: {x: 40, y: 30}}
      c: {capability: 20, position: {x: 45, y: 55}, salience: {x: 60, y: 20}}
    outcomes:
      high: forecast.x > 50 and rounds >= 1
      low: true
`

func load(t *testing.T, src string) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Parse("three.yaml", []byte(src), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func metrics(r *sim.Result) map[string]float64 {
	m := map[string]float64{}
	for _, x := range r.Metrics {
		m[x.Party] = x.Mean
	}
	return m
}

// TestFormMatchesEngine runs a scenario whose inputs are numbers and
// checks the form's per-world numbers against the engine run directly:
// the forecast, the final positions, the rounds and the payoffs.
func TestFormMatchesEngine(t *testing.T) {
	actors := []spatial.Actor{
		{Name: "a", Capability: 40, Position: []float64{10, 80}, Salience: []float64{50, 40}},
		{Name: "b", Capability: 30, Position: []float64{70, 20}, Salience: []float64{40, 30}},
		{Name: "c", Capability: 20, Position: []float64{45, 55}, Salience: []float64{60, 20}},
	}
	for _, method := range spatial.Methods() {
		t.Run(method, func(t *testing.T) {
			r, err := sim.Run(context.Background(), load(t, fmt.Sprintf(threeActors, method, "10")), sim.Options{Iterations: 1, Seed: 1, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			in := actors
			var traj *spatial.Trajectory
			if method == "smp" {
				traj, err = spatial.SMP(in, spatial.SMPOptions{})
			} else {
				in = make([]spatial.Actor, len(actors))
				for i, a := range actors {
					in[i] = a
					in[i].Salience = []float64{a.Salience[0] / 100, a.Salience[1] / 100}
				}
				traj, err = spatial.BDM(in, spatial.BDMOptions{})
			}
			if err != nil {
				t.Fatal(err)
			}
			final := traj.Positions[traj.Rounds()]
			got := metrics(r)
			var fc spatial.Forecaster
			med := make([]float64, 2)
			for d, dim := range []string{"x", "y"} {
				m, mean := fc.Forecast(in, final, d)
				med[d] = m
				if got["forecast."+dim] != m || got["forecast_mean."+dim] != mean {
					t.Errorf("forecast on %s: %v, %v; engine %v, %v", dim, got["forecast."+dim], got["forecast_mean."+dim], m, mean)
				}
				for a, act := range actors {
					if v := got["position."+act.Name+"."+dim]; v != final[a][d] {
						t.Errorf("position of %s on %s: %v, engine %v", act.Name, dim, v, final[a][d])
					}
				}
			}
			if got["rounds"] != float64(traj.Rounds()) {
				t.Errorf("rounds %v, engine %d", got["rounds"], traj.Rounds())
			}
			// A party's payoff: salience-weighted closeness of the forecast.
			for i, act := range actors[:2] {
				s0, s1 := act.Salience[0], act.Salience[1]
				want := (s0*(1-math.Abs(med[0]-act.Position[0])/100) + s1*(1-math.Abs(med[1]-act.Position[1])/100)) / (s0 + s1)
				if p := r.Payoffs[i].Mean; math.Abs(p-want) > 1e-12 {
					t.Errorf("payoff of %s: %v, want %v", act.Name, p, want)
				}
			}
			wantHigh := 0
			if med[0] > 50 {
				wantHigh = 1
			}
			if r.Outcomes[0].Count != int64(wantHigh) {
				t.Errorf("outcome high counted %v, want %d (forecast.x %v)", r.Outcomes[0].Count, wantHigh, med[0])
			}
		})
	}
}

// TestFormWorldErrors: an input that leaves the engine's domain in some
// world stops the run with the key path of the input.
func TestFormWorldErrors(t *testing.T) {
	tests := []struct{ method, x, path, msg string }{
		{"smp", "90 + 20 * p", "model.spatial.actors.a.position.x", "off the 0–100 scale"},
		{"bdm", "log(p - 0.5)", "model.spatial.actors.a.position.x", "is NaN"},
	}
	for _, tt := range tests {
		s := load(t, fmt.Sprintf(threeActors, tt.method, tt.x))
		_, err := sim.Run(context.Background(), s, sim.Options{Iterations: 100, Seed: 1, Workers: 1})
		var we *sim.WorldError
		if !errors.As(err, &we) || we.Path != tt.path || !strings.Contains(we.Msg, tt.msg) {
			t.Fatalf("%s, position %s: error %v, want a world error at %s saying %q", tt.method, tt.x, err, tt.path, tt.msg)
		}
		if where := s.Position(we).Error(); !strings.HasPrefix(where, "three.yaml:13:") {
			t.Errorf("error %q is not placed at the position's line 13 of the file", where)
		}
	}
}

// TestFormDeterminism: the flagship's spatial version gives the same
// result for one worker, two workers and two shards merged.
func TestFormDeterminism(t *testing.T) {
	s, err := scenarios.Load("istanbul-2025-spatial", scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int, shard sim.Shard) *sim.Result {
		r, err := sim.Run(context.Background(), s, sim.Options{Iterations: 2500, Seed: 7, Workers: workers, Shard: shard})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	one, two := run(1, sim.Shard{}), run(2, sim.Shard{})
	merged, err := sim.Merge(run(1, sim.Shard{Index: 0, Count: 2}), run(2, sim.Shard{Index: 1, Count: 2}))
	if err != nil {
		t.Fatal(err)
	}
	want := summary(one)
	for name, r := range map[string]*sim.Result{"two workers": two, "two shards": merged} {
		if got := summary(r); got != want {
			t.Errorf("%s differ from one worker:\n%s\nwant\n%s", name, got, want)
		}
	}
}

func summary(r *sim.Result) string {
	return fmt.Sprintf("%d %+v\n%+v\n%+v\n%+v", r.Iterations, r.Outcomes, r.Payoffs, r.Metrics, r.Tallies)
}

// TestInlineDistribution: an input written as a distribution is a
// parameter named after the actor, the input and the dimension, sampled
// like any other and set by variants under that name.
func TestInlineDistribution(t *testing.T) {
	src := `format: 1
scenario: inline
title: Inline
parties: {a: A, b: B}
outcomes: {high: High, low: Low}
variants:
  a_high: {set: {a_position_x: 90}}
model:
  spatial:
    method: bdm
    dimensions: {x: X}
    actors:
      a: {capability: 40, position: {x: {uniform: [0, 20], doc: a guess}}, salience: {x: 50}}
      b: {capability: 30, position: {x: 70}, salience: {x: 40}}
    outcomes:
      high: position.a.x > 50
      low: true
`
	s := load(t, src)
	if len(s.Params) != 1 || s.Params[0].Name != "a_position_x" || s.Params[0].Doc != "a guess" {
		t.Fatalf("parameters %+v, want one, a_position_x, documented", s.Params)
	}
	for variant, want := range map[string]int64{"": 0, "a_high": 500} {
		sv := s
		if variant != "" {
			var err error
			if sv, err = s.WithVariant(variant); err != nil {
				t.Fatal(err)
			}
		}
		r, err := sim.Run(context.Background(), sv, sim.Options{Iterations: 500, Seed: 3, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if r.Outcomes[0].Count != want {
			t.Errorf("variant %q: %d worlds with a's final position above 50, want %d", variant, r.Outcomes[0].Count, want)
		}
	}
}
