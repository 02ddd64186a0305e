package model

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parley-dev/parley/sim/calc"
)

// A WorldError is a fault that shows only in some sampled worlds, such as
// chance probabilities that do not sum to 1 for some parameter values. It
// names the iteration and the values that broke it, so the world can be
// reproduced.
type WorldError struct {
	Iter    int64
	Variant string // the variant being solved, "" for the baseline
	Path    string // the key path of the node or expression at fault
	Msg     string
	Values  []NamedValue
	Offset  int  // with InExpr: the character offset of the fault in the expression at Path
	InExpr  bool // the fault is an operation inside the expression at Path
}

// NamedValue is a slot's name and value in one world.
type NamedValue struct {
	Name  string
	Value float64
}

func (e *WorldError) Error() string {
	var vals []string
	for _, v := range e.Values {
		vals = append(vals, fmt.Sprintf("%s=%.6g", v.Name, v.Value))
	}
	where := fmt.Sprintf("iteration %d", e.Iter)
	if e.Variant != "" {
		where += " of variant " + e.Variant
	}
	return fmt.Sprintf("%s: %s in %s (%s)", e.Path, e.Msg, where, strings.Join(vals, ", "))
}

// ExprFault is the error for expression e, at key path, whose evaluation
// stopped on the non-finite value v: it points at the operation inside
// the expression. The runner fills in the iteration and the world's
// values.
func ExprFault(e *calc.Expr, path string, f calc.Fault, v float64) *WorldError {
	off, msg := e.Where(f, v)
	return &WorldError{Path: path, Offset: off, InExpr: true, Msg: msg}
}

// ErrStopped is the error of a solver that gave up on a world because the
// run was cancelled (World.Stop); the runner abandons the chunk.
var ErrStopped = errors.New("chunk abandoned")
