package sim_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// slowMatrix writes an n×n coordination game with an uncertain payoff:
// it has 2^n-1 equilibria, so one world of n = 9 costs tens of
// milliseconds and one chunk of 1024 worlds many seconds.
func slowMatrix(t testing.TB, n int) string {
	t.Helper()
	var strat, rows []string
	for i := range n {
		strat = append(strat, fmt.Sprintf("s%d", i))
		var row []string
		for j := range n {
			if i == j {
				row = append(row, "1 + a")
			} else {
				row = append(row, "0")
			}
		}
		rows = append(rows, "["+strings.Join(row, ", ")+"]")
	}
	m := "[" + strings.Join(rows, ", ") + "]"
	st := "[" + strings.Join(strat, ", ") + "]"
	src := "scenario: slow\nparties: {r: R, c: C}\nparameters:\n  a: {uniform: [0, 1]}\noutcomes: {x: X}\n" +
		"model:\n  matrix:\n    strategies: {r: " + st + ", c: " + st + "}\n    bimatrix: {r: " + m + ", c: " + m + "}\n    outcomes: {x: 'true'}\n"
	f := filepath.Join(t.TempDir(), "slow.yaml")
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestCancelStopsInsideAChunk cancels a run whose chunks each take many
// seconds, shortly after it starts: the workers must abandon their chunks
// rather than finish them, and an abandoned chunk counts nowhere, not even
// in the payoff quantiles.
func TestCancelStopsInsideAChunk(t *testing.T) {
	s, err := scenarios.Load(slowMatrix(t, 9), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	r, err := sim.Run(ctx, s, sim.Options{Iterations: 4 * sim.ChunkSize, Seed: 1, Workers: 2})
	if !errors.Is(err, sim.ErrCanceled) {
		t.Fatalf("err = %v, want ErrCanceled", err)
	}
	if r == nil || !r.Partial {
		t.Fatalf("result %v not marked partial", r)
	}
	if r.Iterations != 0 {
		t.Errorf("%d worlds counted: the chunks in flight ran to their end after the cancel", r.Iterations)
	}
	st := r.State()
	for p, sk := range st.Sketches {
		n := sk.Zero.N
		for _, b := range append(sk.Pos, sk.Neg...) {
			n += b.N
		}
		if n != st.N {
			t.Errorf("party %d: the quantile sketch holds %d values, the result %d worlds", p, n, st.N)
		}
	}
}
