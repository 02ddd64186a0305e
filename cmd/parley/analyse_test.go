package main

import (
	"encoding/json"
	"math"
	"testing"
)

// TestAnalysesAreDeterministic runs every analysis command with 1 and 2
// workers: the JSON must be byte-identical.
func TestAnalysesAreDeterministic(t *testing.T) {
	isolateConfig(t)
	commands := [][]string{
		{"attribute", flagship, "--factors", "no_drone_deal,no_india", "--outcome", "collapse", "-n", "20000"},
		{"compare", flagship, "-n", "20000"},
		{"compare", "istanbul-2025-issues", "-n", "5000"},
		{"sensitivity", flagship, "--outcome", "collapse", "-n", "5000"},
		{"sensitivity", flagship, "--method", "sobol", "--outcome", "collapse", "-n", "1000"},
		{"sweep", flagship, "--param", "breach_cost=0:10:3", "--param", "india_tilt=0:1:2", "-n", "5000"},
	}
	for _, args := range commands {
		t.Run(args[0], func(t *testing.T) {
			var first string
			for _, w := range []string{"1", "2"} {
				out, stderr, code := parley(t, append(args, "-f", "json", "--workers", w)...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if first == "" {
					first = out
				} else if out != first {
					t.Errorf("%v: output differs between 1 and 2 workers", args)
				}
			}
		})
	}
}

func TestAttributeJSONSchema(t *testing.T) {
	isolateConfig(t)
	out, stderr, code := parley(t, "attribute", flagship, "--factors", "no_drone_deal,no_india", "--outcome", "collapse", "-n", "20000", "--seed", "1", "-f", "json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var doc struct {
		Schema      string
		Outcome     string
		Baseline    float64
		Combined    float64
		TotalChange float64 `json:"total_change"`
		Factors     []struct {
			Factor  string
			Shapley float64
			CILow   float64 `json:"ci_low"`
			CIHigh  float64 `json:"ci_high"`
			Alone   float64
		}
		Interaction *float64
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != "parley.attribute/v1" || doc.Outcome != "collapse" || len(doc.Factors) != 2 || doc.Interaction == nil {
		t.Fatalf("unexpected document: %s", out)
	}
	// The same numbers from another command: parley compare solves the
	// four combinations on the same worlds, and with two factors
	// φ_A = ½[(c_A − c_∅) + (c_AB − c_B)] / n.
	cmp, stderr, code := parley(t, "compare", flagship, "--variants", "no_drone_deal,no_india,no_drone_deal+no_india", "-n", "20000", "--seed", "1", "-f", "json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var cdoc struct {
		Iterations int64
		Variants   []struct {
			Variant  string
			Outcomes []struct {
				ID    string
				Count int64
			}
		}
	}
	if err := json.Unmarshal([]byte(cmp), &cdoc); err != nil {
		t.Fatal(err)
	}
	count := map[string]int64{}
	for _, v := range cdoc.Variants {
		for _, o := range v.Outcomes {
			if o.ID == "collapse" {
				count[v.Variant] = o.Count
			}
		}
	}
	c0, cD, cI, cDI := count[""], count["no_drone_deal"], count["no_india"], count["no_drone_deal+no_india"]
	if cdoc.Iterations != 20000 || len(count) != 4 {
		t.Fatalf("parley compare: %d worlds, collapse counts %v", cdoc.Iterations, count)
	}
	n := float64(cdoc.Iterations)
	want := map[string]float64{
		"baseline": float64(c0) / n, "combined": float64(cDI) / n, "total_change": float64(cDI-c0) / n,
		"interaction":           float64(cDI-cD-cI+c0) / n,
		"no_drone_deal shapley": float64((cD-c0)+(cDI-cI)) / (2 * n),
		"no_india shapley":      float64((cI-c0)+(cDI-cD)) / (2 * n),
		"no_drone_deal alone":   float64(cD-c0) / n,
		"no_india alone":        float64(cI-c0) / n,
	}
	got := map[string]float64{"baseline": doc.Baseline, "combined": doc.Combined, "total_change": doc.TotalChange, "interaction": *doc.Interaction}
	for _, f := range doc.Factors {
		got[f.Factor+" shapley"], got[f.Factor+" alone"] = f.Shapley, f.Alone
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || !(math.Abs(g-v) <= 1e-15) {
			t.Errorf("%s = %v, from parley compare's counts %v", k, g, v)
		}
	}
	if _, stderr, code := parley(t, "attribute", flagship, "--factors", "no_drone_deal", "--outcome", "colapse"); code != 2 {
		t.Errorf("unknown outcome: exit %d, %s", code, stderr)
	}
}

func TestCompareJSONSchema(t *testing.T) {
	isolateConfig(t)
	out, stderr, code := parley(t, "compare", flagship, "--variants", "no_drone_deal,no_drone_deal+no_india", "-n", "5000", "-f", "json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var doc struct {
		Variants []struct {
			Variant  string
			Outcomes []struct {
				ID          string
				Probability float64
				CILow       *float64 `json:"ci_low"`
				CIHigh      *float64 `json:"ci_high"`
				Diff        *float64
				DiffCILow   *float64 `json:"diff_ci_low"`
				DiffCIHigh  *float64 `json:"diff_ci_high"`
			}
			Flipped *float64
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Variants) != 3 || doc.Variants[0].Variant != "" || doc.Variants[2].Variant != "no_drone_deal+no_india" {
		t.Fatalf("variants: %s", out)
	}
	for _, v := range doc.Variants {
		if v.Flipped == nil {
			t.Errorf("%s: no flipped", v.Variant)
		}
		for _, o := range v.Outcomes {
			if o.CILow == nil || o.CIHigh == nil || o.Diff == nil || o.DiffCILow == nil || o.DiffCIHigh == nil {
				t.Errorf("%s %s: missing keys", v.Variant, o.ID)
			}
		}
	}
}
