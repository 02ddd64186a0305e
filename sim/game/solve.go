package game

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// The methods Solve knows, by the names parley solve --method gives them.
const (
	SolveEnumPure  = "enumpure"  // EnumPure: every pure equilibrium, any number of players
	SolveEnumMixed = "enummixed" // EnumMixedContext: every extreme equilibrium of a two-player game
	SolveLCP       = "lcp"       // LemkeHowsonAllContext: what gambit-lcp prints
	SolveLogit     = "logit"     // LogitLimit, or Logit at SolveOptions.Lambda
)

// SolveMethods lists the methods Solve knows, in the order to present them.
var SolveMethods = []string{SolveEnumPure, SolveEnumMixed, SolveLCP, SolveLogit}

// DefaultMethod is the method Solve uses when none is given: enummixed
// for a two-player game (every extreme equilibrium), else enumpure.
func DefaultMethod(g *Strategic) string {
	if g.NumPlayers() == 2 {
		return SolveEnumMixed
	}
	return SolveEnumPure
}

// SolveOptions choose how Solve finds the equilibria of one game.
type SolveOptions struct {
	// Method is one of SolveMethods; "" means DefaultMethod.
	Method string
	// Lambda, with SolveLogit, asks for the quantal response equilibrium
	// at this λ instead of the limit of the path; 0 means the limit. It
	// must be finite and not negative, and 0 with any other method.
	Lambda float64
	// Progress, with SolveEnumMixed, reports the vertex enumeration as it
	// goes (EnumMixedOptions.Progress).
	Progress func(EnumMixedProgress)
}

// Solution is what Solve found.
type Solution struct {
	// Method is the method used: SolveOptions.Method or the default.
	Method string
	// Equilibria are the equilibria found, in the order of the method.
	// Pure equilibria carry their exact fractions (0 and 1).
	Equilibria []Equilibrium
	// Complete is false when the search stopped before the end (a
	// cancelled context, a bound on memory): Equilibria are those found
	// so far, and Solve's error wraps ErrIncomplete.
	Complete bool
	// SolvedBy names the fallback that produced the logit limit when the
	// trace could not reach it (see LogitLimit); Note says why. Both are
	// "" otherwise.
	SolvedBy, Note string
}

// UnknownMethodError is Solve's error for a method it does not know.
type UnknownMethodError struct{ Method string }

func (e *UnknownMethodError) Error() string {
	return fmt.Sprintf("game: unknown method %q (have %s)", e.Method, strings.Join(SolveMethods, ", "))
}

// Solve finds the equilibria of g with one method, chosen by name: the
// single entry point for a caller that lets its user choose. A search
// stopped by ctx (enummixed, lcp) or by a bound returns the equilibria
// found so far, Complete false, and an error wrapping ErrIncomplete.
// Two-player methods return ErrNotTwoPlayer for any other game.
func Solve(ctx context.Context, g *Strategic, opts SolveOptions) (Solution, error) {
	sol := Solution{Method: opts.Method, Complete: true}
	if sol.Method == "" {
		sol.Method = DefaultMethod(g)
	}
	if !(opts.Lambda >= 0 && opts.Lambda <= math.MaxFloat64) {
		return sol, fmt.Errorf("game: lambda must be finite and not negative, found %v", opts.Lambda)
	}
	if opts.Lambda != 0 && sol.Method != SolveLogit {
		return sol, fmt.Errorf("game: lambda goes with the logit method, found %s", sol.Method)
	}
	var err error
	switch sol.Method {
	case SolveEnumPure:
		for _, prof := range EnumPure(g) {
			sol.Equilibria = append(sol.Equilibria, PureEquilibrium(g, prof))
		}
	case SolveEnumMixed:
		sol.Equilibria, err = EnumMixedContext(ctx, g, EnumMixedOptions{Progress: opts.Progress})
	case SolveLCP:
		sol.Equilibria, err = LemkeHowsonAllContext(ctx, g)
	case SolveLogit:
		if opts.Lambda > 0 {
			var q QRE
			q, err = Logit(g, LogitOptions{Lambda: opts.Lambda})
			sol.Equilibria = []Equilibrium{{Mixed: q.Profile}}
			break
		}
		var e Equilibrium
		e, err = LogitLimit(g, LogitOptions{})
		sol.Equilibria = []Equilibrium{e}
		if e.Method != "" && e.Method != MethodLogit {
			sol.SolvedBy, sol.Note = e.Method, e.Note
		}
	default:
		return sol, &UnknownMethodError{sol.Method}
	}
	if errors.Is(err, ErrIncomplete) {
		sol.Complete = false
	}
	return sol, err
}

// PureEquilibrium is the pure profile prof (a strategy index per player)
// as an Equilibrium, with its probabilities also as exact fractions.
func PureEquilibrium(g *Strategic, prof []int) Equilibrium {
	m := Pure(g, prof)
	e := Equilibrium{Mixed: m}
	for p := range m {
		var row []*big.Rat
		for _, v := range m[p] {
			row = append(row, big.NewRat(int64(v), 1))
		}
		e.Exact = append(e.Exact, row)
	}
	return e
}
