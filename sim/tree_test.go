package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/tree"
	"pgregory.net/rapid"
)

// --- Building specs by hand ---------------------------------------------------

func decide(party string, choices ...tree.Branch) *tree.NodeSpec {
	return &tree.NodeSpec{Move: party, Choices: choices}
}

func lottery(branches ...tree.Branch) *tree.NodeSpec { return &tree.NodeSpec{Chance: branches} }

// leaf is an end node; payoffs are "party: expr" pairs.
func leaf(outcome string, payoffs ...string) *tree.NodeSpec {
	n := &tree.NodeSpec{Outcome: outcome}
	for _, p := range payoffs {
		party, expr, _ := strings.Cut(p, ":")
		n.Payoff = append(n.Payoff, model.PayoffSpec{Party: strings.TrimSpace(party), Expr: strings.TrimSpace(expr)})
	}
	return n
}

func edge(name string, n *tree.NodeSpec) tree.Branch { return tree.Branch{Name: name, Node: n} }

// odds is a chance branch with probability prob.
func odds(name, prob string, n *tree.NodeSpec) tree.Branch {
	n.Prob = prob
	return tree.Branch{Name: name, Node: n}
}

func fixed(name string, v float64) ParamSpec { return ParamSpec{Name: name, Dist: Fixed(v)} }

func drawn(name, kind string, args ...float64) ParamSpec {
	return ParamSpec{Name: name, Dist: DistSpec{Kind: kind, Args: args}}
}

// twoParty is a spec for parties a and b with the given outcomes.
func twoParty(root *tree.NodeSpec, params []ParamSpec, outcomes ...string) *Spec {
	s := &Spec{ID: "test", Parties: []PartySpec{{ID: "a"}, {ID: "b"}}, Params: params, Model: ModelSpec{Tree: root}}
	for _, o := range outcomes {
		s.Outcomes = append(s.Outcomes, OutcomeSpec{ID: o})
	}
	return s
}

func mustCompile(t testing.TB, spec *Spec) *Scenario {
	t.Helper()
	s, err := Compile(spec)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return s
}

// solveWorld explains world iter (seed 1) of s, whose parameters are
// fixed: the explanation holds every node's value.
func solveWorld(t testing.TB, s *Scenario, iter int64) *NodeExplanation {
	t.Helper()
	ex, err := s.Explain(iter, 1)
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	return ex.Root
}

// nodeAt is the node of an explained tree at the given key path.
func nodeAt(root *NodeExplanation, path string) *NodeExplanation {
	var find func(n *NodeExplanation, p string) *NodeExplanation
	find = func(n *NodeExplanation, p string) *NodeExplanation {
		if p == path {
			return n
		}
		sep := ".chance."
		if n.Kind == "decision" {
			sep = ".choices."
		}
		for _, c := range n.Children {
			if f := find(c, p+sep+c.Edge); f != nil {
				return f
			}
		}
		return nil
	}
	return find(root, "model.tree")
}

// nodeValue is the value of the subgame at the node with the given key
// path, per party.
func nodeValue(t testing.TB, root *NodeExplanation, path string) []float64 {
	t.Helper()
	if n := nodeAt(root, path); n != nil {
		return n.Values
	}
	t.Fatalf("no node %s", path)
	return nil
}

func runSpec(t testing.TB, s *Scenario, opt Options) *Result {
	t.Helper()
	r, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return r
}

// pathCounts maps each equilibrium path label to its count.
func pathCounts(t testing.TB, r *Result) map[string]int64 {
	t.Helper()
	if len(r.Tallies) == 0 || r.Tallies[0].Name != "paths" {
		t.Fatalf("want the paths tally first, found %+v", r.Tallies)
	}
	m := map[string]int64{}
	for _, row := range r.Tallies[0].Rows {
		m[row.Label] = row.Count
	}
	return m
}

// zWide is the normal quantile of a 99.9% two-sided interval: the
// probability checks below are many, and each must fail only for a real
// error, not one seed in twenty.
const zWide = 3.2905

func wilsonWide(k, n int64) (lo, hi float64) {
	p, nf := float64(k)/float64(n), float64(n)
	den := 1 + zWide*zWide/nf
	centre := (p + zWide*zWide/(2*nf)) / den
	half := zWide * math.Sqrt(p*(1-p)/nf+zWide*zWide/(4*nf*nf)) / den
	return centre - half, centre + half
}

