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

// A Set is one tool's reference data under the anchors directory.
type Set struct {
	Name  string // the subdirectory: gambit, ktab, bdm
	Probe string // a directory inside it that must exist ("" for none)
	Title string // how messages name the cross-checks: Gambit, KTAB, BDM
}

// The reference data sets the tests cross-check against.
var (
	GambitSet = Set{Name: "gambit", Probe: "games", Title: "Gambit"}
	KTABSet   = Set{Name: "ktab", Probe: "runs", Title: "KTAB"}
	BDMSet    = Set{Name: "bdm", Title: "BDM"}
)

// Root is the anchors directory: $PARLEY_ANCHORS, or shared/anchors
// beside the module root (found from the test's working directory, the
// package's own, by going up to go.mod), so a test finds it from any
// depth.
func Root() string {
	if root := os.Getenv(Env); root != "" {
		return root
	}
	dir, err := os.Getwd()
	for err == nil {
		if _, serr := os.Stat(filepath.Join(dir, "go.mod")); serr == nil {
			return filepath.Join(dir, "..", "shared", "anchors")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return filepath.Join("..", "..", "..", "shared", "anchors")
}

// DirOf returns where set's anchors should be and, when they are not
// there, why.
func DirOf(set Set) (string, error) {
	dir := filepath.Join(Root(), set.Name)
	probe := filepath.Join(dir, set.Probe)
	fi, err := os.Stat(probe)
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("%s is not a directory", probe)
	}
	return dir, err
}

// Dir returns set's anchor directory, or fails the test (CI=true) or
// skips it (otherwise) when it is missing.
func Dir(tb testing.TB, set Set) string {
	tb.Helper()
	dir, err := DirOf(set)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("anchors not found at %s and CI=true: the %s cross-checks cannot run (%v)", dir, set.Title, err)
		}
		tb.Skipf("anchors not found at %s: skipping %s cross-checks (%v)", dir, set.Title, err)
	}
	return dir
}

// GambitDir is DirOf(GambitSet).
func GambitDir() (string, error) { return DirOf(GambitSet) }

// Gambit is Dir(tb, GambitSet).
func Gambit(tb testing.TB) string {
	tb.Helper()
	return Dir(tb, GambitSet)
}

// Main runs a package's tests, first saying on stderr when the anchors of
// sets (Gambit's when none is named) are missing: go test hides a skip's
// message unless -v is given. pkg names the package in that line.
func Main(m *testing.M, pkg string, sets ...Set) {
	if len(sets) == 0 {
		sets = []Set{GambitSet}
	}
	for _, set := range sets {
		if dir, err := DirOf(set); err != nil {
			what := "skipping " + set.Title + " cross-checks"
			if os.Getenv("CI") == "true" {
				what = "CI=true, so the " + set.Title + " cross-checks fail"
			}
			fmt.Fprintf(os.Stderr, "%s: anchors not found at %s: %s\n", pkg, dir, what)
		}
	}
	os.Exit(m.Run())
}

// CheckMissing is CheckMissingOf(t, test, GambitSet).
func CheckMissing(t *testing.T, test string) { CheckMissingOf(t, test, GambitSet) }

// CheckMissingOf runs the test named test (one that calls Dir with set)
// in a child process of the current test binary, with the anchors
// pointed at a directory that does not exist: with CI=true it must fail
// naming the directory, otherwise skip saying why.
func CheckMissingOf(t *testing.T, test string, set Set) {
	missing := filepath.Join(t.TempDir(), "no-anchors")
	dir := filepath.Join(missing, set.Name)
	tests := []struct {
		ci       string
		fail     bool
		contains []string
	}{
		{"true", true, []string{"--- FAIL: " + test, "anchors not found at " + dir + " and CI=true"}},
		{"", false, []string{"--- SKIP: " + test, "anchors not found at " + dir + ": skipping " + set.Title + " cross-checks"}},
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
