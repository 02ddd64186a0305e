// Package scenarios owns Parley's scenario file format: it reads YAML
// strictly, applies --set overrides to the node tree, turns every problem
// into a positioned Error (file:line:col: path: message) and holds the
// bundled example scenarios.
//
// Meaning lives in package sim: this package decodes a file into a
// sim.Spec, asks sim.Compile to validate it, and maps the key paths of the
// problems sim reports back to the places in the file they came from.
//
// The keys of the format are defined once (keys.go): the decoder checks
// files against them and Schema generates from them the JSON Schema that
// editors use to complete and check a scenario as it is typed.
package scenarios
