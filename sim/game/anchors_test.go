package game_test

import (
	"bufio"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios/gambit"
	"github.com/parley-dev/parley/sim/game"
)

// The anchors are Gambit's own game collection with what Gambit's solvers
// print for each (see shared/anchors/gambit/README.md); anchorDir, in
// anchorenv_test.go, finds them.

// refValue is one number of a reference line: exact when Gambit printed an
// integer or a fraction, floating point otherwise.
type refValue struct {
	rat   *big.Rat // nil when printed as a decimal
	float float64
}

// readRef reads games/NAME.TOOL.txt: one profile per "NE," line. ok is false
// when the file does not exist (the tool failed on the game).
func readRef(t testing.TB, dir, name, tool string) (ref [][]refValue, ok bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "games", name+"."+tool+".txt"))
	if os.IsNotExist(err) {
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "NE,") {
			continue
		}
		var vals []refValue
		for _, s := range strings.Split(line[3:], ",") {
			var v refValue
			if strings.ContainsAny(s, ".eE") {
				r, ok := new(big.Rat).SetString(s)
				if !ok {
					t.Fatalf("%s.%s: bad number %q", name, tool, s)
				}
				v.float, _ = r.Float64()
			} else {
				r, ok := new(big.Rat).SetString(s)
				if !ok {
					t.Fatalf("%s.%s: bad number %q", name, tool, s)
				}
				v.rat = r
				v.float, _ = r.Float64()
			}
			vals = append(vals, v)
		}
		ref = append(ref, vals)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ref, true
}

// sameProfile reports whether an equilibrium equals a reference line:
// exactly where the reference printed a fraction (the equilibrium must then
// be exact), else within tol.
func sameProfile(e game.Equilibrium, ref []refValue, tol float64) bool {
	flat := e.Mixed.Flat()
	if len(flat) != len(ref) {
		return false
	}
	var exact []*big.Rat
	if e.Exact != nil {
		for _, x := range e.Exact {
			exact = append(exact, x...)
		}
	}
	for i, r := range ref {
		if r.rat != nil && exact != nil {
			if exact[i].Cmp(r.rat) != 0 {
				return false
			}
			continue
		}
		if r.rat != nil && tol < 1e-6 {
			return false // Gambit printed a fraction: we must be exact too
		}
		if math.Abs(flat[i]-r.float) > tol {
			return false
		}
	}
	return true
}

// compareSets checks that got and want are the same set of profiles.
func compareSets(t *testing.T, what string, got []game.Equilibrium, want [][]refValue, tol float64) {
	t.Helper()
	used := make([]bool, len(got))
	missing := 0
	for _, w := range want {
		found := false
		for i, e := range got {
			if !used[i] && sameProfile(e, w, tol) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			missing++
			if missing <= 5 {
				t.Errorf("%s: Gambit's %s not found", what, formatRef(w))
			}
		}
	}
	extra := 0
	for i, u := range used {
		if !u {
			extra++
			if extra <= 5 {
				t.Errorf("%s: %s not in Gambit's output", what, got[i])
			}
		}
	}
	if missing+extra > 0 {
		t.Errorf("%s: %d found, Gambit has %d; %d missing, %d extra", what, len(got), len(want), missing, extra)
	}
}

// compareOrder checks that got lists want's profiles in want's order
// (gambit-lcp's discovery order).
func compareOrder(t *testing.T, what string, got []game.Equilibrium, want [][]refValue) {
	t.Helper()
	for i := range min(len(got), len(want)) {
		if !sameProfile(got[i], want[i], 1e-9) {
			t.Errorf("%s: equilibrium %d is %s, Gambit's is %s", what, i+1, got[i], formatRef(want[i]))
			return
		}
	}
}

func formatRef(r []refValue) string {
	s := make([]string, len(r))
	for i, v := range r {
		if v.rat != nil {
			s[i] = v.rat.RatString()
		} else {
			s[i] = big.NewFloat(v.float).Text('g', 6)
		}
	}
	return strings.Join(s, ",")
}

