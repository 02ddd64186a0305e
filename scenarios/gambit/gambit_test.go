package gambit_test

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios/gambit"
	"github.com/parley-dev/parley/sim/game"
)

func anchorGames(t *testing.T, ext string) []string {
	t.Helper()
	dir := gambitAnchors(t)
	files, _ := filepath.Glob(filepath.Join(dir, "games", "*."+ext))
	timing, _ := filepath.Glob(filepath.Join(dir, "timing", "*."+ext))
	files = append(files, timing...)
	if len(files) == 0 {
		t.Fatalf("no .%s games under %s", ext, dir)
	}
	return files
}

func TestReadAnchors(t *testing.T) {
	for _, path := range anchorGames(t, "nfg") {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		g, err := gambit.ReadNFG(filepath.Base(path), bytes.NewReader(src))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		roundTrip(t, g)
	}
	for _, path := range anchorGames(t, "efg") {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		e, err := gambit.ReadEFG(filepath.Base(path), bytes.NewReader(src))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func roundTrip(t *testing.T, g *game.Strategic) {
	t.Helper()
	var buf bytes.Buffer
	if err := gambit.WriteNFG(&buf, g); err != nil {
		t.Fatal(err)
	}
	h, err := gambit.ReadNFG("written.nfg", &buf)
	if err != nil {
		t.Fatalf("reading back what WriteNFG wrote: %v\n%s", err, buf.String())
	}
	if !sameGame(g, h) {
		t.Fatalf("round trip changed the game %q", g.Title)
	}
}

func sameGame(g, h *game.Strategic) bool {
	if !slices.Equal(g.Dims(), h.Dims()) || g.Title != h.Title || g.Comment != h.Comment {
		return false
	}
	if !slices.Equal(g.Payoffs(), h.Payoffs()) {
		return false
	}
	for p := range g.NumPlayers() {
		if g.PlayerName(p) != h.PlayerName(p) {
			return false
		}
		for s := range g.NumStrategies(p) {
			if g.StrategyName(p, s) != h.StrategyName(p, s) {
				return false
			}
		}
	}
	return true
}

func TestRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		dims := make([]int, 1+rng.IntN(3))
		for i := range dims {
			dims[i] = 1 + rng.IntN(4)
		}
		g := game.NewStrategic(dims...)
		g.Title = `a "quoted" \ title`
		g.SetPlayerName(0, "Ann {brace}")
		for i := range g.Payoffs() {
			g.Payoffs()[i] = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(30)-15))
		}
		roundTrip(t, g)
	}
	g := game.NewStrategic(1)
	g.Payoffs()[0] = math.NaN()
	if err := gambit.WriteNFG(&bytes.Buffer{}, g); err == nil {
		t.Error("WriteNFG wrote a NaN payoff")
	}
}

