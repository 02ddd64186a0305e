package game

import (
	"math/big"
	"strconv"
	"strings"
)

// Equilibrium is a mixed-strategy equilibrium in floating point and, when it
// could be verified, in exact rational arithmetic.
type Equilibrium struct {
	// Mixed holds the probabilities in floating point.
	Mixed Mixed
	// Exact holds the same probabilities as fractions, shaped like Mixed,
	// when the equilibrium conditions were checked to hold exactly; it is
	// nil otherwise.
	Exact [][]*big.Rat
	// Method names the procedure that produced the equilibrium, when the
	// solver can produce it more than one way (LogitLimit's fallbacks: see
	// there); "" otherwise. Note says why a fallback was needed.
	Method string
	Note   string
}

// IsExact reports whether e was verified in exact arithmetic.
func (e Equilibrium) IsExact() bool { return e.Exact != nil }

// String formats e as Gambit's command-line tools print a profile, without
// the leading "NE,": every probability of every player in order, separated
// by commas, as a fraction (1/2, 0, 1) when exact and with six significant
// digits otherwise.
func (e Equilibrium) String() string {
	var sb strings.Builder
	first := true
	for p := range e.Mixed {
		for s := range e.Mixed[p] {
			if !first {
				sb.WriteByte(',')
			}
			first = false
			if e.Exact != nil {
				sb.WriteString(e.Exact[p][s].RatString())
			} else {
				sb.WriteString(strconv.FormatFloat(e.Mixed[p][s], 'g', 6, 64))
			}
		}
	}
	return sb.String()
}

// exactEquilibrium returns an Equilibrium from exact probabilities.
func exactEquilibrium(x ...[]*big.Rat) Equilibrium {
	e := Equilibrium{Mixed: make(Mixed, len(x)), Exact: x}
	for p := range x {
		e.Mixed[p] = make([]float64, len(x[p]))
		for s, v := range x[p] {
			e.Mixed[p][s], _ = v.Float64()
		}
	}
	return e
}
