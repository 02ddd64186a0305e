package scenarios_test

import (
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

// TestMatrixOutcomeCoverage checks that loading a matrix scenario finds
// profiles no outcome rule classes, and only those that are certain to
// be unclassed: a rule reading a parameter may hold in some worlds.
func TestMatrixOutcomeCoverage(t *testing.T) {
	const head = `scenario: rps
parties: {a: A, b: B}
parameters: {lucky: {bernoulli: 0.5}}
outcomes: {a_wins: A wins, b_wins: B wins, tie: Tie}
model:
  matrix:
    strategies: {a: [rock, paper, scissors], b: [rock, paper, scissors]}
    bimatrix:
      a: [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
      b: [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]
    selection: uniform
    outcomes:
`
	tests := []struct {
		name  string
		rules string
		want  []string // messages, profiles in the game's order (first player fastest); none for a valid file
	}{
		{"every profile classed", `      tie: a == b
      a_wins: a == "rock" and b == "scissors" or a == "paper" and b == "rock" or a == "scissors" and b == "paper"
      b_wins: true
`, nil},
		{"a parameter may class the rest", `      a_wins: a == "rock" and b == "scissors"
      b_wins: a == "paper" and b == "scissors"
      tie: lucky > 0 or lucky <= 0
`, nil},
		{"five profiles unclassed", `      a_wins: a == "rock" and b == "scissors" or a == "paper" and b == "rock"
      b_wins: a == "paper" and b == "scissors"
      tie: a == "rock" and b == "rock"
`, []string{
			"no outcome rule matches the profile a=scissors, b=rock",
			"no outcome rule matches the profile a=rock, b=paper",
			"no outcome rule matches the profile a=paper, b=paper",
			"and 2 more profiles that no outcome rule matches",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Parse("rps.yaml", []byte(head+tt.rules), scenarios.Options{})
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("load: %v", err)
				}
				return
			}
			list, ok := err.(scenarios.ErrorList)
			if !ok || len(list) != len(tt.want) {
				t.Fatalf("load: %v, want %d errors", err, len(tt.want))
			}
			for i, e := range list {
				if !strings.Contains(e.Error(), tt.want[i]) || !strings.HasPrefix(e.Error(), "rps.yaml:13:7: model.matrix.outcomes: ") {
					t.Errorf("error %d: %v\nwant rps.yaml:13:7: model.matrix.outcomes: ...%s", i, e, tt.want[i])
				}
			}
		})
	}
}
