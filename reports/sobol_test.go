package reports

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/analysis"
)

// TestSobolPartialIsMarked: a Sobol result cancelled before its bootstrap
// ended says so, shows no intervals and writes valid JSON without them
// (NaN used to be impossible to encode).
func TestSobolPartialIsMarked(t *testing.T) {
	nan := math.NaN()
	r := &analysis.SobolResult{Stamp: analysis.Stamp{Scenario: "s", Iterations: 20, Requested: 20000, Partial: true, Version: "x"},
		Target: "P(o)", Mean: 0.5, Var: 0.1,
		Indices: []analysis.SobolIndex{{Param: "x1", First: 0.3, FirstLo: nan, FirstHi: nan, Total: 0.4, TotalLo: nan, TotalHi: nan}}}
	var text bytes.Buffer
	if err := Write(&text, Plain, Sobol(r)); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"PARTIAL RESULT: only 20 of 20000 base samples", "no intervals", "n/a", "PARTIAL"} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("text lacks %q:\n%s", w, text.String())
		}
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, SobolDocument(r)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"partial": true`) || strings.Contains(js.String(), "ci_low") {
		t.Errorf("json:\n%s", js.String())
	}
}
