package issues

import (
	"slices"
	"strings"
	"sync"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/model"
)

// Bargaining solutions for the issues model.
const (
	SolutionNash        = "nash"
	SolutionKS          = "kalai-smorodinsky"
	SolutionUtilitarian = "utilitarian"
	SolutionEgalitarian = "egalitarian"
)

// Solutions lists the bargaining solutions an issues model may name.
func Solutions() []string {
	return []string{SolutionNash, SolutionKS, SolutionUtilitarian, SolutionEgalitarian}
}

// defaultMaxPackages bounds enumeration: every package is scored in every
// world.
const defaultMaxPackages = 1_000_000

// maxMaxPackages bounds max_packages: a package costs about 250 bytes once
// listed and more in every worker, so four million take a gigabyte or
// more before the first world is solved.
const maxMaxPackages = 4_000_000

// bargain is a compiled issues model.
type bargain struct {
	parties     int   // all parties of the scenario
	negotiators []int // party indices that must agree
	partyIDs    []string
	issues      []issue
	base        int // first value slot of the issues
	packages    int
	vals        [][]float64 // package → issue slot values
	opts        [][]int     // package → option index per issue
	labels      []string    // package → label
	utility     []partyUtility
	batna       []*calc.Expr // per party; nil means 0
	power       []*calc.Expr // per negotiator
	solution    string
	demands     []demand
	constraints []constraint
	rules       []model.Rule
	noDeal      int
	blockers    []string // tally labels: demands, constraints, then the two summary rows

	planOnce sync.Once
	plan     *fastPlan // the fast scorer's view of the model (fast.go); nil: score's loop only
}

type issue struct {
	name    string
	options []string
	values  []float64 // slot value per option: the index, or the range's number
}

// partyUtility is one party's utility: additive (per issue, weight × the
// value of the chosen option) or one expression.
type partyUtility struct {
	set     bool
	expr    *model.CaseExpr
	weights []*calc.Expr      // per issue (nil: 1)
	values  [][]*calc.Expr    // per issue, per option (nil: 0)
	rangeV  []*model.CaseExpr // per issue, for an expression in the issue's value
}

// evalAt evaluates a world expression of the model (no package read),
// naming path() only when the value is not finite.
func evalAt(e *calc.Expr, x []float64, path func() string) (float64, error) {
	v, f := e.Run(x)
	if f.Failed() {
		return v, model.ExprFault(e, path(), f, v)
	}
	return v, nil
}

type demand struct {
	name, reason string
	party        int
	require      *model.CaseExpr
	firm         *calc.Expr
	key          uint64
}

type constraint struct {
	name, reason, imposedBy string
	party                   int
	hard                    bool
	forbid                  *model.CaseExpr // hard
	unless                  *calc.Expr      // hard, optional
	when                    *model.CaseExpr // soft
	cost                    *model.CaseExpr // soft
}

func (b *bargain) Name() string { return "issues" }

func (b *bargain) Slots() int { return len(b.issues) }

func (b *bargain) Metrics() []string {
	var m []string
	for _, p := range b.negotiators {
		m = append(m, "surplus_"+b.partyIDs[p])
	}
	return append(m, "zopa_size")
}

func (b *bargain) Tallies() []model.TallySpec {
	return []model.TallySpec{
		{Name: "packages", Title: "Agreed packages", Column: "package", Labels: b.labels},
		{Name: "blockers", Title: "What blocked a deal (share of all worlds; a world may count under several)", Column: "blocker", Labels: b.blockers, Multi: true},
	}
}

func specIndex(spec *IssuesSpec, name string) int {
	return slices.IndexFunc(spec.Issues, func(is IssueSpec) bool { return is.Name == name })
}

func (b *bargain) issueNames() []string {
	var n []string
	for _, is := range b.issues {
		n = append(n, is.name)
	}
	return n
}

func (b *bargain) negotiatorIDs() []string {
	var n []string
	for _, p := range b.negotiators {
		n = append(n, b.partyIDs[p])
	}
	return n
}

// enumerate lists every package, the last issue varying fastest.
func (b *bargain) enumerate() {
	k := 1
	for _, is := range b.issues {
		k *= len(is.options)
	}
	b.packages = k
	idx := make([]int, len(b.issues))
	for range k {
		vals := make([]float64, len(b.issues))
		var parts []string
		for i, is := range b.issues {
			vals[i] = is.values[idx[i]]
			parts = append(parts, is.name+"="+is.options[idx[i]])
		}
		b.vals = append(b.vals, vals)
		b.opts = append(b.opts, slices.Clone(idx))
		b.labels = append(b.labels, strings.Join(parts, ", "))
		for i := len(idx) - 1; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(b.issues[i].options) {
				break
			}
			idx[i] = 0
		}
	}
}

// tabulate precomputes an expression that reads only the package.
func (b *bargain) tabulate(x *calc.Expr) *model.CaseExpr {
	pe := &model.CaseExpr{E: x}
	for _, v := range x.Vars() {
		if v < b.base {
			return pe
		}
	}
	x0 := make([]float64, b.base+len(b.issues))
	table := make([]float64, b.packages)
	for k := range b.packages {
		copy(x0[b.base:], b.vals[k])
		v, f := x.Run(x0)
		if f.Failed() {
			return pe // evaluated in every world, where the fault is reported with the world
		}
		table[k] = v
	}
	pe.Table = table
	return pe
}
