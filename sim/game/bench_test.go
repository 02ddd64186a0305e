package game_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/game"
)

// gambitTiming is one row of the anchors' timing/timing.tsv.
type gambitTiming struct {
	game, tool string
	rc         int
	wall       float64 // seconds; 0 when Gambit was stopped
	numNE      int
}

func readTimings(tb testing.TB) []gambitTiming {
	tb.Helper()
	f, err := os.Open(filepath.Join(anchorDir(tb), "timing", "timing.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []gambitTiming
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 8 || c[0] == "game" {
			continue
		}
		rc, _ := strconv.Atoi(c[4])
		wall, _ := strconv.ParseFloat(c[5], 64)
		n, _ := strconv.Atoi(c[7])
		out = append(out, gambitTiming{game: c[0], tool: c[2], rc: rc, wall: wall, numNE: n})
	}
	return out
}

func timingGame(tb testing.TB, name string) *game.Strategic {
	tb.Helper()
	path := filepath.Join(anchorDir(tb), "timing", name)
	if _, err := os.Stat(path); err != nil {
		path = filepath.Join(anchorDir(tb), "games", name)
	}
	return readNFG(tb, path)
}

// TestTimingGames checks the number of equilibria on the random timing
// games against what Gambit printed where it finished: enummixed's for
// EnumMixed, lcp's for LemkeHowsonAll. The 15×15 games, where Gambit's
// exact enummixed was stopped after 300 s, take EnumMixed about a second
// each and are skipped in -short mode; there every equilibrium must check
// exactly.
func TestTimingGames(t *testing.T) {
	for _, r := range readTimings(t) {
		if r.rc != 0 || (r.tool != "enummixed" && r.tool != "lcp") {
			continue
		}
		t.Run(r.game+"/"+r.tool, func(t *testing.T) {
			g := timingGame(t, r.game)
			var eqs []game.Equilibrium
			var err error
			if r.tool == "lcp" {
				eqs, err = game.LemkeHowsonAll(g)
			} else {
				eqs, err = game.EnumMixed(g)
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(eqs) != r.numNE {
				t.Errorf("%d equilibria, Gambit's %s printed %d", len(eqs), r.tool, r.numNE)
			}
		})
	}
	if testing.Short() || raceEnabled {
		t.Skip("15×15 vertex enumeration skipped in -short mode and under the race detector")
	}
	for s := 1; s <= 3; s++ {
		name := fmt.Sprintf("rand_15x15_s%d.nfg", s)
		g := timingGame(t, name)
		eqs, err := game.EnumMixed(g)
		if err != nil {
			t.Fatal(err)
		}
		if len(eqs)%2 != 1 {
			t.Errorf("%s: %d equilibria in a generic game", name, len(eqs))
		}
		for _, e := range eqs {
			if !e.IsExact() {
				t.Errorf("%s: %s not verified exactly", name, e)
			}
		}
		lcp, err := game.LemkeHowsonAll(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range lcp {
			if indexOfEq(eqs, e, 1e-12) < 0 {
				t.Errorf("%s: Lemke–Howson's %s not among EnumMixed's", name, e)
			}
		}
	}
}

// gambitWall returns Gambit's wall time for a game and tool, for
// ReportMetric; -1 when it was stopped or is missing.
func gambitWall(rows []gambitTiming, name, tool string) float64 {
	for _, r := range rows {
		if r.game == name && r.tool == tool {
			if r.rc != 0 {
				return -1
			}
			return r.wall
		}
	}
	return -1
}

func BenchmarkEnumMixed(b *testing.B) {
	rows := readTimings(b)
	for _, size := range []string{"10x10", "15x15"} {
		for s := 1; s <= 3; s++ {
			name := fmt.Sprintf("rand_%s_s%d.nfg", size, s)
			g := timingGame(b, name)
			b.Run(fmt.Sprintf("%s/s%d", size, s), func(b *testing.B) {
				for b.Loop() {
					if _, err := game.EnumMixed(g); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(gambitWall(rows, name, "enummixed"), "gambit-s")
				b.ReportMetric(gambitWall(rows, name, "enummixed-d10"), "gambit-float-s")
			})
		}
	}
}

// BenchmarkLemkeHowson times LemkeHowsonAll, gambit-lcp's task (every
// equilibrium its paths reach, exact output), and the single path from
// label 0 (gambit-lcp -e 1).
func BenchmarkLemkeHowson(b *testing.B) {
	rows := readTimings(b)
	for _, size := range []string{"10x10", "15x15", "20x20", "30x30"} {
		for s := 1; s <= 3; s++ {
			name := fmt.Sprintf("rand_%s_s%d.nfg", size, s)
			g := timingGame(b, name)
			// On 30×30 games thousands of equilibria are reachable (2817
			// in s1), seconds per run: only the first path is timed.
			if size != "30x30" {
				b.Run(fmt.Sprintf("all/%s/s%d", size, s), func(b *testing.B) {
					for b.Loop() {
						if _, err := game.LemkeHowsonAll(g); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(gambitWall(rows, name, "lcp"), "gambit-s")
				})
			}
			b.Run(fmt.Sprintf("first/%s/s%d", size, s), func(b *testing.B) {
				for b.Loop() {
					if _, err := game.LemkeHowson(g, 0); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(gambitWall(rows, name, "lcp-e1"), "gambit-s")
			})
		}
	}
}

func randomGame(rng *rand.Rand, dims ...int) *game.Strategic {
	g := game.NewStrategic(dims...)
	for i := range g.Payoffs() {
		g.Payoffs()[i] = float64(rng.IntN(10))
	}
	return g
}

// The Monte Carlo fast paths: one small game per sampled world, no
// allocation once the workspace is warm.
func BenchmarkEnumPureInto(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, dims := range [][]int{{2, 2}, {3, 3}, {4, 4}, {3, 3, 3}} {
		g := randomGame(rng, dims...)
		b.Run(fmt.Sprint(dims), func(b *testing.B) {
			var ws game.Workspace
			dst := make([]int, 0, 64)
			b.ReportAllocs()
			for b.Loop() {
				dst = game.EnumPureInto(&ws, g, dst[:0])
			}
		})
	}
}

func BenchmarkEnumMixedInto(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{2, 3, 4} {
		g := randomGame(rng, n, n)
		b.Run(fmt.Sprintf("%dx%d", n, n), func(b *testing.B) {
			var ws game.Workspace
			dst := make([]float64, 0, 256)
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if dst, err = game.EnumMixedInto(&ws, g, dst[:0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestFastPathsDoNotAllocate(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	var ws game.Workspace
	pure := make([]int, 0, 64)
	mixed := make([]float64, 0, 1024)
	for _, n := range []int{2, 3, 4} {
		g := randomGame(rng, n, n)
		pure = game.EnumPureInto(&ws, g, pure[:0]) // warm up
		mixed, _ = game.EnumMixedInto(&ws, g, mixed[:0])
		allocs := testing.AllocsPerRun(50, func() {
			pure = game.EnumPureInto(&ws, g, pure[:0])
			mixed, _ = game.EnumMixedInto(&ws, g, mixed[:0])
		})
		if allocs != 0 {
			t.Errorf("%dx%d: %g allocations per run", n, n, allocs)
		}
	}
}

func BenchmarkLogit(b *testing.B) {
	for _, name := range []string{"2x2.nfg", "8x8.nfg", "5x4x3.nfg", "2x2x2x2x2.nfg"} {
		g := timingGame(b, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := game.Logit(g, game.LogitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWorld2x2Logit: one sampled world of a 2×2 game with uncertain
// payoffs (a stag hunt, each payoff ± 0.4: three equilibria in every
// world) under the default logit selection, as the Monte Carlo loop runs
// it: every extreme equilibrium, then, where there are several, the logit
// limit, traced by LogitLimit before issue 16 and in closed form by
// LogitLimitInto after.
func BenchmarkWorld2x2Logit(b *testing.B) {
	for _, bb := range []struct {
		name   string
		closed bool
	}{{"tracer", false}, {"closed", true}} {
		b.Run(bb.name, func(b *testing.B) {
			g := game.NewStrategic(2, 2)
			rng := rand.New(rand.NewPCG(2, 2))
			var ws game.Workspace
			sel := game.Mixed{{0, 0}, {0, 0}}
			mixed := make([]float64, 0, 64)
			b.ReportAllocs()
			for b.Loop() {
				stagHunt(g, rng)
				var err error
				if mixed, err = game.EnumMixedInto(&ws, g, mixed[:0]); err != nil {
					b.Fatal(err)
				}
				if len(mixed) == 4 {
					continue
				}
				if bb.closed {
					_, err = game.LogitLimitInto(&ws, g, sel)
				} else {
					var e game.Equilibrium
					e, err = game.LogitLimit(g, game.LogitOptions{})
					copy(sel[0], e.Mixed[0])
					copy(sel[1], e.Mixed[1])
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEnumMixed20x20: every extreme equilibrium of the 20×20 timing
// games, exact, as parley solve --method enummixed finds them (seconds a
// game: run with -benchtime 1x).
func BenchmarkEnumMixed20x20(b *testing.B) {
	for s := 1; s <= 3; s++ {
		name := fmt.Sprintf("rand_20x20_s%d.nfg", s)
		g := timingGame(b, name)
		b.Run(fmt.Sprintf("s%d", s), func(b *testing.B) {
			for b.Loop() {
				eqs, err := game.EnumMixed(g)
				if err != nil {
					b.Fatal(err)
				}
				for _, e := range eqs {
					if !e.IsExact() {
						b.Fatalf("%s not verified exactly", e)
					}
				}
			}
		})
	}
}
