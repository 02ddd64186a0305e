package htmlreport_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/parley-dev/parley/reports/htmlreport"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// flagship computes the input of the flagship's full report.
func flagship(tb testing.TB, n int64) *htmlreport.Input {
	tb.Helper()
	ctx := context.Background()
	s, err := scenarios.Load("istanbul-2025", scenarios.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	opt := sim.Options{Iterations: n, Seed: 1}
	in := &htmlreport.Input{Scenario: s, Command: "parley report istanbul-2025"}
	if in.Run, err = sim.Run(ctx, s, opt); err != nil {
		tb.Fatal(err)
	}
	if in.Compare, err = analysis.Compare(ctx, s, [][]string{{"no_drone_deal"}, {"no_india"}}, opt); err != nil {
		tb.Fatal(err)
	}
	if in.Attribution, err = analysis.Attribute(ctx, s, []string{"no_drone_deal", "no_india"}, "collapse", opt); err != nil {
		tb.Fatal(err)
	}
	if in.Sensitivity, err = analysis.Sensitivity(ctx, s, "collapse", opt); err != nil {
		tb.Fatal(err)
	}
	sw, err := analysis.Sweep(ctx, s, []analysis.Axis{analysis.LinearAxis("breach_cost", 0, 10, 6)}, opt)
	if err != nil {
		tb.Fatal(err)
	}
	in.Sweeps = append(in.Sweeps, sw)
	return in
}

func TestWrite(t *testing.T) {
	in := flagship(t, 2000)
	var a, b bytes.Buffer
	if err := htmlreport.Write(&a, in); err != nil {
		t.Fatal(err)
	}
	if err := htmlreport.Write(&b, in); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("the same input gave two different pages")
	}
	page := a.String()
	if n := strings.Count(page, `<svg role="img"`); n != 6 { // outcomes, payoffs, differences, waterfall, tornado, sweep
		t.Errorf("%d charts, want 6", n)
	}
	if !strings.Contains(page, "<pre><code>parley report istanbul-2025</code></pre>") {
		t.Error("the reproducing command is missing")
	}
}

// BenchmarkWrite measures the page alone (charts and HTML), on results
// already computed.
func BenchmarkWrite(b *testing.B) {
	in := flagship(b, 2000)
	for b.Loop() {
		if err := htmlreport.Write(io.Discard, in); err != nil {
			b.Fatal(err)
		}
	}
}

func Example() {
	s, err := scenarios.Load("entry-deterrence", scenarios.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := sim.Run(context.Background(), s, sim.Options{Iterations: 1000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	in := &htmlreport.Input{Scenario: s, Run: r, Command: "parley report entry-deterrence -n 1000 --seed 1"}
	if err := htmlreport.Write(&page, in); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.HasPrefix(page.String(), "<!DOCTYPE html>"), strings.Count(page.String(), "<svg role=\"img\""), "charts")
	// Output: true 2 charts
}