// checkShare checks k of n against probability p: exactly at 0 and 1, by
// the Wilson interval otherwise.
func checkShare(t testing.TB, what string, k, n int64, p float64) {
	t.Helper()
	switch p {
	case 0:
		if k != 0 {
			t.Errorf("%s: %d of %d, want none", what, k, n)
		}
	case 1:
		if k != n {
			t.Errorf("%s: %d of %d, want all", what, k, n)
		}
	default:
		if lo, hi := wilsonWide(k, n); p < lo || p > hi {
			t.Errorf("%s: %d of %d = %.4f, 99.9%% Wilson interval [%.4f, %.4f] misses %.4f", what, k, n, float64(k)/float64(n), lo, hi, p)
		}
	}
}

// --- (a) Backward induction on hand-built trees --------------------------------

// gamble: a chooses a sure payoff or a lottery won with probability q.
func gambleSpec(q, prize, sure ParamSpec) *Spec {
	return twoParty(decide("a",
		edge("sure", leaf("sure", "a: sure", "b: 0")),
		edge("gamble", lottery(
			odds("win", "q", leaf("won", "a: prize", "b: 1")),
			odds("lose", "1 - q", leaf("lost", "a: 0", "b: 2")),
		)),
	), []ParamSpec{q, prize, sure}, "sure", "won", "lost")
}

func TestTreeChanceExpectedValue(t *testing.T) {
	cases := []struct {
		name       string
		q, prize   float64
		sure       float64
		wantGamble []float64 // value of the lottery node for a and b
		wantRoot   []float64
		wantPaths  map[string]float64
	}{
		{"gamble pays", 0.3, 5, 1, []float64{1.5, 1.7}, []float64{1.5, 1.7},
			map[string]float64{"a gamble → chance win": 0.3, "a gamble → chance lose": 0.7}},
		{"sure thing pays", 0.1, 5, 1, []float64{0.5, 1.9}, []float64{1, 0},
			map[string]float64{"a sure": 1}},
		{"certain win", 1, 5, 1, []float64{5, 1}, []float64{5, 1},
			map[string]float64{"a gamble → chance win": 1}},
		{"certain loss", 0, 5, -1, []float64{0, 2}, []float64{0, 2},
			map[string]float64{"a gamble → chance lose": 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, gambleSpec(fixed("q", tc.q), fixed("prize", tc.prize), fixed("sure", tc.sure)))
			sv := solveWorld(t, s, 0)
			for _, c := range []struct {
				path string
				want []float64
			}{{"model.tree.choices.gamble", tc.wantGamble}, {"model.tree", tc.wantRoot}} {
				got := nodeValue(t, sv, c.path)
				for p := range got {
					if math.Abs(got[p]-c.want[p]) > 1e-12 {
						t.Errorf("value of %s for party %d = %v, want %v", c.path, p, got[p], c.want[p])
					}
				}
			}
			const n = 9000
			r := runSpec(t, s, Options{Iterations: n, Seed: 3})
			got := pathCounts(t, r)
			for label, k := range got {
				checkShare(t, label, k, n, tc.wantPaths[label])
			}
			for label := range tc.wantPaths {
				if _, ok := got[label]; !ok {
					t.Errorf("no path %q", label)
				}
			}
			if r.TieWorlds != 0 {
				t.Errorf("TieWorlds = %d, want 0", r.TieWorlds)
			}
		})
	}
}

// TestTreeChanceUncertain draws the win probability q from a uniform: a
// gambles iff 5q > 1, so P(sure) = 0.2, P(win) = ∫_0.2^1 q dq = 0.48 and
// P(lose) = 0.32; a's mean payoff is 0.2·1 + 5·0.48 = 2.6.
func TestTreeChanceUncertain(t *testing.T) {
	s := mustCompile(t, gambleSpec(drawn("q", "uniform", 0, 1), fixed("prize", 5), fixed("sure", 1)))
	const n = 20000
	r := runSpec(t, s, Options{Iterations: n, Seed: 11})
	want := map[string]float64{"a sure": 0.2, "a gamble → chance win": 0.48, "a gamble → chance lose": 0.32}
	for label, k := range pathCounts(t, r) {
		checkShare(t, label, k, n, want[label])
	}
	a := r.Payoffs[0]
	if se := a.SD / math.Sqrt(n); math.Abs(a.Mean-2.6) > zWide*se {
		t.Errorf("mean payoff of a = %v ± %v, want 2.6", a.Mean, se)
	}
}

