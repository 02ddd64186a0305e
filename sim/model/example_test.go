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

// A runner that draws the same stream in every world mixes its seed once
// (StreamSeed) and draws with UniformAt: the same numbers as
// World.Uniform.
func ExampleUniformAt() {
	key := model.StreamKey("param", "breach_cost")
	ss := model.StreamSeed(1, key)
	for it := int64(0); it < 3; it++ {
		w := model.World{Seed: 1, Iter: it}
		fmt.Println(model.UniformAt(ss, it) == w.Uniform(key))
	}
	// Output:
	// true
	// true
	// true
}
