package game

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

func battleOfTheSexes(t *testing.T) *Strategic {
	t.Helper()
	g, err := Bimatrix([][]float64{{2, 0}, {0, 1}}, [][]float64{{1, 0}, {0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// Solve gives what each solver gives when called directly.
func TestSolveCallsTheNamedSolver(t *testing.T) {
	g := battleOfTheSexes(t)
	ctx := context.Background()
	mixed, _ := EnumMixed(g)
	lcp, _ := LemkeHowsonAllContext(ctx, g)
	limit, _ := LogitLimit(g, LogitOptions{})
	qre, _ := Logit(g, LogitOptions{Lambda: 2})
	var pure []Equilibrium
	for _, p := range EnumPure(g) {
		pure = append(pure, PureEquilibrium(g, p))
	}
	for _, tt := range []struct {
		opts SolveOptions
		want []Equilibrium
	}{
		{SolveOptions{}, mixed},
		{SolveOptions{Method: SolveEnumMixed}, mixed},
		{SolveOptions{Method: SolveEnumPure}, pure},
		{SolveOptions{Method: SolveLCP}, lcp},
		{SolveOptions{Method: SolveLogit}, []Equilibrium{limit}},
		{SolveOptions{Method: SolveLogit, Lambda: 2}, []Equilibrium{{Mixed: qre.Profile}}},
	} {
		sol, err := Solve(ctx, g, tt.opts)
		if err != nil || !sol.Complete {
			t.Fatalf("%+v: %v (complete %v)", tt.opts, err, sol.Complete)
		}
		if tt.opts.Method == "" && sol.Method != SolveEnumMixed {
			t.Errorf("default method %q, want enummixed for two players", sol.Method)
		}
		if !reflect.DeepEqual(sol.Equilibria, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.opts, sol.Equilibria, tt.want)
		}
	}
}

func TestPureEquilibriumIsExact(t *testing.T) {
	g := battleOfTheSexes(t)
	e := PureEquilibrium(g, []int{1, 1})
	if !e.IsExact() || e.String() != "0,1,0,1" {
		t.Errorf("got %v (exact %v), want 0,1,0,1 exact", e, e.IsExact())
	}
}

func TestSolveRefuses(t *testing.T) {
	g := battleOfTheSexes(t)
	three := NewStrategic(2, 2, 2)
	ctx := context.Background()
	var unknown *UnknownMethodError
	if _, err := Solve(ctx, g, SolveOptions{Method: "simplex"}); !errors.As(err, &unknown) || unknown.Method != "simplex" {
		t.Errorf("unknown method: %v", err)
	}
	if _, err := Solve(ctx, three, SolveOptions{Method: SolveLCP}); !errors.Is(err, ErrNotTwoPlayer) {
		t.Errorf("lcp on three players: %v", err)
	}
	if sol, _ := Solve(ctx, three, SolveOptions{}); sol.Method != SolveEnumPure {
		t.Errorf("default for three players: %q, want enumpure", sol.Method)
	}
	if _, err := Solve(ctx, g, SolveOptions{Method: SolveLCP, Lambda: 1}); err == nil {
		t.Error("lambda with lcp accepted")
	}
	if _, err := Solve(ctx, g, SolveOptions{Method: SolveLogit, Lambda: -1}); err == nil {
		t.Error("negative lambda accepted")
	}
}

func TestSolveStoppedIsIncomplete(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sol, err := Solve(ctx, battleOfTheSexes(t), SolveOptions{Method: SolveLCP})
	if !errors.Is(err, ErrIncomplete) || sol.Complete {
		t.Errorf("cancelled lcp: %v, complete %v", err, sol.Complete)
	}
}