// TestTreeNestedChance checks that probabilities compound through chance
// nodes under chance nodes.
func TestTreeNestedChance(t *testing.T) {
	spec := twoParty(lottery(
		odds("first", "0.25", lottery(
			odds("x", "0.6", leaf("x", "a: 8", "b: 0")),
			odds("y", "0.4", leaf("y", "a: 0", "b: 8")),
		)),
		odds("second", "0.75", leaf("z", "a: 1", "b: 1")),
	), nil, "x", "y", "z")
	s := mustCompile(t, spec)
	sv := solveWorld(t, s, 0)
	// a: 0.25·0.6·8 + 0.75·1 = 1.95; b: 0.25·0.4·8 + 0.75 = 1.55.
	if got := nodeValue(t, sv, "model.tree"); math.Abs(got[0]-1.95) > 1e-12 || math.Abs(got[1]-1.55) > 1e-12 {
		t.Errorf("root value %v, want [1.95 1.55]", got)
	}
	const n = 20000
	r := runSpec(t, s, Options{Iterations: n, Seed: 5})
	want := map[string]float64{"x": 0.15, "y": 0.1, "z": 0.75}
	for _, o := range r.Outcomes {
		checkShare(t, "outcome "+o.ID, o.Count, n, want[o.ID])
	}
}

