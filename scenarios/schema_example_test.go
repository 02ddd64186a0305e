package scenarios_test

import (
	"encoding/json"
	"fmt"

	"github.com/parley-dev/parley/scenarios"
)

// An editor reads the schema to complete a scenario's keys: here, the
// keys a scenario must have and what the schema says a tree node is.
func ExampleSchema() {
	var s struct {
		Schema   string   `json:"$schema"`
		Required []string `json:"required"`
		Defs     map[string]struct {
			Description string `json:"description"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(scenarios.Schema(), &s); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Schema)
	fmt.Println(s.Required)
	fmt.Println(s.Defs["node"].Description)
	// Output:
	// https://json-schema.org/draft/2020-12/schema
	// [scenario parties outcomes model]
	// a tree node: a decision (move:, choices:), a chance event (chance:) or an end (outcome:, payoff:)
}
