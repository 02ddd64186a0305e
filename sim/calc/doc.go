// Package calc is Parley's expression machine: the payoff, probability,
// condition and utility expressions of a scenario, parsed with expr-lang's
// grammar and compiled once into a small float64 stack machine that
// evaluates a world's values without allocating.
//
// An evaluation that produces NaN or ±Inf stops at that operation; Run
// returns a Fault and Where names the operation and its operands, so the
// caller can report it at the expression's key path.
//
// calc imports nothing of Parley's but sim/suggest.
package calc
