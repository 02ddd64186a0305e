package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

// TestExplainGolden: explain on every form, against golden files (go
// test -update rewrites them). The tree's is the output from before
// explain knew other forms, byte for byte.
func TestExplainGolden(t *testing.T) {
	isolateConfig(t)
	offers := filepath.Join("..", "..", "scenarios", "testdata", "alternating-offers.yaml")
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"explain-istanbul-2025.plain", []string{"istanbul-2025"}},
		{"explain-istanbul-2025-issues.plain", []string{"istanbul-2025-issues"}},
		{"explain-istanbul-2025-issues-bluff.plain", []string{"istanbul-2025-issues", "--variant", "bluff"}},
		{"explain-istanbul-2025-issues-bluff.json", []string{"istanbul-2025-issues", "--variant", "bluff", "--format", "json"}},
		{"explain-stag-hunt.plain", []string{"stag-hunt"}},
		{"explain-stag-hunt.json", []string{"stag-hunt", "--format", "json"}},
		{"explain-matching-pennies.plain", []string{"matching-pennies"}},
		{"explain-prisoners-dilemma.markdown", []string{"prisoners-dilemma", "--format", "markdown"}},
		{"explain-offers-prefer-accept.plain", []string{offers, "--set", "ties={prefer: accept}"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			out, stderr, code := parley(t, append([]string{"explain"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			checkGolden(t, filepath.Join("testdata", tc.golden+".golden"), out)
			if strings.HasSuffix(tc.golden, ".json") && !json.Valid([]byte(out)) {
				t.Errorf("%s is not valid JSON", tc.golden)
			}
		})
	}
}

// TestExplainFacts: the explanations state the known answers: the issues
// model's median world has no deal because Kabul's firm drone demand
// excludes every package Pakistan can accept under the US agreement; with
// the demand a bluff, the Nash solution picks full restraint with strikes
// ceased and trade open; the stag hunt's risk-dominant equilibrium is
// (hare, hare) with loss products 9 against 1.
func TestExplainFacts(t *testing.T) {
	isolateConfig(t)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"istanbul-2025-issues"}, []string{"No deal (outcome collapse).", "What blocks a deal: demand halt_drones (afg). Removing any one", "Packages (0 of 24 in the zone of agreement)"}},
		{[]string{"istanbul-2025-issues", "--variant", "bluff"}, []string{"Agreed: drones=continue, ttp=full, strikes=cease, trade=open (outcome deal).", "runner-up drones=continue, ttp=partial, strikes=cease, trade=open"}},
		{[]string{"stag-hunt"}, []string{"Selection risk-dominant: equilibrium 1", "Outcome: hare.", " ▶  1  pure   hare"}},
		{[]string{"matching-pennies"}, []string{"The game has one equilibrium", "mixed", "The profile played is drawn from the mixture"}},
	} {
		out, stderr, code := parley(t, append([]string{"explain"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("explain %v lacks %q:\n%s", tc.args, w, out)
			}
		}
	}
	if _, stderr, code := parley(t, "explain", "istanbul-2025", "--format", "csv"); code != 2 || !strings.Contains(stderr, "indented tree") {
		t.Errorf("explain of a tree as CSV: exit %d, %q; want 2 and a reason", code, stderr)
	}
}

// TestExplainEveryBundled: explain works on every bundled scenario, in
// text and as valid JSON.
func TestExplainEveryBundled(t *testing.T) {
	isolateConfig(t)
	infos, err := scenarios.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		for _, format := range []string{"plain", "json"} {
			out, stderr, code := parley(t, "explain", in.ID, "--format", format)
			if code != 0 {
				t.Errorf("explain %s --format %s: exit %d: %s", in.ID, format, code, stderr)
				continue
			}
			if format == "json" && !json.Valid([]byte(out)) {
				t.Errorf("explain %s --format json is not valid JSON", in.ID)
			}
		}
	}
}
