package scenarios_test

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/scenarios/anchortest"
	"github.com/parley-dev/parley/scenarios/ktab"
	"github.com/parley-dev/parley/sim"
)

// ktabAnchors returns shared/anchors/ktab (see anchortest.Dir).
func ktabAnchors(tb testing.TB) string {
	tb.Helper()
	return anchortest.Dir(tb, anchortest.KTABSet)
}

// TestFromKTABRuns converts KTAB's cases to scenarios, runs one world of
// each (every input is a number, so every world is KTAB's case) and
// compares every actor's final position and the number of turns with
// KTAB's own run, stored to two decimals.
func TestFromKTABRuns(t *testing.T) {
	dir := ktabAnchors(t)
	for _, name := range []string{"SOE-Pol-Comp", "dummyData_3Dim", "SOE-Policy"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, "inputs", name+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			c, err := ktab.Read(name+".csv", f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := scenarios.FromKTAB(c, "case")
			if err != nil {
				t.Fatal(err)
			}
			s, err := scenarios.Parse(name+".yaml", doc, scenarios.Options{})
			if err != nil {
				t.Fatalf("%v\n%s", err, doc)
			}
			r, err := sim.Run(context.Background(), s, sim.Options{Iterations: 1, Seed: 1, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for _, m := range r.Metrics {
				got[m.Party] = m.Mean
			}
			turn, final := ktabFinal(t, filepath.Join(dir, "runs", name, "positions_long.csv"))
			if got["rounds"] != float64(turn) {
				t.Errorf("%v turns, KTAB ran %d", got["rounds"], turn)
			}
			dims := dimIDs(r, len(c.Dimensions))
			for a, act := range c.Actors {
				for d, dim := range c.Dimensions {
					key := "position." + s.Parties[a].ID + "." + dims[d]
					want := final[act.Name+"\x00"+dim]
					if v, ok := got[key]; !ok || math.Abs(v-want) > 0.01 {
						t.Errorf("%s: %v, KTAB %v", key, v, want)
					}
				}
			}
		})
	}
}

// dimIDs reads the dimension ids off the first k metrics, forecast.ID.
func dimIDs(r *sim.Result, k int) []string {
	var ids []string
	for _, m := range r.Metrics[:k] {
		ids = append(ids, m.Party[len("forecast."):])
	}
	return ids
}

// ktabFinal reads a KTAB run's last turn: actor and dimension → position.
func ktabFinal(tb testing.TB, path string) (int, map[string]float64) {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	last := 0
	for _, row := range rows[1:] {
		t, _ := strconv.Atoi(row[0])
		last = max(last, t)
	}
	final := map[string]float64{}
	for _, row := range rows[1:] {
		if row[0] == strconv.Itoa(last) {
			v, err := strconv.ParseFloat(row[3], 64)
			if err != nil {
				tb.Fatal(err)
			}
			final[row[1]+"\x00"+row[2]] = v
		}
	}
	return last, final
}
