package scenarios_test

import (
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

// TestSchemaAcceptsEveryForm checks the schema on valid files written in
// the less common forms the loader accepts, which the bundled scenarios
// may not use: numbers and dates as text, empty entries, merge keys,
// names given as one text instead of a list, rules that always hold.
func TestSchemaAcceptsEveryForm(t *testing.T) {
	sch := compileSchema(t)
	for _, tt := range []struct{ name, yaml string }{
		{"text that YAML reads as a date, a number or a boolean", `
format: 1.0
scenario: 2025
title: 2025-11-10
source: 42
description: true
parties: {a: 7, b: {name: 2026-01-01}}
outcomes: {o: 1.5, p: {label: false, doc: 3}}
model:
  tree:
    label: 12
    move: a
    choices:
      x: {outcome: o, payoff: {a: 1, b: 0}}
      y: {outcome: p, payoff: {a: 0, b: 1}}
`},
		{"empty sections and entries, merges and numbers in other notations", `
scenario: forms
parties: {a: , b: B}
parameters:
  h: 0x10
  u: {uniform: {min: -.5, max: 1e3}}
  f: {fixed: 3, doc: "multi\n\tline"}
  g: {fixed: [4]}
  bt: {beta: [2, 3, 0, 10]}
  c: {categorical: {values: [1, 2], weights: [1, 1]}}
derived:
  d1: h * 2
  d2: {expr: d1 + u}
outcomes: {o: , p: P}
variants:
  v: {set: {h: 1, u: {normal: [0, 1]}}}
model:
  tree:
    chance:
      one: &end {prob: "0.25", outcome: o, payoff: {a: 1, b: d2}}
      two:
        <<: *end
        prob: |
          0.5 +
          0.25
        outcome: p
`},
		{"an issues model with every optional key", `
scenario: issues-forms
parties: {a: A, b: B, c: C}
parameters: {cost: 1}
outcomes: {deal: Deal, none: None}
variants:
  no_c: {drop: cons}
  no_both: {drop: [dem, cons], set: {cost: 2}}
model:
  issues:
    parties: [a, b]
    solution: kalai-smorodinsky
    max_packages: 1e3
    issues:
      i: [x, y]
      j: {options: [p, q], doc: j}
      k: {range: [0, 1], steps: 3.0}
    utility:
      a: {weights: {i: 2}, values: {i: {x: 1, y: 0}, k: 1 - k}}
      b: '(i == "y" ? 1 : 0) + k'
      c: 0
    batna: {a: 0, b: 0}
    power: {a: 1, b: 2}
    demands:
      dem: {party: a, require: 'j == "p"', firm: 0.5, reason: "why\nso"}
    constraints:
      cons: {party: b, forbid: 'i == "x"', unless: cost > 5, imposed_by: c, reason: r}
      soft: {party: a, when: 'j == "q"', cost: cost}
    deal:
      deal: true
    no_deal: none
`},
		{"a matrix model with strategies as one text and payoffs per profile", `
scenario: matrix-forms
parties: {r: R, c: C}
outcomes: {same: Same, differ: Differ}
model:
  matrix:
    strategies: {r: [u, d], c: [l, rt]}
    payoffs:
      - {profile: [u, l], payoff: {r: 1, c: 1}}
      - {profile: [u, rt], payoff: {r: 0, c: 0}}
      - {profile: [d, l], payoff: {r: 0, c: 0}}
      - {profile: [d, rt], payoff: {r: 1, c: 1}}
    selection: uniform
    outcomes: {same: 'r == "u" and c == "l" or r == "d" and c == "rt"', differ: true}
`},
		{"a bimatrix with the players named", `
scenario: bimatrix-forms
parties: {r: R, c: C, x: X}
outcomes: {any: Any}
model:
  matrix:
    players: [r, c]
    strategies: {r: only, c: [a, b]}
    bimatrix: {r: [[1, 0]], c: [[0, 1]]}
    outcomes: any
`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := scenarios.Parse("forms.yaml", []byte(tt.yaml), scenarios.Options{}); err != nil {
				t.Fatalf("the loader rejects the case (fix the case):\n%v", err)
			}
			if yerr, err := validate(sch, []byte(tt.yaml)); yerr != nil || err != nil {
				t.Errorf("loads, but the schema rejects it:\n%v%v", yerr, err)
			}
		})
	}
}
