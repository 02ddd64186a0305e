package model

import (
	"maps"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim/calc"
)

// Party is a compiled party.
type Party struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Doc  string `json:"doc,omitempty"`
}

// Outcome is a compiled outcome class.
type Outcome struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Doc   string `json:"doc,omitempty"`
}

// Env is what a form compiles against: the scenario's parties and
// outcomes, its value slots (parameters, then derived values; the form's
// own slots start at Base), and where problems go.
type Env struct {
	Parties  []Party
	Outcomes []Outcome
	Base     int // the first slot after the parameters and derived values

	PartyIndex   map[string]int
	OutcomeIndex map[string]int
	Lookup       func(name string) (slot int, ok bool) // a parameter's or derived value's slot
	Names        func() []string                       // every parameter and derived value, sorted

	// Ties is the scenario's rule for ties between best moves (ties:);
	// only forms with moves (the tree) use it.
	Ties TieRule

	Problems *Problems
}

// Expr compiles an expression found at path over the parameters and
// derived values, recording its problems there.
func (e *Env) Expr(path, src string) *calc.Expr {
	x, errs := calc.Compile(strings.TrimSpace(src), e.Lookup, e.Names)
	for _, er := range errs {
		e.Problems.AddAt(path, er.Offset, "%s", er.Msg)
	}
	return x
}

// PartyNames lists the party ids, sorted, for messages.
func (e *Env) PartyNames() []string { return slices.Sorted(maps.Keys(e.PartyIndex)) }

// OutcomeNames lists the outcome ids, sorted, for messages.
func (e *Env) OutcomeNames() []string { return slices.Sorted(maps.Keys(e.OutcomeIndex)) }
