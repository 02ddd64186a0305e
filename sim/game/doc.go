// Package game holds finite games and the algorithms that solve them.
//
// A Strategic game is a finite game in strategic (normal) form with any
// number of players; an Extensive game is a game tree with chance moves and
// information sets, solved here through its reduced strategic form
// (Extensive.Reduced), whose size ReducedSize computes without building it.
//
// Solvers:
//
//   - EnumPure: every pure-strategy Nash equilibrium, any number of players.
//   - EnumMixed: every extreme mixed equilibrium of a two-player game, by
//     vertex enumeration of the best-response polytopes, with exact rational
//     output where it can be verified. EnumMixedContext stops on a context
//     or a bound on memory with the equilibria found so far; EnumMixedBound
//     estimates its work beforehand.
//   - LemkeHowson, LemkeHowsonEach, LemkeHowsonAll: complementary pivoting for
//     two-player games; LemkeHowsonAll returns what gambit-lcp prints.
//   - Logit, LogitLimit: the principal branch of the logit quantal response
//     equilibrium correspondence, traced from the centroid, and its Nash
//     limit, always an equilibrium (with a named fallback where the trace
//     cannot reach it); LogitBehavior does the same for an extensive game's
//     agent form.
//   - IteratedDominance: iterated elimination of strictly dominated
//     strategies, by pure and optionally by mixed strategies.
//   - PayoffDominant, RiskDominant and LogitLimit select one equilibrium
//     among several, for Monte Carlo summaries.
//   - Solve runs one of EnumPure, EnumMixed, LemkeHowsonAll and Logit
//     chosen by name (SolveMethods), as a command line lets its user choose.
//
// MaxGain measures how far a profile is from equilibrium: the largest gain
// from a unilateral deviation.
//
// For Monte Carlo use, a Workspace lets EnumPureInto, EnumMixedInto and
// LogitLimitInto run without allocating once warmed up: EnumMixedInto walks
// the vertices of the best-response polytopes by pivots, and LogitLimitInto
// answers 2×2 games in closed form (logit2x2.go), where LogitLimit traces.
//
// Payoffs are float64. Exact results come from reading each payoff back as
// the simplest rational within a relative 1e-13 of it (so 2/7, read from a
// file as a float, is 2/7 again), solving the equilibrium conditions in
// math/big.Rat and checking them exactly; a result that does not check
// exactly is reported in floating point only.
package game