func TestTreeTies(t *testing.T) {
	cases := []struct {
		name      string
		spec      *Spec
		wantRoot  []float64
		wantPaths map[string]float64
		wantTies  float64 // share of worlds with a tie on the path
	}{
		{
			// b does not care; a does: a's value is the average, 1.
			name: "two-way tie",
			spec: twoParty(decide("b",
				edge("left", leaf("l", "a: 0", "b: 1")),
				edge("right", leaf("r", "a: 2", "b: 1")),
			), nil, "l", "r"),
			wantRoot:  []float64{1, 1},
			wantPaths: map[string]float64{"b left": 0.5, "b right": 0.5},
			wantTies:  1,
		},
		{
			name: "three-way tie",
			spec: twoParty(decide("b",
				edge("left", leaf("l", "a: 0", "b: 1")),
				edge("mid", leaf("m", "a: 3", "b: 1")),
				edge("right", leaf("r", "a: 6", "b: 1")),
				edge("worse", leaf("w", "a: 9", "b: 0.5")),
			), nil, "l", "m", "r", "w"),
			wantRoot:  []float64{3, 1},
			wantPaths: map[string]float64{"b left": 1.0 / 3, "b mid": 1.0 / 3, "b right": 1.0 / 3, "b worse": 0},
			wantTies:  1,
		},
		{
			// 0.1 + 0.2 is not 0.3 in floating point, but it is a tie.
			name: "tie within rounding",
			spec: twoParty(decide("b",
				edge("left", leaf("l", "a: 0", "b: 0.1 + 0.2")),
				edge("right", leaf("r", "a: 2", "b: 0.3")),
			), nil, "l", "r"),
			wantRoot:  []float64{1, 0.3},
			wantPaths: map[string]float64{"b left": 0.5, "b right": 0.5},
			wantTies:  1,
		},
		{
			name: "near miss is no tie",
			spec: twoParty(decide("b",
				edge("left", leaf("l", "a: 0", "b: 1")),
				edge("right", leaf("r", "a: 2", "b: 1 + 1e-6")),
			), nil, "l", "r"),
			wantRoot:  []float64{2, 1 + 1e-6},
			wantPaths: map[string]float64{"b left": 0, "b right": 1},
		},
		{
			// a's "in" is worth the average of b's tied moves, (0+4)/2 = 2,
			// more than out's 1.5: a goes in and the tie is on the path.
			name: "tied subgame value is the average",
			spec: twoParty(decide("a",
				edge("out", leaf("o", "a: alt", "b: 0")),
				edge("in", decide("b",
					edge("left", leaf("l", "a: 0", "b: 1")),
					edge("right", leaf("r", "a: 4", "b: 1")),
				)),
			), []ParamSpec{fixed("alt", 1.5)}, "o", "l", "r"),
			wantRoot:  []float64{2, 1},
			wantPaths: map[string]float64{"a out": 0, "a in → b left": 0.5, "a in → b right": 0.5},
			wantTies:  1,
		},
		{
			// With out worth 2.5 the tie is off the path: no tie world.
			name: "tie off the path",
			spec: twoParty(decide("a",
				edge("out", leaf("o", "a: alt", "b: 0")),
				edge("in", decide("b",
					edge("left", leaf("l", "a: 0", "b: 1")),
					edge("right", leaf("r", "a: 4", "b: 1")),
				)),
			), []ParamSpec{fixed("alt", 2.5)}, "o", "l", "r"),
			wantRoot:  []float64{2.5, 0},
			wantPaths: map[string]float64{"a out": 1, "a in → b left": 0, "a in → b right": 0},
		},
		{
			// A tie at a's root between out (2) and in (worth the average
			// of b's tie, 2): two ties on one path still make one tie world.
			name: "tie above a tie",
			spec: twoParty(decide("a",
				edge("out", leaf("o", "a: alt", "b: 0")),
				edge("in", decide("b",
					edge("left", leaf("l", "a: 0", "b: 1")),
					edge("right", leaf("r", "a: 4", "b: 1")),
				)),
			), []ParamSpec{fixed("alt", 2)}, "o", "l", "r"),
			wantRoot:  []float64{2, 0.5},
			wantPaths: map[string]float64{"a out": 0.5, "a in → b left": 0.25, "a in → b right": 0.25},
			wantTies:  1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := mustCompile(t, tc.spec)
			sv := solveWorld(t, s, 0)
			root := nodeValue(t, sv, "model.tree")
			for p := range root {
				if math.Abs(root[p]-tc.wantRoot[p]) > 1e-12 {
					t.Errorf("root value %v, want %v", root, tc.wantRoot)
					break
				}
			}
			const n = 12000
			r := runSpec(t, s, Options{Iterations: n, Seed: 7})
			got := pathCounts(t, r)
			for label, p := range tc.wantPaths {
				k, ok := got[label]
				if !ok {
					t.Errorf("no path %q (have %v)", label, got)
				}
				checkShare(t, label, k, n, p)
			}
			checkShare(t, "tie worlds", r.TieWorlds, n, tc.wantTies)
		})
	}
}

// recorder keeps every sampled world, as the runner hands them over.
type recorder struct {
	x       []float64
	outcome []int
	payoff  []float64
	path    []int
	starts  []int64
}

func (r *recorder) WriteSamples(b *SampleBatch) error {
	if want := int64(len(r.outcome)); b.Start != want {
		return fmt.Errorf("batch starts at %d, want %d", b.Start, want)
	}
	r.starts = append(r.starts, b.Start)
	r.x = append(r.x, b.X[:b.N*b.Slots]...)
	r.outcome = append(r.outcome, b.Outcome[:b.N]...)
	r.payoff = append(r.payoff, b.Payoff[:b.N*b.Parties]...)
	r.path = append(r.path, b.Path[:b.N]...)
	return nil
}

// TestTreeTiesInSomeWorlds ties b's two moves only where the bernoulli
// parameter tie is 1, and checks TieWorlds against the worlds themselves.
func TestTreeTiesInSomeWorlds(t *testing.T) {
	spec := twoParty(decide("b",
		edge("left", leaf("l", "a: 0", "b: 1")),
		edge("right", leaf("r", "a: 2", "b: 1 - (1 - tie) * 0.5")),
	), []ParamSpec{drawn("tie", "bernoulli", 0.3)}, "l", "r")
	s := mustCompile(t, spec)
	const n = 3*ChunkSize + 100
	rec := &recorder{}
	r := runSpec(t, s, Options{Iterations: n, Seed: 9, Samples: rec})
	if len(rec.outcome) != n {
		t.Fatalf("recorded %d worlds, want %d", len(rec.outcome), n)
	}
	var tied, tiedRight, strict, strictRight int64
	for i, x := range rec.x { // one slot: tie
		right := rec.outcome[i] == 1
		if x == 1 {
			tied++
			if right {
				tiedRight++
			}
		} else {
			strict++
			if right {
				strictRight++
			}
		}
	}
	if r.TieWorlds != tied {
		t.Errorf("TieWorlds = %d, want the %d worlds with tie = 1", r.TieWorlds, tied)
	}
	if strictRight != 0 {
		t.Errorf("b moved right in %d of %d worlds where left is strictly better", strictRight, strict)
	}
	checkShare(t, "tied worlds", tied, n, 0.3)
	checkShare(t, "right among tied worlds", tiedRight, tied, 0.5)
}

