package game_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/parley-dev/parley/sim/game"
)

// wideTree builds a two-player tree in which chance picks one of k
// situations; in each, player 1 moves at a set of its own (two actions) and
// player 2, not seeing that move, at one of its own: each player has 2^k
// reduced strategies and the reduced form 4^k profiles, from a tree of
// 7k+1 nodes.
func wideTree(k int) *game.Extensive {
	probs := make([]float64, k)
	acts := make([]string, k)
	for i := range probs {
		probs[i] = 1 / float64(k)
		acts[i] = "c"
	}
	probs[k-1] = 1 - float64(k-1)/float64(k)
	root := &game.Node{Infoset: &game.Infoset{Player: game.Chance, Actions: acts, Probs: probs}}
	for i := range k {
		s1 := &game.Infoset{Player: 0, Label: "a" + itoa(i), Actions: []string{"L", "R"}}
		s2 := &game.Infoset{Player: 1, Label: "b" + itoa(i), Actions: []string{"l", "r"}}
		n1 := &game.Node{Infoset: s1}
		for a := range 2 {
			n2 := &game.Node{Infoset: s2}
			for b := range 2 {
				n2.Children = append(n2.Children, &game.Node{Outcome: &game.Outcome{Payoffs: []float64{float64(a + b), float64(a * b)}}})
			}
			n1.Children = append(n1.Children, n2)
		}
		root.Children = append(root.Children, n1)
	}
	return &game.Extensive{Players: []string{"1", "2"}, Root: root}
}

func itoa(i int) string { return string(rune('a'+i/26)) + string(rune('a'+i%26)) }

// TestReducedSizeCounts checks the counting of ReducedSize, which never
// enumerates a perfect-recall player's strategies, against the enumeration,
// on every Gambit anchor (imperfect recall included) and on generated trees.
func TestReducedSizeCounts(t *testing.T) {
	var games []*game.Extensive
	if files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "anchors", "gambit", "games", "*.efg")); len(files) > 0 {
		for _, f := range files {
			games = append(games, readEFG(t, f))
		}
	}
	for k := 1; k <= 6; k++ {
		games = append(games, wideTree(k))
	}
	for i, e := range games {
		counts, profiles, exact := e.ReducedSize()
		if !exact {
			t.Errorf("game %d: count not exact", i)
		}
		want := uint64(1)
		for p := range e.Players {
			n := uint64(len(e.ReducedStrategies(p)))
			if counts[p] != n {
				t.Errorf("game %d (%s) player %d: ReducedSize counts %d, enumeration %d", i, e.Title, p+1, counts[p], n)
			}
			want *= n
		}
		if profiles != want {
			t.Errorf("game %d: %d profiles, want %d", i, profiles, want)
		}
	}
}

