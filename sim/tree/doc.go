// Package tree is the game-tree form of a scenario (model: tree):
// decisions, chance events and ends with payoffs, solved in every world by
// backward induction to its subgame-perfect equilibrium. It compiles a
// NodeSpec against a model.Env and implements model.Form, with
// model.Explainer (the tree node by node) and model.Expecter (the
// equilibrium's expected payoffs).
package tree
