package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestArgumentLimits checks that counts, precisions, grids and lambdas the
// runner cannot honour are usage errors (exit 2) with a plain message,
// not a NaN table or a runtime failure.
func TestArgumentLimits(t *testing.T) {
	isolateConfig(t)
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"iterations overflow", []string{"run", "prisoners-dilemma", "-n", "9223372036854775807"}, "--iterations must be between 1 and 9007199254740992 (2^53), found 9223372036854775807"},
		{"iterations just above 2^53", []string{"run", "prisoners-dilemma", "-n", "9007199254740993"}, "between 1 and 9007199254740992"},
		{"iterations zero", []string{"run", "prisoners-dilemma", "-n", "0"}, "between 1 and"},
		{"analysis iterations overflow", []string{"compare", "prisoners-dilemma", "-n", "9223372036854775807"}, "--iterations must be between 1 and 9007199254740992"},
		{"empty shard", []string{"run", "prisoners-dilemma", "-n", "100", "--shard", "2/3"}, "--shard 2/3: 100 iterations make only 1 chunk of 1024 worlds, fewer than 3 shards"},
		{"empty first shard too", []string{"run", "prisoners-dilemma", "-n", "2048", "--shard", "1/3"}, "split into at most 2 shards"},
		{"precision NaN", []string{"run", "prisoners-dilemma", "--precision", "NaN"}, "--precision must be in (0, 0.5), found NaN"},
		{"precision Inf", []string{"run", "prisoners-dilemma", "--precision", "Inf"}, "--precision must be in (0, 0.5)"},
		{"top negative", []string{"run", "prisoners-dilemma", "--top", "-1"}, "--top must be at least 1, found -1"},
		{"top zero", []string{"run", "prisoners-dilemma", "--top", "0"}, "--top must be at least 1"},
		{"sweep grid too large", []string{"sweep", "istanbul-2025", "--param", "breach_cost=0:10:1000", "--param", "india_tilt=0:1:1000"}, "a 1000×1000 grid has 1000000 points; a sweep holds at most 1000"},
		{"sweep NaN bound", []string{"sweep", "istanbul-2025", "--param", "breach_cost=NaN:1:3"}, "from and to must be finite numbers"},
		{"sweep Inf bound", []string{"sweep", "istanbul-2025", "--param", "breach_cost=0:Inf:3"}, "from and to must be finite numbers"},
		{"sweep one step", []string{"sweep", "istanbul-2025", "--param", "breach_cost=0:1:1"}, "steps a whole number from 2 to 1000"},
		{"sweep just above the limit", []string{"sweep", "istanbul-2025", "--param", "breach_cost=0:10:7", "--param", "india_tilt=0:1:143"}, "a 7×143 grid has 1001 points"},
		{"sweep fractional steps", []string{"sweep", "istanbul-2025", "--param", "breach_cost=0:1:2.5"}, "steps a whole number"},
		{"sensitivity --exact keeps too many worlds", []string{"sensitivity", "istanbul-2025", "--exact", "-n", "100000000"}, "sensitivity keeps 21 numbers per world in memory: at most 12782640 iterations"},
		{"sensitivity beyond 2^32 worlds", []string{"sensitivity", "istanbul-2025", "-n", "4294967296"}, "sensitivity takes at most 4294967295 iterations, found 4294967296"},
		{"sensitivity --exact with sobol", []string{"sensitivity", "istanbul-2025", "--method", "sobol", "--exact"}, "--exact go with --method tornado"},
		{"sobol keeps too many worlds", []string{"sensitivity", "istanbul-2025", "--method", "sobol", "-n", "9007199254740992"}, "sobol with -n 9007199254740992: at most 2147483647 base samples"},
		{"sobol needs too much memory", []string{"sensitivity", "istanbul-2025", "--method", "sobol", "-n", "100000000"}, "the limit is 1.0 GB: use -n"},
		{"explain negative iteration", []string{"explain", "istanbul-2025", "--iteration", "-5"}, "--iteration must be a world of a run, from 0 to 9007199254740991, found -5"},
		{"explain iteration beyond any run", []string{"explain", "istanbul-2025", "--iteration", "9223372036854775807"}, "from 0 to 9007199254740991"},
		{"lambda negative", []string{"solve", "matching-pennies", "--method", "logit", "--lambda", "-5"}, "--lambda must be a finite number above 0, found -5"},
		{"lambda NaN", []string{"solve", "matching-pennies", "--method", "logit", "--lambda", "NaN"}, "found NaN"},
		{"lambda Inf", []string{"solve", "matching-pennies", "--method", "logit", "--lambda", "Inf"}, "found +Inf"},
		{"lambda zero", []string{"solve", "matching-pennies", "--method", "logit", "--lambda", "0"}, "leave --lambda out for the limit"},
		{"lambda without logit", []string{"solve", "matching-pennies", "--method", "enummixed", "--lambda", "2"}, "--lambda goes with --method logit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := parley(t, tt.args...)
			if code != exitInvalid {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitInvalid, stderr)
			}
			if !strings.Contains(stderr, tt.err) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.err)
			}
			if out != "" {
				t.Errorf("printed a report:\n%s", out)
			}
		})
	}
}

