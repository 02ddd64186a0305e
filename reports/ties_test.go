package reports

import (
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim"
)

// TestProvenanceTies: a tie rule other than the default is in the stamp
// and the JSON, so a table can be reproduced; the default adds nothing.
func TestProvenanceTies(t *testing.T) {
	for _, tc := range []struct{ ties, want string }{
		{"", ""},
		{"first", " · ties first · "},
		{"prefer accept", " · ties prefer accept · "},
	} {
		r := &sim.Result{Scenario: "s", Hash: "h", Ties: tc.ties, Version: "v"}
		got := Provenance(r)
		if tc.want == "" && strings.Contains(got, "ties") || !strings.Contains(got, tc.want) {
			t.Errorf("Provenance with ties %q = %q, want it to contain %q", tc.ties, got, tc.want)
		}
		if doc := RunDocument(r); doc.Ties != tc.ties {
			t.Errorf("RunDocument(...).Ties = %q, want %q", doc.Ties, tc.ties)
		}
	}
}
