package spatial

import (
	"fmt"
	"testing"

	"github.com/parley-dev/parley/sim/model"
)

// compileForTest compiles a spatial model of n actors on k dimensions,
// every input a number (seeded pseudo-random), with every actor a party,
// and returns the form and a world ready for its solver.
func compileForTest(tb testing.TB, method string, n, k int) (*form, *model.World) {
	tb.Helper()
	spec := &Spec{Method: method, Outcomes: []model.OutcomeRule{{Outcome: "hi", If: "forecast.d0 > 50"}, {Outcome: "lo"}}}
	for d := range k {
		spec.Dimensions = append(spec.Dimensions, DimensionSpec{ID: fmt.Sprintf("d%d", d)})
	}
	env := &model.Env{
		Outcomes:     []model.Outcome{{ID: "hi"}, {ID: "lo"}},
		PartyIndex:   map[string]int{},
		OutcomeIndex: map[string]int{"hi": 0, "lo": 1},
		Lookup:       func(string) (int, bool) { return 0, false },
		Names:        func() []string { return nil },
		Problems:     &model.Problems{},
	}
	seed := uint64(7)
	next := func() float64 { seed = model.Mix(seed); return float64(seed>>11) * 0x1p-53 }
	for a := range n {
		id := fmt.Sprintf("a%d", a)
		env.PartyIndex[id] = a
		env.Parties = append(env.Parties, model.Party{ID: id})
		as := ActorSpec{ID: id, Capability: fmt.Sprint(1 + 99*next())}
		for d := range k {
			dim := fmt.Sprintf("d%d", d)
			as.Position = append(as.Position, model.NamedExpr{Name: dim, Expr: fmt.Sprintf("%.2f", 100*next())})
			as.Salience = append(as.Salience, model.NamedExpr{Name: dim, Expr: fmt.Sprintf("%.2f", (1+98*next())/float64(k))})
		}
		spec.Actors = append(spec.Actors, as)
	}
	f := Compile(spec, env).(*form)
	if err := env.Problems.Err(); err != nil {
		tb.Fatal(err)
	}
	w := &model.World{X: make([]float64, f.Slots()), Payoff: make([]float64, n+len(f.Metrics())), Picks: []int{-1, -1}, Flags: [][]bool{make([]bool, n), nil}}
	return f, w
}

// TestSolveAllocatesNothing: once its workspace is grown, a solver
// allocates nothing per world, with either method.
func TestSolveAllocatesNothing(t *testing.T) {
	for _, method := range Methods() {
		f, w := compileForTest(t, method, 13, 2)
		s := f.NewSolver(nil)
		if err := s.Solve(w); err != nil {
			t.Fatal(err)
		}
		if allocs := testing.AllocsPerRun(20, func() {
			if err := s.Solve(w); err != nil {
				t.Fatal(err)
			}
		}); allocs != 0 {
			t.Errorf("%s: %v allocations per world, want 0", method, allocs)
		}
	}
}

// BenchmarkFormWorld is one world of the form: inputs evaluated and
// checked, the method run, forecast, payoffs and tallies written.
func BenchmarkFormWorld(b *testing.B) {
	for _, tc := range []struct {
		method string
		n, k   int
	}{{"smp", 13, 2}, {"bdm", 13, 2}, {"smp", 10, 3}, {"bdm", 10, 3}} {
		b.Run(fmt.Sprintf("%s/%dx%d", tc.method, tc.n, tc.k), func(b *testing.B) {
			f, w := compileForTest(b, tc.method, tc.n, tc.k)
			s := f.NewSolver(nil)
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Solve(w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
