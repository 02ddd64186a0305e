// Package anchortest finds the reference data of the field's own tools
// (Gambit's games and its solvers' answers, laid in shared/anchors beside
// a clone) for the tests that cross-check Parley against it.
//
// A cross-check that cannot run must not pass quietly: under CI (CI=true)
// a missing directory fails the test; in a clone without shared/ the test
// is skipped, and Main says so on stderr even without -v. The environment
// variable PARLEY_ANCHORS names another anchors directory.
package anchortest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Env names the variable that overrides where the anchors are.
const Env = "PARLEY_ANCHORS"

// GambitDir returns where the Gambit anchors should be for a test of a
// package two levels below the module root (sim/game, scenarios/gambit,
// cmd/parley) and, when they are not there, why.
func GambitDir() (string, error) {
	root := os.Getenv(Env)
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

// Gambit returns the Gambit anchor directory, or fails the test (CI=true)
// or skips it (otherwise) when it is missing.
func Gambit(tb testing.TB) string {
	tb.Helper()
	dir, err := GambitDir()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("anchors not found at %s and CI=true: the Gambit cross-checks cannot run (%v)", dir, err)
		}
		tb.Skipf("anchors not found at %s: skipping Gambit cross-checks (%v)", dir, err)
	}
	return dir
}

// Main runs a package's tests, first saying on stderr when the anchors
// are missing: go test hides a skip's message unless -v is given. pkg
// names the package in that line.
func Main(m *testing.M, pkg string) {
	if dir, err := GambitDir(); err != nil {
		what := "skipping Gambit cross-checks"
		if os.Getenv("CI") == "true" {
			what = "CI=true, so the Gambit cross-checks fail"
		}
		fmt.Fprintf(os.Stderr, "%s: anchors not found at %s: %s\n", pkg, dir, what)
	}
	os.Exit(m.Run())
}

// CheckMissing runs the test named test (one that calls Gambit) in a child
// process of the current test binary, with the anchors pointed at a
// directory that does not exist: with CI=true it must fail naming the
// directory, otherwise skip saying why.
func CheckMissing(t *testing.T, test string) {
	missing := filepath.Join(t.TempDir(), "no-anchors")
	dir := filepath.Join(missing, "gambit")
	tests := []struct {
		ci       string
		fail     bool
		contains []string
	}{
		{"true", true, []string{"--- FAIL: " + test, "anchors not found at " + dir + " and CI=true"}},
		{"", false, []string{"--- SKIP: " + test, "anchors not found at " + dir + ": skipping Gambit cross-checks"}},
		{"false", false, []string{"--- SKIP: " + test}},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v", "-test.count=1")
			// exec keeps the last of duplicate variables, so these
			// override the parent's CI and anchors settings.
			cmd.Env = append(os.Environ(), Env+"="+missing, "CI="+tt.ci)
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