func readNFG(t testing.TB, path string) *game.Strategic {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gambit.ReadNFG(filepath.Base(path), f)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func readEFG(t testing.TB, path string) *game.Extensive {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e, err := gambit.ReadEFG(filepath.Base(path), f)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func pureEquilibria(g *game.Strategic) []game.Equilibrium {
	var out []game.Equilibrium
	for _, p := range game.EnumPure(g) {
		m := game.Pure(g, p)
		ex := make([][]*big.Rat, len(m))
		for i := range m {
			ex[i] = make([]*big.Rat, len(m[i]))
			for s, v := range m[i] {
				ex[i][s] = new(big.Rat).SetFloat64(v)
			}
		}
		out = append(out, game.Equilibrium{Mixed: m, Exact: ex})
	}
	return out
}

// TestAnchorsNFG compares every strategic-form game of the collection with
// Gambit's outputs.
func TestAnchorsNFG(t *testing.T) {
	dir := anchorDir(t)
	// The anchors' README says not to compare with these gambit-logit -e
	// end points: Gambit's trace stopped short of an equilibrium there (its
	// end points gain 0.21 and 0.0018 from a deviation). Our trace of 2x2x2
	// ends at the equilibrium (1/2, 1/2; 1/2, 1/2; 1, 0) instead.
	badLogit := map[string]bool{"2x2x2": true, "6x6_game_with_75_eq": true}
	files, err := filepath.Glob(filepath.Join(dir, "games", "*.nfg"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .nfg anchors: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".nfg")
		t.Run(name, func(t *testing.T) {
			g := readNFG(t, path)
			if ref, ok := readRef(t, dir, name, "enumpure"); ok {
				compareSets(t, "enumpure", pureEquilibria(g), ref, 0)
			}
			if ref, ok := readRef(t, dir, name, "logit-e"); ok && !badLogit[name] {
				q, err := game.Logit(g, game.LogitOptions{})
				if err != nil {
					t.Fatal(err)
				}
				compareSets(t, "logit-e", []game.Equilibrium{{Mixed: q.Profile}}, ref, 1e-4)
				lim, err := game.LogitLimit(g, game.LogitOptions{})
				if err != nil {
					t.Fatal(err)
				}
				compareSets(t, "logit-e (refined)", []game.Equilibrium{{Mixed: lim.Mixed}}, ref, 1e-4)
				if gain := game.MaxGain(g, lim.Mixed); gain > 1e-9 {
					t.Errorf("logit limit %s gains %g from a deviation", lim, gain)
				}
			}
			if g.NumPlayers() != 2 {
				return
			}
			if ref, ok := readRef(t, dir, name, "enummixed"); ok {
				eqs, err := game.EnumMixed(g)
				if err != nil {
					t.Fatal(err)
				}
				compareSets(t, "enummixed", eqs, ref, 1e-9)
			}
			if ref, ok := readRef(t, dir, name, "lcp"); ok {
				eqs, err := game.LemkeHowsonAll(g)
				if err != nil {
					t.Fatal(err)
				}
				compareSets(t, "lcp", eqs, ref, 1e-9)
				compareOrder(t, "lcp", eqs, ref)
				first, err := game.LemkeHowson(g, 0)
				if err != nil {
					t.Fatal(err)
				}
				if !sameProfile(first, ref[0], 1e-9) {
					t.Errorf("lcp: LemkeHowson(g, 0) = %s, gambit-lcp's first is %s", first, formatRef(ref[0]))
				}
			}
		})
	}
}

// TestAnchorsEFG traces every extensive-form game's agent logit QRE (in
// behaviour strategies, as gambit-logit -e) and solves it through its
// reduced strategic form, comparing with Gambit's -S outputs, with
// gambit-enummixed (which works on the reduced strategic form) and with
// gambit-enumpure's behaviour profiles (pure reduced strategies written as
// behaviour, zero at the information sets the player's own moves exclude).
func TestAnchorsEFG(t *testing.T) {
	dir := anchorDir(t)
	// The largest trees: cs's agent logit trace (104 actions) and 4cards'
	// reduced strategic form take seconds.
	slow := map[string]bool{"cs": true, "4cards": true}
	files, err := filepath.Glob(filepath.Join(dir, "games", "*.efg"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .efg anchors: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".efg")
		t.Run(name, func(t *testing.T) {
			if slow[name] && (testing.Short() || raceEnabled) {
				t.Skip("slow (seconds); skipped in -short mode and under the race detector")
			}
			e := readEFG(t, path)
			if ref, ok := readRef(t, dir, name, "logit-e"); ok && len(ref) > 0 && name != "w_ex2" {
				// w_ex2 is left out: its game is symmetric between the
				// players' roles and the agent QRE path has a bifurcation
				// near λ = 1.07, where gambit-logit's trace left the
				// symmetric branch for an asymmetric one (player 1 gets
				// its way everywhere); which branch a trace takes there
				// depends on rounding, not on the game.
				q, err := game.LogitBehavior(e, game.LogitOptions{})
				if err != nil {
					t.Fatal(err)
				}
				compareSets(t, "logit-e", []game.Equilibrium{{Mixed: q.Profile}}, ref, 1e-4)
			}
			needed := false
			for _, tool := range []string{"enumpure-S", "enumpure", "enummixed", "lcp-S"} {
				if _, ok := readRef(t, dir, name, tool); ok {
					needed = true
				}
			}
			if !needed {
				t.Skipf("no reference output solved through the strategic form")
			}
			g, err := e.Reduced()
			if err != nil {
				t.Fatal(err)
			}
			if ref, ok := readRef(t, dir, name, "enumpure-S"); ok {
				compareSets(t, "enumpure-S", pureEquilibria(g), ref, 0)
			}
			if ref, ok := readRef(t, dir, name, "enumpure"); ok {
				compareSets(t, "enumpure", pureBehavior(e, g), ref, 0)
			}
			if g.NumPlayers() != 2 {
				return
			}
			if ref, ok := readRef(t, dir, name, "enummixed"); ok {
				eqs, err := game.EnumMixed(g)
				if err != nil {
					t.Fatal(err)
				}
				compareSets(t, "enummixed", eqs, ref, 1e-9)
			}
			if ref, ok := readRef(t, dir, name, "lcp-S"); ok {
				eqs, err := game.LemkeHowsonAll(g)
				if err != nil {
					t.Fatal(err)
				}
				compareSets(t, "lcp-S", eqs, ref, 1e-9)
			}
		})
	}
}

// pureBehavior returns the pure equilibria of the reduced form g of e as
// behaviour profiles.
func pureBehavior(e *game.Extensive, g *game.Strategic) []game.Equilibrium {
	var out []game.Equilibrium
	plans := make([][][]int, len(e.Players))
	for p := range e.Players {
		plans[p] = e.ReducedStrategies(p)
	}
	for _, prof := range game.EnumPure(g) {
		var m game.Mixed
		var ex [][]*big.Rat
		for p, s := range prof {
			var row []float64
			for i, a := range plans[p][s] {
				acts := make([]float64, len(e.Infosets(p)[i].Actions))
				if a >= 0 {
					acts[a] = 1
				}
				row = append(row, acts...)
			}
			m = append(m, row)
			r := make([]*big.Rat, len(row))
			for i, v := range row {
				r[i] = new(big.Rat).SetFloat64(v)
			}
			ex = append(ex, r)
		}
		out = append(out, game.Equilibrium{Mixed: m, Exact: ex})
	}
	return out
}
