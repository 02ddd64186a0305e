package main

import (
	"strings"
	"testing"
)

// TestAnalysesStampTheTieRule: an analysis of a tree whose tie rule is not
// the default says so in its stamp, as run does, so its table can be
// reproduced from the stamp alone.
func TestAnalysesStampTheTieRule(t *testing.T) {
	isolateConfig(t)
	for _, args := range [][]string{
		{"compare", "istanbul-2025", "-n", "300", "-f", "plain"},
		{"attribute", "istanbul-2025", "--factors", "no_drone_deal,no_india", "--outcome", "collapse", "-n", "300", "-f", "plain"},
		{"sensitivity", "istanbul-2025", "-n", "300", "-f", "plain"},
		{"sweep", "istanbul-2025", "--param", "breach_cost=0:10:3", "-n", "300", "-f", "plain"},
	} {
		out, errs, code := parley(t, append(args, "--set", "ties=first")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if !strings.Contains(out, "· ties first ·") {
			t.Errorf("%v: the stamp does not name the tie rule:\n%s", args, out)
		}
	}
}
