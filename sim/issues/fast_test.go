package issues

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/parley-dev/parley/sim/model"
	"pgregory.net/rapid"
)

// paramEnv is testEnv with parameters p0…p(n-1) in the first n slots.
func paramEnv(parties, outcomes []string, n int) *model.Env {
	env := testEnv(parties, outcomes)
	env.Base = n
	env.Lookup = func(name string) (int, bool) {
		var i int
		if _, err := fmt.Sscanf(name, "p%d", &i); err == nil && i >= 0 && i < n && name == fmt.Sprintf("p%d", i) {
			return i, true
		}
		return 0, false
	}
	env.Names = func() []string {
		var names []string
		for i := range n {
			names = append(names, fmt.Sprintf("p%d", i))
		}
		return names
	}
	return env
}

const fastParams = 5

// drawModel draws a negotiation whose expressions mix the kinds the fast
// scorer reads (of the package alone, of the world alone, constants) and
// some it leaves to the loop (of both).
func drawModel(t *rapid.T) *IssuesSpec {
	nIss := rapid.IntRange(1, 3).Draw(t, "issues")
	var iss []IssueSpec
	for i := range nIss {
		n := rapid.IntRange(1, 4).Draw(t, fmt.Sprintf("options%d", i))
		is := IssueSpec{Name: fmt.Sprintf("i%d", i)}
		for o := range n {
			is.Options = append(is.Options, fmt.Sprintf("o%d", o))
		}
		iss = append(iss, is)
	}
	param := func(label string) string { return fmt.Sprintf("p%d", rapid.IntRange(0, fastParams-1).Draw(t, label)) }
	cond := func(label string) string { // a condition on the package
		is := iss[rapid.IntRange(0, nIss-1).Draw(t, label+"issue")]
		return fmt.Sprintf("%s == %q", is.Name, is.Options[rapid.IntRange(0, len(is.Options)-1).Draw(t, label+"option")])
	}
	worldExpr := func(label string) string {
		return rapid.SampledFrom([]string{
			"0", "1", "-1", "0.5", "2", "-0.25",
			param(label + "a"), "-" + param(label+"b"),
			param(label+"c") + " * min(0.5, " + param(label+"d") + ")",
			"-" + param(label+"e") + " * (1 - " + param(label+"f") + ")",
			param(label+"g") + " + " + param(label+"h"),
			"1e308 * 10",
		}).Draw(t, label)
	}
	// anyExpr is an expression that may read the package, the world or
	// both.
	anyExpr := func(label string) string {
		switch rapid.IntRange(0, 3).Draw(t, label+"kind") {
		case 0:
			return worldExpr(label)
		case 1:
			return cond(label) + " ? " + rapid.SampledFrom([]string{"2", "-1", "0", "0.5"}).Draw(t, label+"then") + " : " + rapid.SampledFrom([]string{"1", "-2", "0"}).Draw(t, label+"else")
		case 2:
			return cond(label)
		}
		return param(label+"m") + " * (" + cond(label) + ")"
	}
	spec := &IssuesSpec{Issues: iss, Solution: rapid.SampledFrom(Solutions()).Draw(t, "solution"),
		Deal: []model.OutcomeRule{{Outcome: "deal"}}, NoDeal: "none"}
	if rapid.Bool().Draw(t, "twoNegotiators") {
		spec.Parties = []string{"a", "b"}
	}
	for _, p := range []string{"a", "b", "c"} {
		u := UtilitySpec{Party: p}
		switch rapid.IntRange(0, 3).Draw(t, p+"utility") {
		case 0:
			if p == "c" {
				continue
			}
			fallthrough
		case 1, 2:
			for _, is := range iss {
				if rapid.Bool().Draw(t, p+is.Name+"weighted") {
					u.Weights = append(u.Weights, model.NamedExpr{Name: is.Name, Expr: worldExpr(p + is.Name + "weight")})
				}
				iv := IssueValues{Issue: is.Name}
				for _, o := range is.Options {
					iv.Options = append(iv.Options, model.NamedExpr{Name: o, Expr: worldExpr(p + is.Name + o)})
				}
				u.Values = append(u.Values, iv)
			}
		case 3:
			u.Expr = anyExpr(p + "expr")
		}
		spec.Utility = append(spec.Utility, u)
	}
	for _, p := range []string{"a", "b"} {
		spec.BATNA = append(spec.BATNA, model.PayoffSpec{Party: p, Expr: worldExpr(p + "batna")})
	}
	if rapid.Bool().Draw(t, "power") {
		spec.Power = []model.PayoffSpec{{Party: "a", Expr: rapid.SampledFrom([]string{"1.5", "2", param("power") + " + 0.5"}).Draw(t, "powerExpr")}}
	}
	for i := range rapid.IntRange(0, 2).Draw(t, "demands") {
		d := DemandSpec{Name: fmt.Sprintf("d%d", i), Party: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "demandParty"), Require: anyExpr(fmt.Sprintf("require%d", i))}
		if rapid.Bool().Draw(t, "uncertain") {
			d.Firm = "0.5"
		}
		spec.Demands = append(spec.Demands, d)
	}
	for i := range rapid.IntRange(0, 3).Draw(t, "constraints") {
		c := ConstraintSpec{Name: fmt.Sprintf("c%d", i), Party: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "constraintParty")}
		if rapid.Bool().Draw(t, "hard") {
			c.Forbid = anyExpr(fmt.Sprintf("forbid%d", i))
			if rapid.Bool().Draw(t, "unless") {
				c.Unless = param(fmt.Sprintf("unless%d", i)) + " > 0.5"
			}
		} else {
			c.When = anyExpr(fmt.Sprintf("when%d", i))
			c.Cost = anyExpr(fmt.Sprintf("cost%d", i))
		}
		spec.Constraints = append(spec.Constraints, c)
	}
	return spec
}

