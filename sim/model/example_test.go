package model_test

import (
	"fmt"

	"github.com/parley-dev/parley/sim/model"
)

// A tie rule as the provenance stamp and the JSON name it.
func ExampleTieRule_String() {
	for _, r := range []model.TieRule{
		{},
		{Kind: model.TieFirst},
		{Kind: model.TiePrefer, Prefer: []string{"accept", "yes"}},
	} {
		fmt.Println(r.String(), r.IsDefault())
	}
	// Output:
	// split true
	// first false
	// prefer accept, yes false
}