func TestReadNFGVariants(t *testing.T) {
	const payoffList = `NFG 1 R "pd" { "A" "B" }
{ { "C" "D" } { "c" "d" } }
"a comment"
3 3 5 0 0 5 1 1
`
	const counts = `NFG 1 D "pd" { "A" "B" } { 2 2 }

3, 3, 5, 0, 0, 5, 1, 1`
	const outcomes = `NFG 1 R "pd" { "A" "B" }
{ { "C" "D" } { "c" "d" } }
""
{
{ "cc" 3, 3 }
{ "dc" 5 0 }
{ "cd" 0, 5 }
{ "dd" 1/1, 1.0 }
}
1 2 3 4
`
	var games []*game.Strategic
	for _, src := range []string{payoffList, counts, outcomes} {
		g, err := gambit.ReadNFG("pd.nfg", strings.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		games = append(games, g)
	}
	for i, g := range games {
		if !slices.Equal(g.Payoffs(), games[0].Payoffs()) {
			t.Errorf("variant %d: payoffs %v, want %v", i, g.Payoffs(), games[0].Payoffs())
		}
		if got := g.Payoff([]int{1, 0}, 0); got != 5 {
			t.Errorf("variant %d: payoff of (D, c) to A = %g, want 5", i, got)
		}
	}
	if games[0].StrategyName(0, 1) != "D" || games[1].StrategyName(1, 1) != "2" || games[0].Comment != "a comment" {
		t.Error("names or comment not read")
	}
	// The null outcome pays zero.
	g, err := gambit.ReadNFG("z.nfg", strings.NewReader(`NFG 1 R "" { "A" "B" } { { "1" } { "1" "2" } } { { "" 1, 2 } } 0 1`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Payoffs(), []float64{0, 0, 1, 2}) {
		t.Errorf("payoffs %v", g.Payoffs())
	}
}

func TestReadEFG(t *testing.T) {
	const src = `EFG 2 R "entry" { "In" "Out" }
c "" 1 "nature" { "a" 1/3 "b" 2/3 } 0
p "" 1 1 "x" { "L" "R" } 1 "o" { 1, -1 }
t "" 2 "w" { 2 0 }
p "" 2 1 "y" { "l" "r" } 0
t "" 0
t "" 3 "z" { 0.5, 0.5 }
p "" 1 1 0
t "" 2
t "" 1
`
	e, err := gambit.ReadEFG("entry.efg", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	root := e.Root
	if root.Infoset.Player != game.Chance || root.Infoset.Probs[1] != 2.0/3 {
		t.Errorf("chance node %+v", root.Infoset)
	}
	if root.Children[0].Infoset != root.Children[1].Infoset {
		t.Error("the two nodes of player 1's information set 1 differ")
	}
	if got := root.Children[1].Children[1].Outcome.Payoffs; !slices.Equal(got, []float64{1, -1}) {
		t.Errorf("repeated outcome 1 has payoffs %v", got)
	}
	g, err := e.Reduced()
	if err != nil {
		t.Fatal(err)
	}
	// Player 1 (L or R, outcome 1 on the way) against player 2 (l or r).
	if !slices.Equal(g.Dims(), []int{2, 2}) {
		t.Fatalf("reduced dims %v", g.Dims())
	}
	// (R, r): chance a → outcome 1 on the way, then 0.5; chance b → 1.
	if got, want := g.Payoff([]int{1, 1}, 0), (1+0.5)/3+1*2.0/3; math.Abs(got-want) > 1e-15 {
		t.Errorf("payoff %g, want %g", got, want)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // each must appear in the error, in order
		syntax    bool
	}{
		{"empty", ``, []string{`x.nfg:1:1: syntax error: expected "NFG" starting a strategic-form game, found end of file`}, true},
		{"version", `NFG 3 R "" { "1" }`, []string{`x.nfg:1:5: invalid game: unsupported .nfg version 3, want 1`}, false},
		{"no title", "NFG 1 R\n{ \"1\" }", []string{`x.nfg:2:1: syntax error: expected the game's title in quotes, found "{"`}, true},
		{"bad brace", `NFG 1 R "" { "1" "2" } { { "a" } 3 }`, []string{`x.nfg:1:34: syntax error: expected "{" opening a player's strategies, or "}", found number 3`}, true},
		{"too few payoffs", `NFG 1 R "" { "1" } { 3 } 1 2`, []string{`x.nfg:1:29: invalid game: 2 payoffs, the game needs 3 (3 profiles × 1 players)`}, false},
		{"several", "NFG 1 R \"\" { \"1\" } { 3 }\n1 1/0 2 1e999 4", []string{
			`x.nfg:2:3: invalid game: fraction 1/0 divides by zero`,
			`x.nfg:2:9: invalid game: number 1e999 out of range`,
			`x.nfg:2:9: invalid game: more payoffs than the 3 the game needs`,
		}, false},
		{"unterminated", `NFG 1 R "abc`, []string{`x.nfg:1:9: syntax error: expected the game's title in quotes, found unterminated string`}, true},
		{"outcome count", `NFG 1 R "" { "1" "2" } { 1 1 } { { "" 1 } } 1`, []string{`x.nfg:1:34: invalid game: outcome 1 has 1 payoffs, want 2 (one per player)`}, false},
		{"outcome number", `NFG 1 R "" { "1" } { 2 } { { "" 1 } } 1 7`, []string{`x.nfg:1:41: invalid game: outcome number 7, want 0 to 1`}, false},
		{"byte", "NFG 1 R \"\" { \"1\" } { 1 } \x01", []string{`x.nfg:1:26: syntax error: expected a payoff or end of file, found unexpected byte 0x01`}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := gambit.ReadNFG("x.nfg", strings.NewReader(tc.src))
			checkError(t, err, tc.want, tc.syntax)
		})
	}
	efg := []struct {
		name, src string
		want      []string
		syntax    bool
	}{
		{"incomplete", `EFG 2 R "" { "1" } p "" 1 1 "" { "a" "b" } 0 t "" 0`, []string{
			`y.efg:1:52: syntax error: expected another node ("p", "c" or "t"): the tree is incomplete, found end of file`}, true},
		{"player", `EFG 2 R "" { "1" } p "" 2 1 "" { "a" } 0 t "" 0`, []string{`y.efg:1:25: invalid game: player 2, want 1 to 1`}, false},
		{"probabilities", `EFG 2 R "" { "1" } c "" 1 "" { "a" 1/2 "b" -1/4 } 0 t "" 0 t "" 0`, []string{
			`y.efg:1:44: invalid game: negative probability -1/4`,
			`y.efg:1:30: invalid game: chance probabilities sum to 0.25, want 1`}, false},
		{"undefined infoset", `EFG 2 R "" { "1" } p "" 1 1 0`, []string{`y.efg:1:27: invalid game: information set 1 is used before its actions are given`}, false},
		{"outcome before payoffs", `EFG 2 R "" { "1" } t "" 3`, []string{`y.efg:1:25: invalid game: outcome 3 is used before its payoffs are given`}, false},
		// The set keeps its first action list, so the tree ends early.
		{"actions differ", `EFG 2 R "" { "1" } p "" 1 1 "" { "a" } 0 p "" 1 1 "" { "a" "b" } 0 t "" 0 t "" 0`, []string{
			`y.efg:1:49: invalid game: information set 1 has 2 actions here and 1 before`,
			`y.efg:1:75: syntax error: expected end of file after the last node of the tree, found word "t"`}, true},
		{"trailing", `EFG 2 R "" { "1" } t "" 0 t "" 0`, []string{`y.efg:1:27: syntax error: expected end of file after the last node of the tree, found word "t"`}, true},
	}
	for _, tc := range efg {
		t.Run("efg "+tc.name, func(t *testing.T) {
			_, err := gambit.ReadEFG("y.efg", strings.NewReader(tc.src))
			checkError(t, err, tc.want, tc.syntax)
		})
	}
}

func checkError(t *testing.T, err error, want []string, syntax bool) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	var pe *gambit.ParseError
	if !errors.As(err, &pe) || pe.Line < 1 || pe.Col < 1 {
		t.Errorf("%v: not a positioned *ParseError", err)
	}
	if errors.Is(err, gambit.ErrSyntax) != syntax {
		t.Errorf("%v: errors.Is(err, ErrSyntax) = %v, want %v", err, !syntax, syntax)
	}
	msg := err.Error()
	for _, w := range want {
		i := strings.Index(msg, w)
		if i < 0 {
			t.Errorf("error\n%s\ndoes not contain\n%s", msg, w)
			continue
		}
		msg = msg[i+len(w):]
	}
	if len(want) > 1 {
		var list gambit.ErrorList
		if !errors.As(err, &list) || len(list) < len(want) {
			t.Errorf("%v: want an ErrorList of %d", err, len(want))
		}
	}
}