// drawWorld draws parameter values: mostly small numbers, so that
// packages tie, sometimes huge ones, so that sums overflow.
func drawWorld(t *rapid.T, x []float64) {
	for i := range fastParams {
		x[i] = rapid.SampledFrom([]float64{0, 1, -1, 0.5, 2, 3, -2, 0.3, 0.7, 1e-9, 1.7e308, -1.7e308, 1e300, 1 + 3e-13, 0.5 - 2e-13, 2 + 1e-12}).Draw(t, fmt.Sprintf("x%d", i))
		if rapid.IntRange(0, 3).Draw(t, fmt.Sprintf("free%d", i)) == 0 {
			x[i] = rapid.Float64Range(-3, 3).Draw(t, fmt.Sprintf("f%d", i))
		}
	}
}

// TestFastScorerMatchesLoop: on random negotiations and worlds, the fast
// scorer leaves the solver exactly as score's package loop does (the same
// utilities to the bit, the same zone, package, ties, blockers and
// faults), with and without items dropped, in Solve and OutcomeDist.
func TestFastScorerMatchesLoop(t *testing.T) {
	fastWorlds := 0
	rapid.Check(t, func(t *rapid.T) {
		spec := drawModel(t)
		env := paramEnv([]string{"a", "b", "c"}, []string{"deal", "none"}, fastParams)
		f := Compile(spec, env)
		if err := env.Problems.Err(); err != nil {
			t.Skip(err) // a constant power or firm out of range
		}
		b := f.(*bargain)
		drop := make([]bool, b.nItems())
		for i := range drop {
			drop[i] = rapid.IntRange(0, 3).Draw(t, fmt.Sprintf("drop%d", i)) == 0
		}
		fast, loop := b.newBargainSolver(drop), b.newLoopSolver(drop)
		if b.fastPlan() != nil {
			fastWorlds++
		}
		newWorld := func(iter int64) *model.World {
			return &model.World{Iter: iter, Seed: 3, X: make([]float64, fastParams+b.Slots()), Payoff: make([]float64, 3+len(b.Metrics())),
				Picks: []int{-1, -1}, Flags: [][]bool{nil, make([]bool, len(b.blockers))}}
		}
		for iter := range int64(rapid.IntRange(1, 4).Draw(t, "worlds")) {
			wf, wl := newWorld(iter), newWorld(iter)
			drawWorld(t, wf.X)
			copy(wl.X, wf.X)
			ef, el := fast.Solve(wf), loop.Solve(wl)
			sameErr(t, "Solve", ef, el)
			if ef != nil {
				continue // the run stops; the solver must still solve the next world right
			}
			sameWorld(t, wf, wl)
			sameState(t, fast, loop)
			if wl.Picks[0] < 0 {
				ref := make([]bool, len(b.blockers))
				loop.blockersRef(ref)
				if !slices.Equal(ref, wl.Flags[1]) {
					t.Fatalf("blockers %v, first written %v", wl.Flags[1], ref)
				}
			}
			df, dl := make([]float64, 2), make([]float64, 2)
			ef, el = fast.OutcomeDist(wf, df), loop.OutcomeDist(wl, dl)
			sameErr(t, "OutcomeDist", ef, el)
			if ef != nil {
				continue
			}
			sameFloats(t, "dist", df, dl)
			sameWorld(t, wf, wl)
			sameState(t, fast, loop)
		}
	})
	if fastWorlds == 0 {
		t.Fatal("no drawn model took the fast path")
	}
}

