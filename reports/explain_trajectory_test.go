package reports_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/scenarios"
)

var updateExplain = flag.Bool("update-explain", false, "rewrite testdata/explain-*.golden")

// TestExplainTrajectory pins parley explain on the spatial flagship: the
// median world's trajectory per dimension, the outcome and the payoffs.
// Rewrite with go test ./reports -run ExplainTrajectory -update-explain.
func TestExplainTrajectory(t *testing.T) {
	s, err := scenarios.Load("istanbul-2025-spatial", scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.Explain(-1, 1)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := reports.Explain(&b, e); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "explain-spatial.golden")
	if *updateExplain {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update-explain to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("explain differs from %s:\n%s", golden, b.String())
	}
}
