package model

import "github.com/parley-dev/parley/sim/calc"

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
