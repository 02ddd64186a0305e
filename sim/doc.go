// Package sim is Parley's engine: it turns a validated scenario into
// sampled worlds, solves the game in each world and aggregates the results.
//
// The path through it is four calls:
//
//	s, err := sim.Compile(spec)              // a Spec, as the scenarios package decodes it
//	res, err := sim.Run(ctx, s, sim.Options{Iterations: 10000, Seed: 1})
//	for _, o := range res.Outcomes { ... }   // a Result: counts, intervals, payoffs, tallies
//	whole, err := sim.Merge(shard1, shard2)  // shards of one run (Options.Shard) give the whole run
//
// Compile resolves every name and compiles every expression; the problems
// it finds are reported by key path (parties.pak.name), never by file
// position: the scenarios package, which knows the YAML, turns paths into
// file:line:col. Run is Monte Carlo over the scenario's uncertain
// parameters. A shard's Result travels between machines as its State
// (state.go); Merge combines them.
//
// Around it: the game forms (sim/tree, sim/issues, sim/matrix,
// sim/spatial) implement sim/model's Form interface and are listed in
// forms.go; the expressions are sim/calc's; the analyses that run the same
// worlds under several variants (compare, attribute, sensitivity, Sobol,
// sweep) are sim/analysis, built on RunLanes and Evaluator; the statistics
// are sim/stats, the single-game solvers sim/game.
//
// Determinism is a design rule, not a hope: iteration i draws every
// parameter from its own stream, keyed by the run seed, the iteration and a
// hash of the parameter's name, and every aggregate is exact under merging
// (integer counts, exact sums), so a run gives the same bytes for any
// worker count and when split into shards.
//
// The package imports no YAML, CLI or terminal library.
package sim
