package sim_test

import (
	"context"
	"errors"
	"testing"

	"github.com/parley-dev/parley/sim"
)

// TestCancelReturnsAMarkedPartialResult cancels a long run from its
// progress callback: the result must say it is partial and count only the
// worlds finished, never silently fewer than asked.
func TestCancelReturnsAMarkedPartialResult(t *testing.T) {
	s := loadFlagship(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opt := sim.Options{Iterations: 50_000_000, Seed: 1, Workers: 2, Progress: func(done, total int64) {
		if done >= 20*sim.ChunkSize {
			cancel()
		}
	}}
	r, err := sim.Run(ctx, s, opt)
	if !errors.Is(err, sim.ErrCanceled) {
		t.Fatalf("err = %v, want ErrCanceled", err)
	}
	if r == nil || !r.Partial {
		t.Fatalf("result %v not marked partial", r)
	}
	if r.Iterations < 20*sim.ChunkSize || r.Iterations >= r.Requested {
		t.Errorf("partial result counts %d of %d worlds", r.Iterations, r.Requested)
	}
	var sum int64
	for _, o := range r.Outcomes {
		sum += o.Count
	}
	if sum != r.Iterations {
		t.Errorf("outcome counts sum to %d, iterations %d", sum, r.Iterations)
	}
}