func sameErr(t *rapid.T, what string, a, b error) {
	if (a == nil) != (b == nil) || a != nil && a.Error() != b.Error() {
		t.Fatalf("%s: fast error %v, loop error %v", what, a, b)
	}
}

func sameFloats(t *rapid.T, what string, a, b []float64) {
	if !slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }) {
		t.Fatalf("%s: fast %v, loop %v", what, a, b)
	}
}

func sameWorld(t *rapid.T, a, b *model.World) {
	sameFloats(t, "x", a.X, b.X)
	sameFloats(t, "payoff", a.Payoff, b.Payoff)
	if a.Outcome != b.Outcome || !slices.Equal(a.Picks, b.Picks) || !slices.Equal(a.Flags[1], b.Flags[1]) {
		t.Fatalf("fast outcome %d picks %v flags %v, loop %d %v %v", a.Outcome, a.Picks, a.Flags[1], b.Outcome, b.Picks, b.Flags[1])
	}
}

// sameState compares what record, blockers and explain read.
func sameState(t *rapid.T, a, b *bargainSolver) {
	for p := range a.b.parties {
		sameFloats(t, fmt.Sprintf("u[%d]", p), a.u[p], b.u[p])
		sameFloats(t, fmt.Sprintf("ubase[%d]", p), a.ubase[p], b.ubase[p])
	}
	sameFloats(t, "batna", a.batna, b.batna)
	sameFloats(t, "power", a.power, b.power)
	for c := range a.b.constraints {
		sameFloats(t, "softCost", a.softCost[c], b.softCost[c])
		if !slices.Equal(a.softOn[c], b.softOn[c]) {
			t.Fatalf("softOn[%d]: fast %v, loop %v", c, a.softOn[c], b.softOn[c])
		}
	}
	if !slices.Equal(a.viol, b.viol) || !slices.Equal(a.ir, b.ir) || !slices.Equal(a.feasible, b.feasible) {
		t.Fatalf("fast viol %v ir %v feasible %v, loop %v %v %v", a.viol, a.ir, a.feasible, b.viol, b.ir, b.feasible)
	}
}

// blockersRef is blockers as it was written first, package by package
// for every item: the reference for the masks blockers uses now.
func (s *bargainSolver) blockersRef(flags []bool) {
	b := s.b
	nd, n := len(b.demands), b.nItems()
	zopa := false
	for k := range b.packages {
		ok := true
		for _, p := range b.negotiators {
			if s.ubase[p][k] < s.batna[p]-surplusTol {
				ok = false
				break
			}
		}
		if ok {
			zopa = true
			break
		}
	}
	any := false
	for item := range n {
		bit := uint64(1) << min(item, 63)
		for k := range b.packages {
			var irk bool
			if item >= nd && !b.constraints[item-nd].hard {
				if !s.softOn[item-nd][k] {
					continue // removing this cost changes nothing here
				}
				irk = s.irWithout(k, item-nd)
			} else {
				irk = s.ir[k]
			}
			if irk && s.viol[k]&^bit == 0 {
				flags[item] = true
				any = true
				break
			}
		}
	}
	flags[n] = !zopa
	flags[n+1] = zopa && !any
}
