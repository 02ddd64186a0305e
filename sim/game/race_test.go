//go:build race

package game_test

// raceEnabled is true under the race detector, which slows this package's
// single-threaded solvers tenfold: the heaviest anchor checks are skipped
// then, as in -short mode.
const raceEnabled = true
