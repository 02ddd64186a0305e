package reports

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/analysis"
)

// TestAnalysisJSONNeverWritesNonFiniteAsZero: a statistic of no worlds or
// an undefined correlation (an outcome that never varies) is NaN; the
// analysis documents write it as null, never as 0 (which reads as a
// value) and never fail to encode.
func TestAnalysisJSONNeverWritesNonFiniteAsZero(t *testing.T) {
	nan := math.NaN()
	sens := &analysis.SensitivityResult{Outcome: "deal", P: nan, Parties: []string{"a"},
		Params: []analysis.ParamSensitivity{{Param: "x", Rho: nan, PayoffRho: []float64{nan}, Low: nan, High: math.Inf(1)}}}
	attr := &analysis.Attribution{Outcome: "deal", Baseline: nan, Interaction: nan,
		Factors: []analysis.FactorShare{{Factor: "f", Shapley: nan}}}
	for name, doc := range map[string]any{"sensitivity": SensitivityDocument(sens), "attribute": AttributeDocument(attr)} {
		var b bytes.Buffer
		if err := WriteJSON(&b, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := b.String()
		for _, key := range []string{`"spearman": null`, `"probability": null`, `"p_top_quintile": null`, `"baseline": null`, `"shapley": null`} {
			if strings.Contains(out, strings.SplitN(key, ":", 2)[0]) && !strings.Contains(out, key) {
				t.Errorf("%s: want %s in\n%s", name, key, out)
			}
		}
	}
}