// TestTreeWorldError: a chance node whose probabilities stop summing to 1
// in a few worlds (or leave [0, 1], or a payoff that blows up) fails the
// run with a *WorldError naming the first such iteration, the node and the
// world's values, whatever the number of workers.
func TestTreeWorldError(t *testing.T) {
	const thr = 0.9997 // x above it breaks the world: about 1 in 3300
	cases := []struct {
		name     string
		win      string // probability of the win branch
		lose     string
		payoff   string // a's payoff when it wins
		wantPath string
		wantMsg  string
	}{
		{"probabilities sum above 1", "x", "1 - x + (x > 0.9997) * 0.5", "1",
			"model.tree.choices.gamble.chance", "branch probabilities sum to"},
		{"probability above 1", "x + (x > 0.9997) * 0.5", "1 - x - (x > 0.9997) * 0.5", "1",
			"model.tree.choices.gamble.chance.win.prob", "outside [0, 1]"},
		{"payoff is infinite", "x", "1 - x", "1 / (x <= 0.9997)",
			"model.tree.choices.gamble.chance.win.payoff.a", "1 / 0 is +Inf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := twoParty(decide("a",
				edge("sure", leaf("sure", "a: 0.5", "b: 0")),
				edge("gamble", lottery(
					odds("win", tc.win, leaf("won", "a: "+tc.payoff, "b: 1")),
					odds("lose", tc.lose, leaf("lost", "a: 0", "b: 2")),
				)),
			), []ParamSpec{drawn("x", "uniform", 0, 1)}, "sure", "won", "lost")
			s := mustCompile(t, spec)
			const seed, n = 1, 40 * ChunkSize

			// The bad worlds, found independently from the parameter's
			// stream: the error must name the first.
			var bad []int64
			for it := int64(0); it < n; it++ {
				w := model.World{Seed: seed, Iter: it}
				if s.Params[0].dist.quantile(w.Uniform(s.Params[0].key)) > thr {
					bad = append(bad, it)
				}
			}
			if len(bad) < 2 || bad[0] < ChunkSize || bad[len(bad)-1]/ChunkSize == bad[0]/ChunkSize {
				t.Fatalf("precondition: want bad worlds in several chunks, none in the first; found %v (change the seed)", bad)
			}

			var first *WorldError
			for _, workers := range []int{1, 2, 4, 8} {
				_, err := Run(context.Background(), s, Options{Iterations: n, Seed: seed, Workers: workers})
				var we *WorldError
				if !errors.As(err, &we) {
					t.Fatalf("workers %d: got %v, want a *WorldError", workers, err)
				}
				if first == nil {
					first = we
					continue
				}
				if !reflect.DeepEqual(we, first) {
					t.Errorf("workers %d: %v\nwant the same error as with 1 worker: %v", workers, we, first)
				}
			}
			we := first
			if we.Iter != bad[0] {
				t.Errorf("error in iteration %d, want the first bad world, %d (bad: %v)", we.Iter, bad[0], bad)
			}
			if we.Path != tc.wantPath {
				t.Errorf("path %q, want %q", we.Path, tc.wantPath)
			}
			if !strings.Contains(we.Msg, tc.wantMsg) {
				t.Errorf("message %q, want it to contain %q", we.Msg, tc.wantMsg)
			}
			if len(we.Values) != 1 || we.Values[0].Name != "x" || !(we.Values[0].Value > thr) {
				t.Errorf("values %v, want x > %v", we.Values, thr)
			}
			msg := we.Error()
			for _, part := range []string{tc.wantPath, fmt.Sprintf("iteration %d", we.Iter), "x=0.999"} {
				if !strings.Contains(msg, part) {
					t.Errorf("error %q does not mention %q", msg, part)
				}
			}

			// Replaying up to the bad world fails there and only there.
			if _, err := Run(context.Background(), s, Options{Iterations: we.Iter, Seed: seed}); err != nil {
				t.Errorf("the %d worlds before the bad one fail: %v", we.Iter, err)
			}
			_, err := Run(context.Background(), s, Options{Iterations: we.Iter + 1, Seed: seed, Workers: 3})
			var again *WorldError
			if !errors.As(err, &again) || !reflect.DeepEqual(again, we) {
				t.Errorf("replaying %d worlds: %v, want %v", we.Iter+1, err, we)
			}
		})
	}
}

