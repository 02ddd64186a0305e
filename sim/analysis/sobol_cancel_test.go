package analysis

import (
	"context"
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/tree"
)

func sobolScenario(t *testing.T) *sim.Scenario {
	t.Helper()
	u := sim.DistSpec{Kind: "uniform", Args: []float64{0, 1}}
	s, err := sim.Compile(&sim.Spec{
		ID: "sobol-cancel", Parties: []sim.PartySpec{{ID: "p"}}, Outcomes: []sim.OutcomeSpec{{ID: "o"}},
		Params: []sim.ParamSpec{{Name: "x1", Dist: u}, {Name: "x2", Dist: u}},
		Model:  sim.ModelSpec{Tree: &tree.NodeSpec{Outcome: "o", Payoff: []model.PayoffSpec{{Party: "p", Expr: "x1 + 2 * x2 * x1"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSobolEveryWorkerStops cancels once each of two workers has finished
// 10 rows: both must stop after their current row (before the fix only
// worker 0 looked at the context, so worker 1 ran all its rows), and the
// result over the 20 finished base samples comes back marked partial,
// without intervals.
func TestSobolEveryWorkerStops(t *testing.T) {
	s := sobolScenario(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const workers, each = 2, 10
	var rows atomic.Int64
	var perWorker [workers]atomic.Int64
	var barrier sync.WaitGroup
	barrier.Add(workers)
	var once sync.Once
	o := SobolOptions{Party: "p", N: 20000, Seed: 1, Workers: workers}
	o.afterRow = func(r int) {
		rows.Add(1)
		if perWorker[r%workers].Add(1) == each {
			barrier.Done()
			barrier.Wait() // both workers have finished exactly `each` rows
			once.Do(cancel)
		}
	}
	res, err := Sobol(ctx, s, o)
	if !errors.Is(err, sim.ErrCanceled) {
		t.Fatalf("error %v, want sim.ErrCanceled", err)
	}
	if got := rows.Load(); got != workers*each {
		t.Errorf("%d rows solved, want %d: a worker went on after the cancel", got, workers*each)
	}
	if res == nil {
		t.Fatal("no partial result")
	}
	if !res.Partial || res.Iterations != workers*each || res.Requested != 20000 || res.Resamples != 0 {
		t.Errorf("partial %v, %d of %d base samples, %d resamples; want partial, 20 of 20000, 0", res.Partial, res.Iterations, res.Requested, res.Resamples)
	}
	for _, ix := range res.Indices {
		if !math.IsNaN(ix.FirstLo) || math.IsNaN(ix.First) {
			t.Errorf("%s: %+v: want estimates without intervals", ix.Param, ix)
		}
	}
}

func TestSobolPreCanceled(t *testing.T) {
	s := sobolScenario(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var rows atomic.Int64
	o := SobolOptions{Party: "p", N: 5000, Workers: 2}
	o.afterRow = func(int) { rows.Add(1) }
	res, err := Sobol(ctx, s, o)
	if res != nil || !errors.Is(err, sim.ErrCanceled) || rows.Load() != 0 {
		t.Errorf("result %v, error %v, %d rows; want none, sim.ErrCanceled, 0", res, err, rows.Load())
	}
}

// TestSobolMemoryLimit: a base sample size whose values exceed the limit
// is refused before anything is allocated, with the figure and the
// largest size that fits.
func TestSobolMemoryLimit(t *testing.T) {
	s := sobolScenario(t)
	_, err := Sobol(context.Background(), s, SobolOptions{Party: "p", N: 100_000_000})
	var me *SobolMemoryError
	if !errors.As(err, &me) {
		t.Fatalf("error %v, want a SobolMemoryError", err)
	}
	// 2 parameters: 4 evaluations of 8 bytes per base sample.
	if me.Need != 3.2e9 || me.Limit != SobolMaxMemory || me.MaxN != SobolMaxMemory/32 {
		t.Errorf("%+v", me)
	}
	if _, err := Sobol(context.Background(), s, SobolOptions{Party: "p", N: 1000, MaxMemory: 32 * 999}); !errors.As(err, &me) {
		t.Errorf("1000 base samples over a 999-sample limit: %v", err)
	}
	if _, err := Sobol(context.Background(), s, SobolOptions{Party: "p", N: 1000, MaxMemory: 32 * 1000, Bootstrap: 10}); err != nil {
		t.Errorf("1000 base samples at the limit: %v", err)
	}
}

func TestSobolBootstrapBounds(t *testing.T) {
	s := sobolScenario(t)
	for _, b := range []int{-1, MaxBootstrap + 1, 1_000_000_000} {
		if _, err := Sobol(context.Background(), s, SobolOptions{Party: "p", N: 100, Bootstrap: b}); err == nil {
			t.Errorf("bootstrap %d accepted", b)
		}
	}
}
