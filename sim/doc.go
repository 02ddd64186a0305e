// Package sim is Parley's engine: it turns a validated scenario into
// sampled worlds, solves the game in each world and aggregates the results.
//
// The flow is Compile (a Spec, as decoded by the scenarios package, becomes
// a Scenario with every expression compiled and every name resolved), then
// Run (Monte Carlo over the scenario's uncertain parameters). Problems found
// by Compile are reported by key path (parties.pak.name), never by file
// position: the scenarios package, which knows the YAML, turns paths into
// file:line:col.
//
// Determinism is a design rule, not a hope: iteration i draws every
// parameter from its own stream, keyed by the run seed, the iteration and a
// hash of the parameter's name, and every aggregate is exact under merging
// (integer counts, exact sums), so a run gives the same bytes for any
// worker count and when split into shards.
//
// The package imports no YAML, CLI or terminal library.
package sim
