// Package matrix is the strategic form of a scenario (model: matrix):
// players choose strategies at once, payoffs are expressions per profile,
// and in every world the game's equilibria are found (sim/game) and one is
// selected by the scenario's rule (logit tracing, payoff or risk
// dominance, uniform). It compiles a MatrixSpec against a model.Env and
// implements model.Form and model.GameMaker.
package matrix
