package model

import (
	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/suggest"
)

// A CaseExpr is an expression that may read the case being classed (a
// bargaining package, a strategy profile), numbered k. One that reads
// only the case is tabulated at load time (Table).
type CaseExpr struct {
	E     *calc.Expr
	Path  string    // key path of the expression, for faults
	Table []float64 // per package, when the expression reads no parameter (and is finite for every package)
}

// Eval evaluates the expression for case k in world x.
func (p *CaseExpr) Eval(k int, x []float64) (float64, error) {
	if p.Table != nil {
		return p.Table[k], nil
	}
	v, f := p.E.Run(x)
	if f.Failed() {
		return v, ExprFault(p.E, p.Path, f, v)
	}
	return v, nil
}

// A Rule classes a case: Outcome if Cond holds (nil: always).
type Rule struct {
	Outcome int
	Cond    *CaseExpr // nil: always
}

// classify returns the outcome of the first rule that holds for package
// (or profile) k in world x, or -1 when none does.
func Classify(rules []Rule, k int, x []float64) (int, error) {
	for _, r := range rules {
		if r.Cond == nil {
			return r.Outcome, nil
		}
		v, err := r.Cond.Eval(k, x)
		if err != nil {
			return -1, err
		}
		if v != 0 {
			return r.Outcome, nil
		}
	}
	return -1, nil
}

// Rules compiles a form's outcome rules, found under root+".outcomes":
// each names an outcome and, unless it always holds, a condition that
// cond compiles (nil when its problem is recorded). Missing rules, an
// undefined outcome and an outcome no rule names are recorded in e's
// problems; want says what a rule is, for the message when there are
// none.
func (e *Env) Rules(root string, specs []OutcomeRule, want string, cond func(path, src string) *calc.Expr) []Rule {
	used := make([]bool, len(e.Outcomes))
	broken := len(specs) == 0 // the outcome meant may be one that would be reported unused
	if broken {
		e.Problems.Add(root, "expected outcomes: (%s)", want)
	}
	var rules []Rule
	for _, r := range specs {
		path := root + ".outcomes." + r.Outcome
		o, ok := e.OutcomeIndex[r.Outcome]
		if !ok {
			e.Problems.Add(path, "undefined outcome %q%s (define it under outcomes:)", r.Outcome, suggest.DidYouMean(r.Outcome, e.OutcomeNames()))
			broken = true
			continue
		}
		used[o] = true
		rule := Rule{Outcome: o}
		if r.If != "" {
			if x := cond(path, r.If); x != nil {
				rule.Cond = &CaseExpr{E: x, Path: path}
			}
		}
		rules = append(rules, rule)
	}
	for i, u := range used {
		if !u && !broken {
			e.Problems.Add("outcomes."+e.Outcomes[i].ID, "outcome %q is never reached: no rule under %s.outcomes names it", e.Outcomes[i].ID, root)
		}
	}
	return rules
}
