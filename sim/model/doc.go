// Package model is the contract between Parley's Monte Carlo runner and
// its game forms: the World a form solves, the Form and Solver interfaces
// it implements, the optional capabilities a form may add, the Env a form
// compiles against, and the errors and problems it reports.
//
// A form lives in a package of its own (sim/tree, sim/issues,
// sim/matrix, sim/spatial) and depends on this package and sim/calc only; the runner
// and every analysis in sim use forms through these interfaces alone and
// never by their types. docs/design.md walks through adding a form.
package model