// --- (b) Property: random trees are solved to a subgame-perfect equilibrium ----

// gkind is a generated node's kind.
type gkind uint8

const (
	gDecision gkind = iota
	gChance
	gEnd
)

var gkindNames = [...]string{gDecision: "decision", gChance: "chance", gEnd: "end"}

// gnode is a generated tree with its numbers kept as numbers, for the
// reference solver.
type gnode struct {
	kind   gkind
	party  int
	payoff []float64 // terminal
	kids   []*gnode  // decision and chance
	probs  []float64 // chance: probability of each kid, num[i]/den
	num    []int64   // chance: the probabilities as written, num[i]/den
	den    int64
}

func genTree(t *rapid.T, depth, parties int, label string) *gnode {
	if depth == 0 || rapid.IntRange(0, 3).Draw(t, label+".stop") == 0 {
		g := &gnode{kind: gEnd}
		for p := range parties {
			// Halves in [-1, 1]: five values, so ties are common.
			g.payoff = append(g.payoff, float64(rapid.IntRange(-2, 2).Draw(t, fmt.Sprintf("%s.pay%d", label, p)))/2)
		}
		return g
	}
	g := &gnode{kind: gDecision}
	if rapid.Bool().Draw(t, label+".chance") {
		g.kind = gChance
	}
	k := rapid.IntRange(1, 3).Draw(t, label+".branches")
	if g.kind == gDecision {
		g.party = rapid.IntRange(0, parties-1).Draw(t, label+".party")
	}
	var ws []int64
	var total int64
	for i := range k {
		if g.kind == gChance {
			w := int64(rapid.IntRange(0, 4).Draw(t, fmt.Sprintf("%s.w%d", label, i)))
			ws = append(ws, w)
			total += w
		}
		g.kids = append(g.kids, genTree(t, depth-1, parties, fmt.Sprintf("%s.%d", label, i)))
	}
	if g.kind == gChance {
		if total == 0 {
			ws[0], total = 1, 1
		}
		g.num, g.den = ws, total
		for _, w := range ws {
			g.probs = append(g.probs, float64(w)/float64(total))
		}
	}
	return g
}

// spec writes the generated tree as a tree.NodeSpec; probabilities are written
// as fractions, "w/total", which compile to the same float64 as w/total.
func (g *gnode) spec(partyIDs []string) *tree.NodeSpec {
	switch g.kind {
	case gEnd:
		n := &tree.NodeSpec{Outcome: "end"}
		for p, v := range g.payoff {
			n.Payoff = append(n.Payoff, model.PayoffSpec{Party: partyIDs[p], Expr: strconv.FormatFloat(v, 'g', -1, 64)})
		}
		return n
	case gChance:
		n := &tree.NodeSpec{}
		for i, k := range g.kids {
			c := k.spec(partyIDs)
			c.Prob = fmt.Sprintf("%d/%d", g.num[i], g.den)
			n.Chance = append(n.Chance, tree.Branch{Name: fmt.Sprintf("c%d", i), Node: c})
		}
		return n
	default:
		n := &tree.NodeSpec{Move: partyIDs[g.party]}
		for i, k := range g.kids {
			n.Choices = append(n.Choices, tree.Branch{Name: fmt.Sprintf("m%d", i), Node: k.spec(partyIDs)})
		}
		return n
	}
}

