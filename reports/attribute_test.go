package reports

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/analysis"
)

// TestAttributeSharesNeedATotal checks that percentage shares are printed
// only when the total change is distinguishable from zero: a total of
// 0.0007 with an interval across 0 once gave shares of 1028% and −928%.
func TestAttributeSharesNeedATotal(t *testing.T) {
	tests := []struct {
		name      string
		total     analysis.Diff
		wantShare string // the first factor's share cell
		wantJSON  string // its "share" in JSON
	}{
		{"total near zero", analysis.Diff{Diff: 0.0007, Low: -0.004, High: 0.0054}, "", `"share":null`},
		{"negative total across zero", analysis.Diff{Diff: -0.0007, Low: -0.005, High: 0.001}, "", `"share":null`},
		{"clear total", analysis.Diff{Diff: 0.2, Low: 0.19, High: 0.21}, "40.0%", `"share":0.`},
		{"clear negative total", analysis.Diff{Diff: -0.2, Low: -0.21, High: -0.19}, "40.0%", `"share":0.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shapley := 0.08
			if tt.total.Diff == 0.0007 || tt.total.Diff == -0.0007 {
				shapley = 0.0072 // 1028% of the total
			}
			if tt.total.Diff < 0 {
				shapley = -shapley
			}
			a := &analysis.Attribution{Stamp: analysis.Stamp{Scenario: "x", Iterations: 1000, Requested: 1000, Version: "test"},
				Outcome: "deal", Total: tt.total,
				Factors: []analysis.FactorShare{{Factor: "f", Shapley: shapley, Low: shapley - 0.01, High: shapley + 0.01}}}
			d := Attribute(a)
			tb := d.Tables[0]
			if got := tb.Rows[0][4]; got != tt.wantShare {
				t.Errorf("share cell %q, want %q", got, tt.wantShare)
			}
			hidden := tt.wantShare == ""
			if says := strings.Contains(tb.Note, "interval") && strings.Contains(tb.Note, "contains 0"); says != hidden {
				t.Errorf("note says why shares are missing: %v, want %v: %s", says, hidden, tb.Note)
			}
			if total := tb.Rows[len(tb.Rows)-1][4]; (total == "") != hidden {
				t.Errorf("total's share %q", total)
			}
			b, err := json.Marshal(AttributeDocument(a))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.wantJSON) {
				t.Errorf("json has no %s: %s", tt.wantJSON, b)
			}
		})
	}
}
