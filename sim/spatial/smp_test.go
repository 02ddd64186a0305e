package spatial_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios/anchortest"
	"github.com/parley-dev/parley/scenarios/ktab"
	"github.com/parley-dev/parley/sim/spatial"
)

// ktabAnchors returns shared/anchors/ktab, failing the test under CI=true
// when it is missing and skipping it, saying why, elsewhere (the pattern
// of scenarios/anchortest, whose Gambit helpers name Gambit's directory).
func ktabAnchors(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv(anchortest.Env)
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "anchors")
	}
	dir := filepath.Join(root, "ktab")
	fi, err := os.Stat(filepath.Join(dir, "runs"))
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("%s is not a directory", filepath.Join(dir, "runs"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("anchors not found at %s and CI=true: the KTAB cross-checks cannot run (%v)", dir, err)
		}
		tb.Skipf("anchors not found at %s: skipping KTAB cross-checks (%v)", dir, err)
	}
	return dir
}

func readCase(tb testing.TB, dir, name string) *ktab.Case {
	tb.Helper()
	path := filepath.Join(dir, "inputs", name+".csv")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	c, err := ktab.Read(path, f)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// ktabRun reads KTAB's positions_long.csv: positions[turn][actor][dim].
func ktabRun(t *testing.T, dir, name string, c *ktab.Case) [][][]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "runs", name, "positions_long.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	actor, dim := map[string]int{}, map[string]int{}
	for i, a := range c.Actors {
		actor[a.Name] = i
	}
	for d, n := range c.Dimensions {
		dim[n] = d
	}
	var out [][][]float64
	for _, r := range rows[1:] {
		turn, err1 := strconv.Atoi(r[0])
		pos, err2 := strconv.ParseFloat(r[3], 64)
		a, ok1 := actor[r[1]]
		d, ok2 := dim[r[2]]
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			t.Fatalf("bad row %q", r)
		}
		for len(out) <= turn {
			block := make([][]float64, len(c.Actors))
			for i := range block {
				block[i] = make([]float64, len(c.Dimensions))
			}
			out = append(out, block)
		}
		out[turn][a][d] = pos
	}
	return out
}

// compareKTAB returns the largest difference from KTAB's run and the
// first turn that differs by more than tol, or -1.
func compareKTAB(got, want [][][]float64, tol float64) (maxDiff float64, firstBad int) {
	firstBad = -1
	for t := range min(len(got), len(want)) {
		for a := range want[t] {
			for d := range want[t][a] {
				diff := math.Abs(got[t][a][d] - want[t][a][d])
				maxDiff = max(maxDiff, diff)
				if diff > tol && firstBad < 0 {
					firstBad = t
				}
			}
		}
	}
	return maxDiff, firstBad
}

// KTAB's runs store two decimals; its bargains are rounded to 0.01 on the
// 0–100 scale, so agreement means equal to the stored digits.
const ktabTol = 0.01 + 1e-9

// TestSMPAgainstKTAB: every actor's position after every turn equals
// KTAB's smpc run with default options, with the same number of turns.
func TestSMPAgainstKTAB(t *testing.T) {
	dir := ktabAnchors(t)
	for _, name := range []string{"SOE-Pol-Comp", "dummyData_3Dim", "SOE-Policy"} {
		t.Run(name, func(t *testing.T) {
			c := readCase(t, dir, name)
			want := ktabRun(t, dir, name, c)
			tr, err := spatial.SMP(c.Actors, spatial.SMPOptions{})
			if err != nil {
				t.Fatal(err)
			}
			maxDiff, bad := compareKTAB(tr.Positions, want, ktabTol)
			if bad >= 0 {
				t.Errorf("turn %d differs from KTAB's; largest difference %.4f", bad, maxDiff)
			}
			if tr.Rounds() != len(want)-1 {
				t.Errorf("%d turns, KTAB ran %d", tr.Rounds(), len(want)-1)
			}
			if !tr.Converged {
				t.Errorf("not converged")
			}
			t.Logf("%d turns, largest difference from KTAB %.2g", tr.Rounds(), maxDiff)
		})
	}
}

// TestSMPMissingAnchors: TestSMPAgainstKTAB fails under CI=true without
// the anchors, and is skipped with a message elsewhere.
func TestSMPMissingAnchors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-anchors")
	dir := filepath.Join(missing, "ktab")
	for _, tt := range []struct {
		ci   string
		fail bool
		want string
	}{
		{"true", true, "anchors not found at " + dir + " and CI=true"},
		{"", false, "anchors not found at " + dir + ": skipping KTAB cross-checks"},
	} {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestSMPAgainstKTAB$", "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), anchortest.Env+"="+missing, "CI="+tt.ci)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if err != nil && !errors.As(err, &ee) {
				t.Fatal(err)
			}
			if tt.fail != (err != nil) {
				t.Errorf("child failed: %v, want failure %v\n%s", err, tt.fail, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("child output lacks %q:\n%s", tt.want, out)
			}
		})
	}
}
