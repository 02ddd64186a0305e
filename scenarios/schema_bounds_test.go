package scenarios_test

import (
	"fmt"
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

// treeWith is a small tree scenario with one parameter x and two chance
// branches, for the bounds of distributions and of prob:.
const treeWith = `scenario: bounds
parties: {a: A}
parameters:
  x: %s
outcomes: {o: O, p: P}
model:
  tree:
    chance:
      one: {prob: %s, outcome: o, payoff: {a: x}}
      two: {prob: %s, outcome: p, payoff: {a: 0}}
`

// issuesWith is a small negotiation, for the bounds of max_packages:,
// power: and firm:.
const issuesWith = `scenario: bounds
parties: {a: A, b: B}
outcomes: {deal: Deal, none: No deal}
model:
  issues:
    max_packages: %s
    issues: {i: [x, y]}
    utility: {a: 'i == "x" ? 1 : 0', b: 1}
    batna: {a: 0, b: 0}
    power: {a: %s}
    demands: {d: {party: a, require: 'i == "x"', firm: %s}}
    deal: deal
    no_deal: none
`

// TestSchemaBoundsAgreeWithLoader loads values either side of every
// bound the schema restates from sim and checks that the schema accepts
// exactly what the loader accepts.
func TestSchemaBoundsAgreeWithLoader(t *testing.T) {
	sch := compileSchema(t)
	tree := func(x string) string { return fmt.Sprintf(treeWith, x, "0.5", "0.5") }
	prob := func(p, q string) string { return fmt.Sprintf(treeWith, "1", p, q) }
	issues := func(maxPackages, power, firm string) string {
		return fmt.Sprintf(issuesWith, maxPackages, power, firm)
	}
	for _, tt := range []struct {
		name, yaml string
		ok         bool
	}{
		{"normal sd > 0", tree("{normal: [0, 1e-300]}"), true},
		{"normal sd 0", tree("{normal: [0, 0]}"), false},
		{"normal sd 0 by name", tree("{normal: {mean: 0, sd: 0}}"), false},
		{"truncnormal sd 0", tree("{truncnormal: [0, 0, -1, 1]}"), false},
		{"truncnormal sd 1", tree("{truncnormal: [0, 1, -1, 1]}"), true},
		{"lognormal sigma 0", tree("{lognormal: [0, 0]}"), false},
		{"lognormal sigma 0.5", tree("{lognormal: {mu: 0, sigma: 0.5}}"), true},
		{"beta smallest shape", tree("{beta: [1e-300, 1]}"), true},
		{"beta shape below it", tree("{beta: [9e-301, 1]}"), false},
		{"beta shape 0", tree("{beta: {alpha: 2, beta: 0}}"), false},
		{"beta largest shape", tree("{beta: [1, 1e7]}"), true},
		{"beta shape above it", tree("{beta: [1.0000001e7, 1]}"), false},
		{"bernoulli 0", tree("{bernoulli: 0}"), true},
		{"bernoulli 1", tree("{bernoulli: [1]}"), true},
		{"bernoulli above 1", tree("{bernoulli: 1.001}"), false},
		{"bernoulli below 0 by name", tree("{bernoulli: {p: -0.001}}"), false},
		{"discrete_uniform at 2^53", tree("{discrete_uniform: [9007199254740990, 9007199254740992]}"), true},
		{"discrete_uniform beyond 2^53", tree("{discrete_uniform: [9007199254740990, 9007199254740994]}"), false},
		{"discrete_uniform at -2^53", tree("{discrete_uniform: [-9007199254740992, -9007199254740990]}"), true},
		{"discrete_uniform beyond -2^53", tree("{discrete_uniform: {min: -9007199254740994, max: 0}}"), false},
		{"discrete_uniform not whole", tree("{discrete_uniform: [0.5, 3]}"), false},
		{"categorical weight 0", tree("{categorical: {values: [1, 2], weights: [0, 1]}}"), true},
		{"categorical weight below 0", tree("{categorical: {values: [1, 2], weights: [-1, 2]}}"), false},
		{"prob 0 and 1", prob("0", "1"), true},
		{"prob above 1", prob("1.5", "-0.5"), false},
		{"prob as an expression", prob("x / 2", "1 - x / 2"), true},
		{"max_packages at the limit", issues("4000000", "1", "1"), true},
		{"max_packages above it", issues("4000001", "1", "1"), false},
		{"power above 0", issues("10", "0.001", "1"), true},
		{"power 0", issues("10", "0", "1"), false},
		{"firm 0", issues("10", "1", "0"), true},
		{"firm above 1", issues("10", "1", "1.01"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Parse("bounds.yaml", []byte(tt.yaml), scenarios.Options{})
			if (err == nil) != tt.ok {
				t.Fatalf("the loader: error %v, want ok %v (fix the case, not the schema)", err, tt.ok)
			}
			yerr, verr := validate(sch, []byte(tt.yaml))
			if yerr != nil {
				t.Fatal(yerr)
			}
			if (verr == nil) != tt.ok {
				t.Errorf("the loader says ok %v, the schema says %v", tt.ok, verr)
			}
		})
	}
}
