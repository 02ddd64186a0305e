package analysis_test

import (
	"fmt"

	"github.com/parley-dev/parley/sim/analysis"
)

// Rank re-sorts a sensitivity table: by |swing| a parameter whose effect
// rises then falls sits last; by the gap between deciles it comes first.
func ExampleSensitivityResult_Rank() {
	r := &analysis.SensitivityResult{Params: []analysis.ParamSensitivity{
		{Param: "cost", Swing: 0.30, Gap: analysis.Gap{Gap: 0.35}},
		{Param: "bump", Swing: 0.01, Gap: analysis.Gap{Gap: 0.98}},
	}}
	for _, by := range []string{analysis.RankBySwing, analysis.RankByGap} {
		if err := r.Rank(by); err != nil {
			panic(err)
		}
		fmt.Println(r.RankedBy, r.Params[0].Param, r.Params[1].Param)
	}
	// Output:
	// swing cost bump
	// gap bump cost
}
