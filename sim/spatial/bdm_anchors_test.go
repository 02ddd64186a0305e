package spatial_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios/anchortest"
	"github.com/parley-dev/parley/sim/spatial"
)

// bdmAnchorDir returns shared/anchors/bdm (see anchortest.Dir).
func bdmAnchorDir(tb testing.TB) string {
	tb.Helper()
	return anchortest.Dir(tb, anchortest.BDMSet)
}

// TestBDMAnchorsMissing: TestBDMReplication fails under CI=true without
// the anchors, and is skipped with a message elsewhere.
func TestBDMAnchorsMissing(t *testing.T) {
	anchortest.CheckMissingOf(t, "TestBDMReplication", anchortest.BDMSet)
}

// bdmReadCSV reads a whole CSV file with a header row.
func bdmReadCSV(tb testing.TB, path string) (header []string, rows [][]string) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if len(all) < 2 {
		tb.Fatalf("%s: no rows", path)
	}
	return all[0], all[1:]
}

func bdmAtof(tb testing.TB, where, s string) float64 {
	tb.Helper()
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		tb.Fatalf("%s: %v", where, err)
	}
	return v
}

// readBDMActors reads the replication's input format: one dimension,
// columns Actor, Capability, Position, Salience.
func readBDMActors(tb testing.TB, path string) []spatial.Actor {
	tb.Helper()
	header, rows := bdmReadCSV(tb, path)
	if strings.Join(header, ",") != "Actor,Capability,Position,Salience" {
		tb.Fatalf("%s: header %q, want Actor,Capability,Position,Salience", path, header)
	}
	actors := make([]spatial.Actor, len(rows))
	for i, r := range rows {
		where := fmt.Sprintf("%s:%d", path, i+2)
		actors[i] = spatial.Actor{
			Name:       r[0],
			Capability: bdmAtof(tb, where, r[1]),
			Position:   []float64{bdmAtof(tb, where, r[2])},
			Salience:   []float64{bdmAtof(tb, where, r[3])},
		}
	}
	return actors
}

// bdmTrace is a reference trace: per round the median, the mean and every
// actor's position.
type bdmTrace struct {
	names        []string
	median, mean []float64
	positions    [][]float64 // [round][actor]
}

func readBDMTrace(tb testing.TB, path string) bdmTrace {
	tb.Helper()
	header, rows := bdmReadCSV(tb, path)
	if len(header) < 4 || header[0] != "round" || header[1] != "median" || header[2] != "mean" {
		tb.Fatalf("%s: header %q, want round,median,mean,actors…", path, header)
	}
	tr := bdmTrace{names: header[3:]}
	for i, r := range rows {
		where := fmt.Sprintf("%s:%d", path, i+2)
		if got := bdmAtof(tb, where, r[0]); got != float64(i) {
			tb.Fatalf("%s: round %v, want %d", where, got, i)
		}
		tr.median = append(tr.median, bdmAtof(tb, where, r[1]))
		tr.mean = append(tr.mean, bdmAtof(tb, where, r[2]))
		pos := make([]float64, len(r)-3)
		for a := range pos {
			pos[a] = bdmAtof(tb, where, r[a+3])
		}
		tr.positions = append(tr.positions, pos)
	}
	return tr
}
