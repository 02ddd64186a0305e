// Package issues is the bargaining form of a scenario (model: issues): a
// negotiation over several issues, each party's utility for every package
// of options, walk-away values, demands and constraints. In every world it
// finds the zone of possible agreement and the package a bargaining
// solution (Nash, Kalai–Smorodinsky, utilitarian, egalitarian) picks, or no
// deal and what blocked one. It compiles an IssuesSpec against a
// model.Env and implements model.Form and model.Dropper (variants remove
// demands and constraints by name).
package issues
