// Package spatial holds the spatial models of politics that Parley runs in
// every sampled world of a `model: spatial` scenario: Bueno de Mesquita's
// expected-utility model as reconstructed by Scholz, Calbert and Smith
// (2011) (BDM), and KAPSARC's KTAB spatial model of politics (SMP).
//
// Actors have a capability and, on each of k dimensions, a position and a
// salience. A model moves the positions round by round until they settle
// or a round limit is reached; the forecast per dimension is read off the
// final positions.
//
// Like sim/game, this package imports nothing of Parley's: it works on
// plain numbers, so it can be checked against the published replications
// (shared/anchors/bdm, shared/anchors/ktab) without a scenario file.
package spatial
