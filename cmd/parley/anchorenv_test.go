package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The Gambit cross-checks read shared/anchors/gambit, which CI lays beside
// the clone (three levels up from this package); PARLEY_ANCHORS names
// another anchors directory. The same helper, TestMain and test are in
// sim/game, scenarios/gambit and cmd/parley: test files cannot share code
// across packages, and each copy is checked by its own test below.
const anchorsEnv = "PARLEY_ANCHORS"

// gambitAnchorDir returns where the Gambit anchors should be and, when they
// are not there, why.
func gambitAnchorDir() (string, error) {
	root := os.Getenv(anchorsEnv)
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "anchors")
	}
	dir := filepath.Join(root, "gambit")
	fi, err := os.Stat(filepath.Join(dir, "games"))
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("%s is not a directory", filepath.Join(dir, "games"))
	}
	return dir, err
}

// gambitAnchors returns the Gambit anchor directory. A cross-check that cannot run
// must not pass quietly: in CI (CI=true) a missing directory fails the
// test; in a clone without shared/ the test is skipped, and TestMain says
// so even without -v.
func gambitAnchors(tb testing.TB) string {
	tb.Helper()
	dir, err := gambitAnchorDir()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("anchors not found at %s and CI=true: the Gambit cross-checks cannot run (%v)", dir, err)
		}
		tb.Skipf("anchors not found at %s: skipping Gambit cross-checks (%v)", dir, err)
	}
	return dir
}

func TestMain(m *testing.M) {
	if dir, err := gambitAnchorDir(); err != nil {
		what := "skipping Gambit cross-checks"
		if os.Getenv("CI") == "true" {
			what = "CI=true, so the Gambit cross-checks fail"
		}
		fmt.Fprintf(os.Stderr, "cmd/parley: anchors not found at %s: %s\n", dir, what)
	}
	os.Exit(m.Run())
}

// TestMissingAnchors runs TestSolveMatchesGambit in a child test process with the anchors
// pointed at a directory that does not exist: with CI=true it must fail
// naming the directory, otherwise skip saying why.
func TestMissingAnchors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-anchors")
	dir := filepath.Join(missing, "gambit")
	tests := []struct {
		ci       string
		fail     bool
		contains []string
	}{
		{"true", true, []string{"--- FAIL: TestSolveMatchesGambit", "anchors not found at " + dir + " and CI=true"}},
		{"", false, []string{"--- SKIP: TestSolveMatchesGambit", "anchors not found at " + dir + ": skipping Gambit cross-checks"}},
		{"false", false, []string{"--- SKIP: TestSolveMatchesGambit"}},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestSolveMatchesGambit$", "-test.v", "-test.count=1")
			// exec keeps the last of duplicate variables, so these
			// override the parent's CI and anchors settings.
			cmd.Env = append(os.Environ(), anchorsEnv+"="+missing, "CI="+tt.ci)
			out, err := cmd.CombinedOutput()
			if tt.fail != (err != nil) {
				t.Errorf("child test failed: %v, want failure %v\n%s", err, tt.fail, out)
			}
			if _, ok := err.(*exec.ExitError); err != nil && !ok {
				t.Fatalf("running the child test: %v", err)
			}
			for _, s := range tt.contains {
				if !strings.Contains(string(out), s) {
					t.Errorf("child output lacks %q:\n%s", s, out)
				}
			}
		})
	}
}
