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
	out, stderr, code := parley(t, "attribute", flagship, "--factors", "no_drone_deal,no_india", "--outcome", "collapse", "-n", "20000", "-f", "json")
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
	sum := 0.0
	for _, f := range doc.Factors {
		sum += f.Shapley
		if f.CILow > f.Shapley || f.Shapley > f.CIHigh {
			t.Errorf("%s: %v outside [%v, %v]", f.Factor, f.Shapley, f.CILow, f.CIHigh)
		}
	}
	if math.Abs(sum-doc.TotalChange) > 1e-12 || math.Abs(doc.Combined-doc.Baseline-doc.TotalChange) > 1e-12 {
		t.Errorf("shares %v, total %v", sum, doc.TotalChange)
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