// TestReducedRefusesLargeForms: 2^11 reduced strategies each (4,194,304
// profiles) from a tree of 78 nodes, and 2^40 each from 281 nodes, are
// refused before anything is built, naming the size and the limit.
func TestReducedRefusesLargeForms(t *testing.T) {
	for _, tt := range []struct {
		k    int
		want string
	}{
		{11, "4194304 strategy profiles (reduced strategies per player: 2048 × 2048); the limit is 1000000 profiles"},
		{40, "more than 2^62 strategy profiles (reduced strategies per player: 1099511627776 × 1099511627776)"},
	} {
		_, err := wideTree(tt.k).Reduced()
		if !errors.Is(err, game.ErrReducedTooLarge) {
			t.Fatalf("k=%d: err = %v, want ErrReducedTooLarge", tt.k, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("k=%d: %v\nwant it to contain %q", tt.k, err, tt.want)
		}
	}
	// Just inside the limit (2^9 × 2^9 = 262144 profiles) it builds.
	g, err := wideTree(9).Reduced()
	if err != nil {
		t.Fatal(err)
	}
	if g.NumProfiles() != 1<<18 {
		t.Errorf("%d profiles", g.NumProfiles())
	}
}

func randomBimatrix(seed uint64, m, n, top int) *game.Strategic {
	rng := rand.New(rand.NewPCG(seed, 7))
	g := game.NewStrategic(m, n)
	for i := range g.Payoffs() {
		g.Payoffs()[i] = float64(rng.IntN(top + 1))
	}
	return g
}

// TestEnumMixedStops: a search stopped by its context, before it starts or
// at once, or by its bound on bases returns only genuine equilibria (a
// subset of the full list when the bound stops it) with ErrIncomplete; a
// search left to finish returns exactly EnumMixed's list.
func TestEnumMixedStops(t *testing.T) {
	big := randomBimatrix(1, 30, 30, 99)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	eqs, err := game.EnumMixedContext(ctx, big, game.EnumMixedOptions{})
	if !errors.Is(err, game.ErrIncomplete) || !errors.Is(err, context.Canceled) {
		t.Fatalf("pre-cancelled 30×30: err = %v", err)
	}
	for _, e := range eqs {
		if gain := game.MaxGain(big, e.Mixed); gain > 1e-9 {
			t.Errorf("partial %s gains %g", e, gain)
		}
	}
	ctx, cancel = context.WithCancel(context.Background())
	calls := 0
	_, err = game.EnumMixedContext(ctx, big, game.EnumMixedOptions{Progress: func(p game.EnumMixedProgress) {
		if calls++; calls == 1 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled from its progress callback: err = %v", err)
	}

	g := randomBimatrix(2, 9, 9, 9)
	full, err := game.EnumMixed(g)
	if err != nil {
		t.Fatal(err)
	}
	again, err := game.EnumMixedContext(context.Background(), g, game.EnumMixedOptions{Progress: func(game.EnumMixedProgress) {}})
	if err != nil || len(again) != len(full) {
		t.Fatalf("left to finish: %d equilibria (%v), EnumMixed %d", len(again), err, len(full))
	}
	for i := range full {
		if again[i].String() != full[i].String() {
			t.Fatalf("equilibrium %d: %s, EnumMixed %s", i, again[i], full[i])
		}
	}
	part, err := game.EnumMixedContext(context.Background(), g, game.EnumMixedOptions{MaxBases: 200})
	if !errors.Is(err, game.ErrIncomplete) || !strings.Contains(err.Error(), "past its limit of 200") {
		t.Fatalf("bounded: err = %v", err)
	}
	var limit *game.BasesLimitError
	if !errors.As(err, &limit) || limit.Limit != 200 || limit.Held <= 200 {
		t.Errorf("bounded: err = %v, want a BasesLimitError past 200", err)
	}
	if len(part) >= len(full) {
		t.Errorf("bounded search found %d of %d", len(part), len(full))
	}
	for _, e := range part {
		if indexOfEq(full, e, 1e-12) < 0 {
			t.Errorf("bounded search's %s is not among the %d", e, len(full))
		}
	}
}

func TestEnumMixedBound(t *testing.T) {
	for _, tt := range []struct {
		m, n int
		want float64
	}{
		{2, 2, 8},  // two quadrilaterals
		{3, 3, 16}, // two 3-polytopes with 6 facets: cubes
		{2, 3, 11}, // a pentagon (5 facets in the plane) and a 3-polytope with 5 facets (6)
		{15, 15, 682176},
	} {
		if got := game.EnumMixedBound(tt.m, tt.n); got != tt.want {
			t.Errorf("%d×%d: %g, want %g", tt.m, tt.n, got, tt.want)
		}
	}
}

// TestLogitLimitDegenerate: on random games with integer payoffs 0–9 (ties
// everywhere, so degenerate), 2×2 up to 8×8, LogitLimit always returns an
// equilibrium (regret at most 1e-6 for every player) and names the method
// that produced it. Before the fix the trace stopped with "step size
// underflow" or "no convergence" on seeds 125, 144 and 228 (Newton's
// corrections stalled on rounding noise at large λ) and the end point was
// returned unrefined.
func TestLogitLimitDegenerate(t *testing.T) {
	seeds := 400
	if testing.Short() {
		seeds = 100
	}
	methods := map[string]int{}
	for seed := range uint64(seeds) {
		m, n := 2+int(seed%7), 2+int(seed/7%7)
		g := randomBimatrix(seed, m, n, 9)
		e, err := game.LogitLimit(g, game.LogitOptions{})
		if err != nil {
			t.Errorf("seed %d (%d×%d): %v", seed, m, n, err)
			continue
		}
		for p, r := range game.Regrets(g, e.Mixed) {
			if r > 1e-6 {
				t.Errorf("seed %d (%d×%d): player %d regrets %g at %s (%s)", seed, m, n, p+1, r, e, e.Method)
			}
		}
		if e.Method == "" || (e.Method != game.MethodLogit) != (e.Note != "") {
			t.Errorf("seed %d: method %q, note %q", seed, e.Method, e.Note)
		}
		methods[e.Method]++
	}
	t.Logf("methods: %v", methods)
}

// TestLogitLimitFallbacks: a trace cut short is refined where its last
// point refines to an equilibrium, else replaced by the nearest enumerated
// equilibrium, and the result says which.
func TestLogitLimitFallbacks(t *testing.T) {
	// Matching pennies: two steps from the centroid, the point still
	// refines to the only equilibrium.
	mp, _ := game.Bimatrix([][]float64{{1, -1}, {-1, 1}}, [][]float64{{-1, 1}, {1, -1}})
	e, err := game.LogitLimit(mp, game.LogitOptions{MaxSteps: 2})
	if err != nil || e.Method != game.MethodLogitStopped || !strings.Contains(e.Note, "no convergence in 2 steps") || e.String() != "1/2,1/2,1/2,1/2" {
		t.Errorf("matching pennies: %s, %q, %q, %v", e, e.Method, e.Note, err)
	}
	// Prisoners' dilemma: two steps in, both strategies are still played,
	// which no equilibrium does; the nearest (the only) one is taken.
	pd, _ := game.Bimatrix([][]float64{{3, 0}, {5, 1}}, [][]float64{{3, 5}, {0, 1}})
	e, err = game.LogitLimit(pd, game.LogitOptions{MaxSteps: 2})
	if err != nil || e.Method != game.MethodNearestEnumMixed || !strings.Contains(e.Note, "logit tracing failed (no convergence in 2 steps") || e.String() != "0,1,0,1" {
		t.Errorf("prisoners' dilemma: %s, %q, %q, %v", e, e.Method, e.Note, err)
	}
	// Three players: the pure equilibrium (all play 1) nearest the point.
	g := game.NewStrategic(2, 2, 2)
	for k := range g.NumProfiles() {
		prof := g.Profile(k, nil)
		for p := range 3 {
			if prof[p] == 0 {
				g.SetPayoffAt(k, p, 2)
			}
		}
	}
	e, err = game.LogitLimit(g, game.LogitOptions{MaxSteps: 2})
	if err != nil || e.Method != game.MethodNearestPure || e.String() != "1,0,1,0,1,0" {
		t.Errorf("three players: %s, %q, %q, %v", e, e.Method, e.Note, err)
	}
	// A symmetric 7×7 game with payoffs 0–9 whose trace underflows at
	// λ ≈ 1388, near a bifurcation; its last point refines.
	sym := randomBimatrix(873, 7, 7, 9)
	for i := range 7 {
		for j := range 7 {
			sym.SetPayoff([]int{i, j}, 1, sym.Payoff([]int{j, i}, 0))
		}
	}
	e, err = game.LogitLimit(sym, game.LogitOptions{})
	if err != nil || game.MaxGain(sym, e.Mixed) > 1e-9 || e.Method == game.MethodLogit {
		t.Errorf("symmetric 7×7: %s, %q, %q, %v", e, e.Method, e.Note, err)
	}
}

// TestPropLogitLimitDegenerate: on random games with small integer payoffs
// (ties common), two or three players, LogitLimit answers with an
// equilibrium within LogitTolerance of the payoff range, or — three players
// only, where the fallback knows only pure equilibria — with an error.
func TestPropLogitLimitDegenerate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		players := rapid.IntRange(2, 3).Draw(t, "players")
		dims := make([]int, players)
		for p := range dims {
			dims[p] = rapid.IntRange(2, 8-3*(players-2)).Draw(t, "dim")
		}
		g := game.NewStrategic(dims...)
		top := rapid.IntRange(1, 9).Draw(t, "top")
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range g.Payoffs() {
			v := float64(rapid.IntRange(0, top).Draw(t, "payoff"))
			g.Payoffs()[i] = v
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		e, err := game.LogitLimit(g, game.LogitOptions{})
		if err != nil {
			if players == 2 || len(game.EnumPure(g)) > 0 {
				t.Fatalf("%v", err)
			}
			return
		}
		if gain := game.MaxGain(g, e.Mixed); gain > game.LogitTolerance*math.Max(hi-lo, 1) {
			t.Fatalf("%s (%s) gains %g", e, e.Method, gain)
		}
	})
}

// TestLogitLimitDegenerateRefinement: two trace ends that the refinement
// used to miss, so that LogitLimit fell back to the nearest enumerated
// equilibrium though the trace had found one. In the 3×3 game the trace
// ends inside a continuum of equilibria, at (1/2, 1/2, 0; 1/5, 3/5, 1/5)
// (enummixed offers only its end points (0, 1/2, 1/2) and (1/3, 2/3, 0));
// the least-norm refinement stays there. In the 3×2×3 game player 1 is at
// the limit indifferent to a strategy it does not play, a tie that pins
// player 2's mixture; the nearest pure equilibrium was far from the trace.
func TestLogitLimitDegenerateRefinement(t *testing.T) {
	g := randomBimatrix(4075, 3, 3, 3)
	e, err := game.LogitLimit(g, game.LogitOptions{})
	if err != nil || e.Method != game.MethodLogit {
		t.Fatalf("3×3: %s by %q (%s), %v", e, e.Method, e.Note, err)
	}
	want := []float64{0.5, 0.5, 0, 0.2, 0.6, 0.2}
	for i, v := range e.Mixed.Flat() {
		if math.Abs(v-want[i]) > 1e-6 {
			t.Errorf("3×3: %s, want %v", e, want)
			break
		}
	}
	rng := rand.New(rand.NewPCG(1504, 9))
	g = game.NewStrategic(3, 2, 3)
	for i := range g.Payoffs() {
		g.Payoffs()[i] = float64(rng.IntN(3))
	}
	e, err = game.LogitLimit(g, game.LogitOptions{})
	if err != nil || e.Method != game.MethodLogit || game.MaxGain(g, e.Mixed) > 2e-7 {
		t.Fatalf("3×2×3: %s by %q (%s), %v", e, e.Method, e.Note, err)
	}
	if e.Mixed[0][0] < 0.99 || e.Mixed[2][2] < 0.99 {
		t.Errorf("3×2×3: %s is not where the trace ended (player 1 on 1, player 3 on 3)", e)
	}
}