// TestLimitsStillAccepted guards the edges of the limits above.
func TestLimitsStillAccepted(t *testing.T) {
	isolateConfig(t)
	for _, args := range [][]string{
		{"run", "prisoners-dilemma", "-n", "2048", "--shard", "2/2"},
		{"run", "prisoners-dilemma", "-n", "100", "--top", "1"},
		{"solve", "matching-pennies", "--method", "logit", "--lambda", "2"},
		{"solve", "matching-pennies", "--method", "logit"},
		{"sweep", "istanbul-2025", "-n", "10", "--param", "breach_cost=0:10:20", "--param", "india_tilt=0:1:50"},
	} {
		if _, stderr, code := parley(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

// TestPrecisionReached checks that a run stopped by its cap before the
// requested precision says so, in the stamp and in the JSON.
func TestPrecisionReached(t *testing.T) {
	isolateConfig(t)
	type doc struct {
		Provenance       string `json:"provenance"`
		PrecisionReached *bool  `json:"precision_reached"`
	}
	tests := []struct {
		name    string
		args    []string
		reached *bool
		stamp   string
	}{
		{"cap first", []string{"--precision", "0.001", "-n", "10000"}, ptr(false), "precision ±0.001 NOT REACHED (widest ±0.0"},
		{"reached", []string{"--precision", "0.02"}, ptr(true), "precision ±0.02 · parley"},
		{"no precision", []string{"-n", "1000"}, nil, "variant baseline · parley"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := parley(t, append([]string{"run", flagship, "-f", "json"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var d doc
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			if (d.PrecisionReached == nil) != (tt.reached == nil) || (d.PrecisionReached != nil && *d.PrecisionReached != *tt.reached) {
				t.Errorf("precision_reached %v, want %v", show(d.PrecisionReached), show(tt.reached))
			}
			if tt.reached == nil && strings.Contains(out, "precision_reached") {
				t.Errorf("precision_reached present without --precision")
			}
			if !strings.Contains(d.Provenance, tt.stamp) {
				t.Errorf("stamp %q does not contain %q", d.Provenance, tt.stamp)
			}
		})
	}
	text, _, _ := parley(t, "run", flagship, "-f", "plain", "--precision", "0.001", "-n", "10000")
	if !strings.Contains(text, "PRECISION NOT REACHED: the cap of 10000 worlds stopped the run") {
		t.Errorf("the text report does not say the precision was not reached:\n%s", text)
	}
}

func ptr(b bool) *bool { return &b }

func show(b *bool) string {
	if b == nil {
		return "absent"
	}
	if *b {
		return "true"
	}
	return "false"
}
