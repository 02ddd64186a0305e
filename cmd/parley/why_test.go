package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestWhyIsDeterministicAcrossWorkers is the acceptance command, by its
// bundled id, in every format: byte-identical for 1 and 2 workers.
func TestWhyIsDeterministicAcrossWorkers(t *testing.T) {
	isolateConfig(t)
	for _, format := range []string{"json", "plain", "table", "markdown", "csv"} {
		t.Run(format, func(t *testing.T) {
			var first string
			for _, w := range []string{"1", "2"} {
				out, stderr, code := parley(t, "why", "istanbul-2025", "--observed", "collapse", "--factors", "no_drone_deal,no_india",
					"-n", "10000", "-f", format, "--workers", w)
				if code != 0 {
					t.Fatalf("workers %s: exit %d: %s", w, code, stderr)
				}
				if first == "" {
					first = out
				} else if out != first {
					t.Errorf("output differs between 1 and 2 workers:\n%s\n%s", first, out)
				}
			}
		})
	}
}

func TestWhyJSONSchema(t *testing.T) {
	isolateConfig(t)
	out, stderr, code := parley(t, "why", flagship, "--observed", "collapse", "--factors", "no_drone_deal,no_india", "-n", "10000", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Schema        string
		Observed      string
		ObservedKind  string `json:"observed_kind"`
		ObservedCount int64  `json:"observed_count"`
		Iterations    int64
		Prevented     float64
		Factors       []struct {
			Factor   string
			PN       float64 `json:"pn"`
			PNLow    float64 `json:"pn_ci_low"`
			PNHigh   float64 `json:"pn_ci_high"`
			PS       float64 `json:"ps"`
			PNS      float64 `json:"pns"`
			Worlds   int64
			PSWorlds int64 `json:"ps_worlds"`
			Flipped  int64
			Shapley  *float64
			Sentence string
		}
		Combinations []struct{ Factor string }
	}
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != "parley.why/v1" || doc.Observed != "collapse" || doc.ObservedKind != "outcome" || len(doc.Factors) != 2 ||
		len(doc.Combinations) != 1 || doc.Combinations[0].Factor != "no_drone_deal+no_india" {
		t.Fatalf("unexpected document: %+v", doc)
	}
	sum := 0.0
	for _, f := range doc.Factors {
		if f.Worlds != doc.ObservedCount || f.Shapley == nil || !strings.Contains(f.Sentence, f.Factor) {
			t.Errorf("%s: worlds %d (observed %d), shapley %v, sentence %q", f.Factor, f.Worlds, doc.ObservedCount, f.Shapley, f.Sentence)
		}
		if pn := float64(f.Flipped) / float64(f.Worlds); pn != f.PN || !(f.PNLow < pn && pn < f.PNHigh) {
			t.Errorf("%s: pn %v, flipped/worlds %v, interval [%v, %v]", f.Factor, f.PN, pn, f.PNLow, f.PNHigh)
		}
		if ps := float64(f.Flipped) / float64(f.PSWorlds); ps != f.PS {
			t.Errorf("%s: ps %v, flipped/ps_worlds %v", f.Factor, f.PS, ps)
		}
		if pns := float64(f.Flipped) / float64(doc.Iterations); pns != f.PNS {
			t.Errorf("%s: pns %v, flipped/iterations %v", f.Factor, f.PNS, pns)
		}
		sum += *f.Shapley
	}
	if d := sum - doc.Prevented; d > 1e-12 || d < -1e-12 {
		t.Errorf("Shapley shares sum to %v, prevented %v", sum, doc.Prevented)
	}
}

func TestWhyGolden(t *testing.T) {
	isolateConfig(t)
	out, stderr, code := parley(t, "why", flagship, "--observed-path", "afg demand_halt -> pak refuse", "--factors", "no_drone_deal,no_india", "-n", "5000", "-f", "markdown")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkGolden(t, filepath.Join("testdata", "why-istanbul-path.markdown.golden"), out)
}

func TestWhyUsage(t *testing.T) {
	isolateConfig(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--factors", "no_india"}, "give one of --observed"},
		{[]string{"--observed", "collapse", "--observed-path", "x", "--factors", "no_india"}, "give one of --observed"},
		{[]string{"--observed", "collapse"}, "--factors is required"},
		{[]string{"--observed", "collapse", "--factors", "no_indai"}, `did you mean "no_india"`},
		{[]string{"--observed", "colapse", "--factors", "no_india"}, `did you mean "collapse"`},
		{[]string{"--observed-path", "afg settle", "--factors", "no_india"}, `no path "afg settle"`},
	}
	for _, tt := range tests {
		_, stderr, code := parley(t, append([]string{"why", flagship, "-n", "100"}, tt.args...)...)
		if code != exitInvalid || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}