// refValue is a naive recursive subgame-perfect value: chance nodes
// average by probability; a decision node's mover takes its best child,
// averaging the children within the tie tolerance of the best.
func refValue(g *gnode) []float64 {
	switch g.kind {
	case gEnd:
		return slices.Clone(g.payoff)
	case gChance:
		var v []float64
		for i, k := range g.kids {
			kv := refValue(k)
			if v == nil {
				v = make([]float64, len(kv))
			}
			for p := range kv {
				v[p] += g.probs[i] * kv[p]
			}
		}
		return v
	}
	var vals [][]float64
	best := math.Inf(-1)
	for _, k := range g.kids {
		kv := refValue(k)
		vals = append(vals, kv)
		best = max(best, kv[g.party])
	}
	var tied [][]float64
	for _, kv := range vals {
		if kv[g.party] >= best-1e-9*max(1, math.Abs(best)) {
			tied = append(tied, kv)
		}
	}
	v := make([]float64, len(vals[0]))
	for _, kv := range tied {
		for p := range kv {
			v[p] += kv[p] / float64(len(tied))
		}
	}
	return v
}

func TestTreeSolverIsSubgamePerfect(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		parties := rapid.IntRange(2, 3).Draw(rt, "parties")
		depth := rapid.IntRange(1, 4).Draw(rt, "depth")
		g := genTree(rt, depth, parties, "root")
		ids := []string{"p0", "p1", "p2"}[:parties]
		spec := &Spec{ID: "random", Outcomes: []OutcomeSpec{{ID: "end"}}, Model: ModelSpec{Tree: g.spec(ids)}}
		for _, id := range ids {
			spec.Parties = append(spec.Parties, PartySpec{ID: id})
		}
		s, err := Compile(spec)
		if err != nil {
			rt.Fatalf("compile: %v", err)
		}
		seed := rapid.Uint64().Draw(rt, "seed")
		iter := int64(rapid.IntRange(0, 1<<20).Draw(rt, "iter"))
		ex, err := s.Explain(iter, seed)
		if err != nil {
			rt.Fatalf("explain: %v", err)
		}
		near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a), math.Abs(b)) }
		party := func(id string) int { return slices.Index(ids, id) }

		// Every node's value is consistent with its children, and at every
		// decision node (subgame perfection) the chosen moves are best.
		var ends []*NodeExplanation // on the equilibrium path
		var check func(n *NodeExplanation, g *gnode, path string, onPath bool)
		check = func(n *NodeExplanation, g *gnode, path string, onPath bool) {
			if n.Kind != gkindNames[g.kind] || len(n.Children) != len(g.kids) {
				rt.Fatalf("%s: compiled a %s node with %d children, generated a %s with %d", path, n.Kind, len(n.Children), gkindNames[g.kind], len(g.kids))
			}
			if n.OnPath != onPath {
				rt.Fatalf("%s: on the path %v, want %v", path, n.OnPath, onPath)
			}
			want := make([]float64, parties)
			switch n.Kind {
			case "end":
				want = g.payoff
				if onPath {
					ends = append(ends, n)
				}
			case "chance":
				for i, c := range n.Children {
					if !near(c.Prob, g.probs[i]) {
						rt.Fatalf("%s: branch %s has probability %v, generated %v", path, c.Edge, c.Prob, g.probs[i])
					}
					for p := range want {
						want[p] += c.Prob * c.Values[p]
					}
					check(c, g.kids[i], path+".chance."+c.Edge, onPath && c.Prob > 0)
				}
			case "decision":
				if len(n.Best) == 0 {
					rt.Fatalf("%s: no move chosen", path)
				}
				mover := party(n.Mover)
				var best float64
				for i, c := range n.Children {
					if i == 0 || c.Values[mover] > best {
						best = c.Values[mover]
					}
				}
				for i, c := range n.Children {
					chosen := slices.Contains(n.Best, c.Edge)
					if chosen && c.Values[mover] < best-1e-9 {
						rt.Fatalf("%s: %s chooses %s worth %v, but the best is worth %v", path, n.Mover, c.Edge, c.Values[mover], best)
					}
					if !chosen && near(c.Values[mover], best) {
						rt.Fatalf("%s: %s is as good as the best move but not among the tied moves", path, c.Edge)
					}
					if chosen {
						for p := range want {
							want[p] += c.Values[p] / float64(len(n.Best))
						}
					}
					check(c, g.kids[i], path+".choices."+c.Edge, onPath && chosen)
				}
			}
			for p := range want {
				if !near(n.Values[p], want[p]) {
					rt.Fatalf("%s: value %v, want %v from its children", path, n.Values, want)
				}
			}
		}
		check(ex.Root, g, "model.tree", true)

		// The world's play ends at an end on the equilibrium path.
		r, err := Run(context.Background(), s, Options{Iterations: 1, Seed: seed})
		if err != nil {
			rt.Fatalf("run: %v", err)
		}
		onPath := false
		for _, e := range ends {
			same := true
			for p := range e.Values {
				same = same && r.Payoffs[p].Mean == e.Values[p]
			}
			onPath = onPath || same
		}
		if !onPath {
			rt.Fatalf("the world's payoffs %v are those of no end on the equilibrium path", r.Payoffs)
		}

		// The root value agrees with the naive recursion.
		ref := refValue(g)
		for p := range ref {
			if !near(ex.Root.Values[p], ref[p]) {
				rt.Fatalf("root value %v, reference %v", ex.Root.Values, ref)
			}
		}
	})
}

