// Package spatial holds the spatial models of politics that Parley runs in
// every sampled world of a `model: spatial` scenario: Bueno de Mesquita's
// expected-utility model as reconstructed by Scholz, Calbert and Smith
// (2011) (BDM), and KAPSARC's KTAB spatial model of politics (SMP), and
// the model form that runs them.
//
// Actors have a capability and, on each of k dimensions, a position and a
// salience. A model moves the positions round by round until they settle
// or a round limit is reached; the forecast per dimension is read off the
// final positions.
//
// The package has two layers. The engine files (bdm*.go, smp*.go,
// forecast.go, spatial.go) work on plain numbers and import nothing of
// Parley's, so they can be checked against the published replications
// (shared/anchors/bdm, shared/anchors/ktab) without a scenario file. The
// form files (spec.go, compile.go, form.go, solve.go, explain.go)
// implement model.Form and model.Explainer on top of them: Compile turns a
// Spec (the YAML under model: spatial) into a form whose solver evaluates
// each actor's inputs in a world, runs the engine in a workspace of its
// own, and reports the forecast, the final positions and the payoffs.
package spatial
