package scenarios_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// TestPinBundled pins what every bundled scenario gives, under its baseline
// and under each of its variants, at a fixed seed: outcome counts and
// intervals, every tally row, tie worlds and every payoff and metric
// statistic, printed to the last bit. A change of structure must leave
// these files as they are; regenerate them with -update only when a
// number is meant to change.
func TestPinBundled(t *testing.T) {
	infos, err := scenarios.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	const iterations = 3000
	for _, info := range infos {
		t.Run(info.ID, func(t *testing.T) {
			s, err := scenarios.Load(info.ID, scenarios.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			lanes := [][]string{nil}
			for _, v := range s.Variants {
				lanes = append(lanes, []string{v.Name})
			}
			for _, names := range lanes {
				sv, err := s.WithVariant(names...)
				if err != nil {
					t.Fatal(err)
				}
				r, err := sim.Run(context.Background(), sv, sim.Options{Iterations: iterations, Seed: 20251110, Workers: 2})
				if err != nil {
					t.Fatal(err)
				}
				writePin(&buf, r)
			}
			golden := filepath.Join("testdata", "pin", info.ID+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from what the run gives now:\n%s", golden, firstDiff(want, buf.Bytes()))
			}
		})
	}
}

func writePin(w *bytes.Buffer, r *sim.Result) {
	fmt.Fprintf(w, "variant %q form %s iterations %d ties %d\n", r.Variant, r.Form, r.Iterations, r.TieWorlds)
	for _, o := range r.Outcomes {
		fmt.Fprintf(w, "outcome %s %d %.17g [%.17g, %.17g]\n", o.ID, o.Count, o.Probability, o.Low, o.High)
	}
	for _, list := range [][]sim.PayoffStat{r.Payoffs, r.Metrics} {
		for _, p := range list {
			fmt.Fprintf(w, "payoff %s mean %.17g sd %.17g p5 %.17g p50 %.17g p95 %.17g ci [%.17g, %.17g]\n",
				p.Party, p.Mean, p.SD, p.P5, p.P50, p.P95, p.MeanLow, p.MeanHigh)
		}
	}
	for _, tl := range r.Tallies {
		fmt.Fprintf(w, "tally %s\n", tl.Name)
		for _, row := range tl.Rows {
			fmt.Fprintf(w, "  %q %d %.17g [%.17g, %.17g]\n", row.Label, row.Count, row.Probability, row.Low, row.High)
		}
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := range max(len(wl), len(gl)) {
		var a, b []byte
		if i < len(wl) {
			a = wl[i]
		}
		if i < len(gl) {
			b = gl[i]
		}
		if !bytes.Equal(a, b) {
			return fmt.Sprintf("line %d\nwant: %s\n got: %s", i+1, a, b)
		}
	}
	return "same lines"
}
