package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bumpYAML: the outcome hit happens exactly when 0.3 < x < 0.7, so x
// decides every world though its effect rises then falls.
const bumpYAML = `format: 1
scenario: bump
parties: {p: P}
parameters:
  y: {uniform: [0, 1]}
  x: {uniform: [0, 1]}
outcomes: {hit: Hit, miss: Miss}
model:
  tree:
    move: p
    choices:
      go: {outcome: hit, payoff: {p: "min(x - 0.3, 0.7 - x)"}}
      stay: {outcome: miss, payoff: {p: 0}}
`

// TestSensitivityNonMonotone: the table says which measure ranks it, the
// gap ranks x first, and a note points out that x's effect is not
// monotone although its swing is about 0.
func TestSensitivityNonMonotone(t *testing.T) {
	f := filepath.Join(t.TempDir(), "bump.yaml")
	if err := os.WriteFile(f, []byte(bumpYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := parley(t, "sensitivity", f, "--outcome", "hit", "-n", "5000", "--rank-by", "gap", "--format", "plain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Ranked by gap, largest first.", "x: its effect is not monotone (gap 1.0000"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "\n x "), strings.Index(out, "\n y "); i < 0 || j < 0 || i > j {
		t.Errorf("x is not ranked above y:\n%s", out)
	}
	out, _, _ = parley(t, "sensitivity", f, "--outcome", "hit", "-n", "2000", "--format", "plain")
	if !strings.Contains(out, "Ranked by |swing|") {
		t.Errorf("default output does not say it is ranked by swing:\n%s", out)
	}
	if _, stderr, code := parley(t, "sensitivity", f, "--rank-by", "swng"); code != 2 || !strings.Contains(stderr, `unknown --rank-by "swng" (have swing, gap, spearman)`) {
		t.Errorf("--rank-by swng: exit %d, stderr %q; want 2 and the measures", code, stderr)
	}
}