// --- (c) Determinism across workers --------------------------------------------

// detSpec has uncertain parameters, a derived value, a chance node with an
// uncertain probability and ties in some worlds.
func detSpec() *Spec {
	spec := twoParty(decide("a",
		edge("safe", leaf("safe", "a: base", "b: 1")),
		edge("risky", lottery(
			odds("win", "p", decide("b",
				// b is indifferent unless tie is 1: a tie in 60% of the
				// worlds that reach it.
				edge("pay", leaf("paid", "a: 2 * base + bonus", "b: 1")),
				edge("balk", leaf("balked", "a: 0", "b: 1 - tie")),
			)),
			odds("lose", "1 - p", leaf("lost", "a: -1", "b: margin")),
		)),
	), []ParamSpec{
		drawn("base", "triangular", 0, 1, 3),
		drawn("p", "beta", 2, 3),
		drawn("tie", "bernoulli", 0.4),
		drawn("bonus", "normal", 0, 1),
	}, "safe", "paid", "balked", "lost")
	spec.Derived = []DerivedSpec{{Name: "margin", Expr: "base * p - 0.25"}}
	return spec
}

func TestRunIsDeterministic(t *testing.T) {
	s := mustCompile(t, detSpec())
	cases := []struct {
		name string
		opt  Options
	}{
		{"fixed count", Options{Iterations: 7*ChunkSize + 333, Seed: 42}},
		{"shorter than a chunk", Options{Iterations: ChunkSize - 1, Seed: 42}},
		{"precision stop", Options{Iterations: 200 * ChunkSize, Seed: 8, Precision: 0.01}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ref *Result
			var refRec *recorder
			for _, workers := range []int{1, 2, 3, 8} {
				opt := tc.opt
				opt.Workers = workers
				rec := &recorder{}
				opt.Samples = rec
				r := runSpec(t, s, opt)
				r.agg = nil // unexported running state; the exported fields are the result
				if ref == nil {
					ref, refRec = r, rec
					if r.TieWorlds == 0 || r.TieWorlds == r.Iterations {
						t.Fatalf("precondition: want ties in some worlds, found %d of %d", r.TieWorlds, r.Iterations)
					}
					if tc.opt.Precision == 0 && r.Iterations%ChunkSize == 0 {
						t.Fatalf("precondition: want a partial last chunk, ran %d worlds", r.Iterations)
					}
					continue
				}
				if !reflect.DeepEqual(r, ref) {
					t.Errorf("workers %d:\n%+v\nwant, as with 1 worker:\n%+v", workers, r, ref)
				}
				if !reflect.DeepEqual(rec, refRec) {
					t.Errorf("workers %d: the samples differ from those with 1 worker", workers)
				}
			}
			if tc.opt.Precision > 0 && ref.Iterations >= tc.opt.Iterations {
				t.Errorf("the precision run did not stop early: %d worlds", ref.Iterations)
			}
		})
	}
}
