package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOverridesAreStamped checks that every --set and --variant applied
// is in the stamp and in the JSON, for a run, an analysis and solve: a
// table copied into a report must say how to reproduce it.
func TestOverridesAreStamped(t *testing.T) {
	isolateConfig(t)
	sets := []string{"parameters.breach_cost=1", "parameters.india_tilt.uniform.1=0.5"}
	setFlags := []string{"--set", sets[0], "--set", sets[1]}
	tests := []struct {
		name     string
		args     []string
		variants []string
		stamp    string // in the text stamp
	}{
		{"run", append([]string{"run", flagship, "-n", "500", "--variant", "no_india"}, setFlags...), []string{"no_india"},
			" · variant no_india · set parameters.breach_cost=1 · set parameters.india_tilt.uniform.1=0.5 · parley "},
		{"compare", append([]string{"compare", flagship, "-n", "500"}, setFlags...), nil,
			" · set parameters.breach_cost=1 · set parameters.india_tilt.uniform.1=0.5 · parley "},
		{"sensitivity", append([]string{"sensitivity", flagship, "-n", "500", "--variant", "no_india+no_drone_deal"}, setFlags...), []string{"no_india", "no_drone_deal"},
			" · variant no_india+no_drone_deal · set parameters.breach_cost=1 · set parameters.india_tilt.uniform.1=0.5 · parley "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := parley(t, append(slices.Clone(tt.args), "-f", "plain")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(out, tt.stamp) {
				t.Errorf("stamp lacks %q:\n%s", tt.stamp, lastLine(out))
			}
			out, stderr, code = parley(t, append(slices.Clone(tt.args), "-f", "json")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc struct {
				Provenance string
				Overrides  struct{ Sets, Variants []string }
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(doc.Overrides.Sets, sets) || !slices.Equal(doc.Overrides.Variants, tt.variants) && len(tt.variants)+len(doc.Overrides.Variants) > 0 {
				t.Errorf("json overrides %+v, want sets %q, variants %q", doc.Overrides, sets, tt.variants)
			}
			if !strings.Contains(doc.Provenance, tt.stamp) {
				t.Errorf("json provenance lacks %q: %s", tt.stamp, doc.Provenance)
			}
		})
	}
	out, _, _ := parley(t, "solve", "chicken", "--set", "parameters.crash=-20", "-f", "plain")
	if !strings.Contains(lastLine(out), " · set parameters.crash=-20 · parley ") {
		t.Errorf("solve's stamp lacks the --set: %s", lastLine(out))
	}
}

// TestMergeKeepsOverrides checks that shards run with --set merge into
// the very document the whole run gives, overrides included, and that
// shards run with different overrides are refused.
func TestMergeKeepsOverrides(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	run := func(extra ...string) string {
		args := append([]string{"run", flagship, "-n", "2048", "--seed", "3", "-f", "json", "--set", "parameters.breach_cost=2"}, extra...)
		out, stderr, code := parley(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	whole := run()
	var p []string
	for _, k := range []string{"1", "2"} {
		f := filepath.Join(dir, "part"+k+".json")
		if err := os.WriteFile(f, []byte(run("--shard", k+"/2")), 0o644); err != nil {
			t.Fatal(err)
		}
		p = append(p, f)
	}
	merged, stderr, code := parley(t, "merge", p[0], p[1], "-f", "json")
	if code != 0 || merged != whole {
		t.Errorf("merge: exit %d %s; output equals the whole run's: %v", code, stderr, merged == whole)
	}
	other := filepath.Join(dir, "other.json")
	out, stderr, code := parley(t, "run", flagship, "-n", "2048", "--seed", "3", "-f", "json", "--shard", "2/2", "--set", "parameters.breach_cost=2", "--variant", "no_india")
	if code != 0 {
		t.Fatal(stderr)
	}
	os.WriteFile(other, []byte(out), 0o644)
	if _, stderr, code := parley(t, "merge", p[0], other); code != 2 || !strings.Contains(stderr, "--variant no_india") {
		t.Errorf("merging shards of different overrides: exit %d, %s", code, stderr)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
