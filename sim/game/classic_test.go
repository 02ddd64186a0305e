package game_test

import (
	"errors"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/parley-dev/parley/sim/game"
)

func bimatrix(t testing.TB, a, b [][]float64) *game.Strategic {
	t.Helper()
	g, err := game.Bimatrix(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func eqStrings(eqs []game.Equilibrium) []string {
	out := make([]string, len(eqs))
	for i, e := range eqs {
		out[i] = e.String()
	}
	sort.Strings(out)
	return out
}

// Classic 2×2 games with their textbook equilibria, rows and columns in the
// order given in each comment.
var classics = []struct {
	name   string
	a, b   [][]float64
	pure   [][]int
	mixed  []string // every extreme equilibrium, as Gambit prints them
	logit  string   // the logit limit
	elim   int      // strategies removed by iterated strict dominance
	payDom int      // index in pure of the payoff-dominant equilibrium, or -1
	risk   []int    // risk-dominant equilibrium, nil if none
}{
	{
		// Cooperate, Defect: defecting dominates.
		name: "prisoners dilemma",
		a:    [][]float64{{3, 0}, {5, 1}}, b: [][]float64{{3, 5}, {0, 1}},
		pure: [][]int{{1, 1}}, mixed: []string{"0,1,0,1"}, logit: "0,1,0,1",
		elim: 2, payDom: 0,
	},
	{
		// Swerve, Straight.
		name: "chicken",
		a:    [][]float64{{0, -1}, {1, -10}}, b: [][]float64{{0, 1}, {-1, -10}},
		pure:  [][]int{{1, 0}, {0, 1}},
		mixed: []string{"0,1,1,0", "1,0,0,1", "9/10,1/10,9/10,1/10"},
		logit: "9/10,1/10,9/10,1/10", payDom: -1,
	},
	{
		// Stag, Hare: stag pays more, hare is safer.
		name: "stag hunt",
		a:    [][]float64{{4, 0}, {3, 3}}, b: [][]float64{{4, 3}, {0, 3}},
		pure:  [][]int{{0, 0}, {1, 1}},
		mixed: []string{"0,1,0,1", "1,0,1,0", "3/4,1/4,3/4,1/4"},
		logit: "0,1,0,1", payDom: 0, risk: []int{1, 1},
	},
	{
		// Opera, Football: she prefers opera, he football.
		name: "battle of the sexes",
		a:    [][]float64{{2, 0}, {0, 1}}, b: [][]float64{{1, 0}, {0, 2}},
		pure:  [][]int{{0, 0}, {1, 1}},
		mixed: []string{"0,1,0,1", "1,0,1,0", "2/3,1/3,1/3,2/3"},
		logit: "2/3,1/3,1/3,2/3", payDom: -1, risk: nil,
	},
	{
		// Heads, Tails.
		name: "matching pennies",
		a:    [][]float64{{1, -1}, {-1, 1}}, b: [][]float64{{-1, 1}, {1, -1}},
		mixed: []string{"1/2,1/2,1/2,1/2"}, logit: "1/2,1/2,1/2,1/2", payDom: -1,
	},
	{
		// Inspector (Inspect, Trust) against worker (Shirk, Work) with
		// output 4, wage 2, effort cost 1, inspection cost 1: the
		// inspector inspects with probability cost/wage = 1/2 and the
		// worker shirks with probability inspection cost/wage = 1/2.
		name: "inspection",
		a:    [][]float64{{-1, 1}, {-2, 2}}, b: [][]float64{{0, 1}, {2, 1}},
		mixed: []string{"1/2,1/2,1/2,1/2"}, logit: "1/2,1/2,1/2,1/2", payDom: -1,
	},
}

func TestClassics(t *testing.T) {
	for _, c := range classics {
		t.Run(c.name, func(t *testing.T) {
			g := bimatrix(t, c.a, c.b)
			pure := game.EnumPure(g)
			if !sameIntSets(pure, c.pure) {
				t.Errorf("EnumPure = %v, want %v", pure, c.pure)
			}
			eqs, err := game.EnumMixed(g)
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(c.mixed)
			sort.Strings(want)
			if got := eqStrings(eqs); !slices.Equal(got, want) {
				t.Errorf("EnumMixed = %v, want %v", got, want)
			}
			for k := range 4 {
				lh, err := game.LemkeHowson(g, k)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(want, lh.String()) {
					t.Errorf("LemkeHowson(%d) = %s, not an equilibrium", k, lh)
				}
			}
			var ws game.Workspace
			flat, err := game.EnumMixedInto(&ws, g, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(flat) != 4*len(want) {
				t.Errorf("EnumMixedInto found %d equilibria, want %d", len(flat)/4, len(want))
			}
			lim, err := game.LogitLimit(g, game.LogitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if lim.String() != c.logit {
				t.Errorf("LogitLimit = %s, want %s", lim, c.logit)
			}
			_, seq, err := game.IteratedDominance(g, game.DominanceOptions{Mixed: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(seq) != c.elim {
				t.Errorf("IteratedDominance removed %d strategies, want %d", len(seq), c.elim)
			}
			var pm []game.Mixed
			for _, p := range pure {
				pm = append(pm, game.Pure(g, p))
			}
			if len(pm) > 0 {
				want := -1
				if c.payDom >= 0 {
					want = slices.IndexFunc(pure, func(p []int) bool { return slices.Equal(p, c.pure[c.payDom]) })
				}
				if got := game.PayoffDominant(g, pm); got != want {
					t.Errorf("PayoffDominant = %d, want %d", got, want)
				}
			}
			risk, ok := game.RiskDominant(g)
			if ok != (c.risk != nil) || !slices.Equal(risk, c.risk) {
				t.Errorf("RiskDominant = %v, %v; want %v", risk, ok, c.risk)
			}
		})
	}
}

func sameIntSets(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y []int) bool { return slices.Equal(x, y) }) {
			return false
		}
	}
	return true
}

// TestDominanceMixed checks a strategy that no pure strategy dominates but
// a mixture does: the middle row pays 1 against both columns, the mixture
// of the outer rows 1.5.
func TestDominanceMixed(t *testing.T) {
	g := bimatrix(t,
		[][]float64{{3, 0}, {1, 1}, {0, 3}},
		[][]float64{{1, 0}, {0, 1}, {1, 0}})
	surv, seq, err := game.IteratedDominance(g, game.DominanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(seq) != 0 || len(surv[0]) != 3 {
		t.Errorf("pure dominance removed %v", seq)
	}
	surv, seq, err = game.IteratedDominance(g, game.DominanceOptions{Mixed: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(seq) == 0 || seq[0].Player != 0 || seq[0].Strategy != 1 {
		t.Fatalf("mixed dominance: got %v, want row 2 removed first", seq)
	}
	if by := seq[0].By; by[1] != 0 || by[0] <= 0 || by[2] <= 0 {
		t.Errorf("dominating mixture %v should mix rows 1 and 3", by)
	}
	// Without row 2, column 2 is dominated, and then row 3.
	if !slices.Equal(surv[0], []int{0}) || !slices.Equal(surv[1], []int{0}) || len(seq) != 3 {
		t.Errorf("survivors %v after %+v, want row 1 and column 1 after 3 eliminations", surv, seq)
	}
}

// TestDominanceIterated needs three rounds: column 3 is dominated at once,
// row 2 only once column 3 is gone, and column 2 only after that.
func TestDominanceIterated(t *testing.T) {
	g := bimatrix(t,
		[][]float64{{2, 2, 0}, {1, 1, 5}},
		[][]float64{{2, 1, 0}, {1, 2, 0}})
	surv, seq, err := game.IteratedDominance(g, game.DominanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(seq) != 3 || seq[0].Round != 1 || seq[0].Player != 1 || seq[0].Strategy != 2 ||
		seq[1].Round != 2 || seq[1].Player != 0 || seq[1].Strategy != 1 ||
		seq[2].Round != 3 || seq[2].Player != 1 || seq[2].Strategy != 1 {
		t.Errorf("sequence %+v", seq)
	}
	if !slices.Equal(surv[0], []int{0}) || !slices.Equal(surv[1], []int{0}) {
		t.Errorf("survivors %v", surv)
	}
	r := g.Restrict([][]int{{1, 0}, {2, 1}})
	if r.NumStrategies(0) != 2 || r.NumStrategies(1) != 2 || r.Payoff([]int{0, 0}, 0) != 5 || r.StrategyName(1, 0) != "3" {
		t.Errorf("Restrict gave %v strategies", r.Dims())
	}
}

func TestLogitAtLambda(t *testing.T) {
	// Matching pennies with a bias: at λ the QRE is a fixed point of the
	// logit response, which this checks directly.
	g := bimatrix(t, [][]float64{{2, -1}, {-1, 1}}, [][]float64{{-1, 1}, {1, -1}})
	for _, lambda := range []float64{0.1, 1, 3, 10} {
		q, err := game.Logit(g, game.LogitOptions{Lambda: lambda})
		if err != nil {
			t.Fatal(err)
		}
		if q.Lambda != lambda {
			t.Errorf("λ = %g, want %g", q.Lambda, lambda)
		}
		if d := logitResidual(g, q); d > 1e-9 {
			t.Errorf("λ = %g: profile %v is %g from its logit response", lambda, q.Profile, d)
		}
	}
}

func TestExtensiveReduced(t *testing.T) {
	// Player 1 chooses Out (payoffs 2, 2) or In; then player 2 chooses
	// between Fight (0, 0) and Accommodate, after which player 1 chooses
	// Big (3, 1) or Small (1, 2).
	leaf := func(a, b float64) *game.Node { return &game.Node{Outcome: &game.Outcome{Payoffs: []float64{a, b}}} }
	p1a := &game.Infoset{Player: 0, Actions: []string{"Out", "In"}}
	p2 := &game.Infoset{Player: 1, Actions: []string{"Fight", "Acc"}}
	p1b := &game.Infoset{Player: 0, Actions: []string{"Big", "Small"}}
	e := &game.Extensive{
		Players: []string{"1", "2"},
		Root: &game.Node{Infoset: p1a, Children: []*game.Node{
			leaf(2, 2),
			{Infoset: p2, Children: []*game.Node{
				leaf(0, 0),
				{Infoset: p1b, Children: []*game.Node{leaf(3, 1), leaf(1, 2)}},
			}},
		}},
	}
	g, err := e.Reduced()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for s := range g.NumStrategies(0) {
		names = append(names, g.StrategyName(0, s))
	}
	if !slices.Equal(names, []string{"1*", "21", "22"}) {
		t.Errorf("player 1's reduced strategies %v, want [1* 21 22]", names)
	}
	if got := g.Payoff([]int{1, 1}, 0); got != 3 {
		t.Errorf("payoff of (In-Big, Acc) = %g, want 3", got)
	}
	pure := game.EnumPure(g)
	if !sameIntSets(pure, [][]int{{0, 0}, {1, 1}}) {
		t.Errorf("pure equilibria %v", pure)
	}
	// A broken tree is reported, not solved.
	e.Root.Children[1].Children = e.Root.Children[1].Children[:1]
	if _, err := e.Reduced(); err == nil {
		t.Error("Reduced accepted a node with fewer children than actions")
	}
}

// logitResidual returns how far a QRE's profile is from the logit response
// to itself.
func logitResidual(g *game.Strategic, q game.QRE) float64 {
	var worst float64
	for p := range q.Profile {
		u := g.StrategyPayoffs(q.Profile, p, nil)
		top := slices.Max(u)
		var sum float64
		resp := make([]float64, len(u))
		for s, v := range u {
			resp[s] = math.Exp(q.Lambda * (v - top))
			sum += resp[s]
		}
		for s := range resp {
			worst = math.Max(worst, math.Abs(resp[s]/sum-q.Profile[p][s]))
		}
	}
	return worst
}

// TestLogitFold is a game (found by TestPropLogit) whose principal branch
// folds back in λ in an S near λ = 2e5: a step that jumps across the fold
// lands on the middle arm, and following it "forward" walks the path back
// to the centroid. The orientation check must keep the trace on course.
func TestLogitFold(t *testing.T) {
	g := game.NewStrategic(2, 2, 3)
	copy(g.Payoffs(), []float64{
		0.12612467353196943, 0.4088093471324742, 0.30750600379184645, 0.0815696988940171,
		0.24553012009558828, 0.9631744749788889, 0.5457217240033907, 0.2243143135276685,
		0.09896598084430919, 0.460834688659014, 0.6230986185352847, 0.6730182173335386,
		0.9593200929917922, 0.21672655970565835, 0.2734472190540628, 0.6825896673099021,
		0.42483614027981664, 0.6205529945274098, 0.570613064363676, 0.5211225243926707,
		0.17941788969061334, 0.27687921789851766, 0.21850611203403325, 0.3273340911554843,
		0.14238908380619775, 0.7170208203329144, 0.6820732617571797, 0.787478217383025,
		0.9142647210078106, 0.15245280583063647, 0.2937501239377269, 0.5771957081633922,
		0.7417291440726984, 0.232629973028047, 0.5465383408654235, 0.057749205608622844,
	})
	q, err := game.Logit(g, game.LogitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if q.Lambda < 1e6 {
		t.Errorf("trace stopped at λ = %g", q.Lambda)
	}
	lim, err := game.LogitLimit(g, game.LogitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if gain := game.MaxGain(g, lim.Mixed); gain > 1e-9 {
		t.Errorf("limit %s gains %g", lim, gain)
	}
}

func TestTwoPlayerOnly(t *testing.T) {
	g := game.NewStrategic(2, 2, 2)
	if _, err := game.EnumMixed(g); !errors.Is(err, game.ErrNotTwoPlayer) {
		t.Errorf("EnumMixed on three players: %v", err)
	}
	if _, err := game.LemkeHowsonAll(g); !errors.Is(err, game.ErrNotTwoPlayer) {
		t.Errorf("LemkeHowsonAll on three players: %v", err)
	}
	var ws game.Workspace
	if _, err := game.EnumMixedInto(&ws, g, nil); !errors.Is(err, game.ErrNotTwoPlayer) {
		t.Errorf("EnumMixedInto on three players: %v", err)
	}
	if _, err := game.LemkeHowson(game.NewStrategic(2, 2), 4); err == nil {
		t.Error("LemkeHowson accepted label 4 of a 2×2 game")
	}
}

func TestEquilibriumString(t *testing.T) {
	e := game.Equilibrium{Mixed: game.Mixed{{1.0 / 3, 2.0 / 3}, {4.2e-8, 1}}}
	if got, want := e.String(), "0.333333,0.666667,4.2e-08,1"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
