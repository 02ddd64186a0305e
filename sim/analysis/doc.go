// Package analysis holds the what-if analyses Parley runs on a compiled
// scenario (sim.Scenario), all on common random numbers so that
// differences are not Monte Carlo noise:
//
//   - Compare: the baseline and variants on the same worlds, paired
//     differences (Newcombe intervals) and the worlds that flipped;
//   - Attribute: a Shapley split of a change in an outcome's probability
//     among several variants (factors);
//   - Sensitivity: which uncertain inputs drive an outcome (rank
//     correlations, quintile swings, tipping values of the median world);
//   - Sobol: variance-based first-order and total indices;
//   - Sweep: outcome probabilities on a grid of one or two parameters;
//   - Why: for an outcome that happened, each factor's probabilities of
//     necessity, sufficiency and both (Pearl), on the same worlds;
//   - Given: the worlds consistent with an observation, and each input's
//     posterior against its prior.
//
// Analyses use the engine only through sim's public API (sim.RunLanes
// with a sim.Paired accumulator, sim.Evaluator), so they work on every
// game form.
package analysis
