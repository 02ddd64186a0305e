package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// parley runs the CLI in-process and returns stdout, stderr and the exit code.
func parley(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(context.Background(), args, &iostreams{In: strings.NewReader(""), Out: &out, ErrOut: &errb})
	return out.String(), errb.String(), code
}

// checkGolden compares out with the golden file, which go test -update
// rewrites.
func checkGolden(t *testing.T, golden, out string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, out)
	}
}

func isolateConfig(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	for _, k := range []string{"PARLEY_ITERATIONS", "PARLEY_SEED", "PARLEY_WORKERS", "PARLEY_FORMAT", "PARLEY_PRECISION", "PARLEY_CONFIG"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}

const flagship = "../../scenarios/istanbul-2025.yaml"

func TestRunIsDeterministicAcrossWorkers(t *testing.T) {
	isolateConfig(t)
	var first string
	for _, w := range []string{"1", "2", "1", "3"} {
		out, stderr, code := parley(t, "run", flagship, "-n", "20000", "--seed", "1", "--format", "json", "--workers", w)
		if code != 0 {
			t.Fatalf("workers %s: exit %d: %s", w, code, stderr)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Fatalf("workers %s: output differs from workers 1", w)
		}
	}
	var doc struct {
		Schema     string
		Iterations int64
		Outcomes   []struct {
			ID          string
			Count       int64
			Probability float64
			CILow       float64 `json:"ci_low"`
			CIHigh      float64 `json:"ci_high"`
		}
		Paths []struct{ Label string }
	}
	if err := json.Unmarshal([]byte(first), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != "parley.run/v1" || doc.Iterations != 20000 || len(doc.Outcomes) != 3 || len(doc.Paths) == 0 {
		t.Errorf("unexpected document: %+v", doc)
	}
	var counted int64
	for _, o := range doc.Outcomes {
		counted += o.Count
		// Wilson's interval recomputed in another of its closed forms,
		// (2k + z² ∓ z·√(z² + 4k(n − k)/n)) / 2(n + z²), rather than
		// checked against the estimate it was built around.
		const z = 1.959963984540054
		k, n := float64(o.Count), float64(doc.Iterations)
		r := z * math.Sqrt(z*z+4*k*(n-k)/n)
		lo, hi := (2*k+z*z-r)/(2*(n+z*z)), (2*k+z*z+r)/(2*(n+z*z))
		if o.Probability != k/n || math.Abs(o.CILow-lo) > 1e-12 || math.Abs(o.CIHigh-hi) > 1e-12 {
			t.Errorf("%s: %d of %d worlds reported as %v [%v, %v], want %v [%v, %v]",
				o.ID, o.Count, doc.Iterations, o.Probability, o.CILow, o.CIHigh, k/n, lo, hi)
		}
	}
	if counted != doc.Iterations {
		t.Errorf("outcome counts add up to %d worlds of %d", counted, doc.Iterations)
	}
}

func TestRunGolden(t *testing.T) {
	isolateConfig(t)
	for _, format := range []string{"plain", "markdown", "csv", "json", "latex"} {
		t.Run(format, func(t *testing.T) {
			out, stderr, code := parley(t, "run", flagship, "-n", "5000", "--format", format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			checkGolden(t, filepath.Join("testdata", "run-istanbul."+format+".golden"), out)
		})
	}
}

func TestExitCodes(t *testing.T) {
	isolateConfig(t)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("scenario: x\nparties: {a: A}\noutcomes: {o: O}\nmodel: {tree: {outcome: o, payoff: {a: 1 + }}}\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"ok", []string{"run", flagship, "-n", "100"}, 0, ""},
		{"validate ok", []string{"validate", flagship}, 0, ""},
		{"invalid scenario", []string{"validate", bad}, 2, "bad.yaml:4:"},
		{"invalid scenario run", []string{"run", bad}, 2, "bad.yaml:4:"},
		{"missing file", []string{"run", "nope.yaml"}, 2, "nope.yaml"},
		{"unknown variant", []string{"run", flagship, "--variant", "no_drone"}, 2, `did you mean "no_drone_deal"`},
		{"bad set", []string{"run", flagship, "--set", "parameters.brech_cost=1"}, 2, `did you mean "breach_cost"`},
		{"unknown flag", []string{"run", flagship, "--nope"}, 2, "unknown flag"},
		{"unknown command", []string{"rnu"}, 2, "unknown command"},
		{"bad format", []string{"run", flagship, "--format", "xml"}, 2, "unknown format"},
		{"bad shard", []string{"run", flagship, "--shard", "3/2"}, 2, "--shard"},
		{"no args", []string{"run"}, 2, "accepts 1 arg"},
		{"bundled id", []string{"run", "istanbul-2025", "-n", "100"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := parley(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.err) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.err)
			}
		})
	}
}

func TestOutputFileIsNeverHalfWritten(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "report.md")
	os.WriteFile(out, []byte("precious"), 0o644)
	if _, _, code := parley(t, "run", flagship, "--variant", "nope", "-o", out); code == 0 {
		t.Fatal("run with an unknown variant succeeded")
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Errorf("a failed run changed the output file: %q", b)
	}
	if _, stderr, code := parley(t, "run", flagship, "-n", "100", "-f", "markdown", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "| deal") {
		t.Errorf("output file not written: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestSettingsPrecedence(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "parley", "config.yaml")
	os.MkdirAll(filepath.Dir(cfg), 0o755)
	os.WriteFile(cfg, []byte("iterations: 300\nseed: 9\n"), 0o644)
	t.Setenv("XDG_CONFIG_HOME", dir)
	iterations := func(args ...string) (int64, uint64) {
		out, stderr, code := parley(t, append([]string{"run", flagship, "-f", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var doc struct {
			Iterations int64
			Seed       uint64
		}
		json.Unmarshal([]byte(out), &doc)
		return doc.Iterations, doc.Seed
	}
	if n, s := iterations(); n != 300 || s != 9 {
		t.Errorf("config file: %d iterations seed %d, want 300 and 9", n, s)
	}
	t.Setenv("PARLEY_ITERATIONS", "400")
	if n, _ := iterations(); n != 400 {
		t.Errorf("env over config: %d, want 400", n)
	}
	if n, _ := iterations("-n", "500"); n != 500 {
		t.Errorf("flag over env: %d, want 500", n)
	}
	os.WriteFile(cfg, []byte("iteratons: 300\n"), 0o644)
	if _, stderr, code := parley(t, "run", flagship); code != 2 || !strings.Contains(stderr, `did you mean "iterations"`) {
		t.Errorf("a typo in the config file: exit %d, %s", code, stderr)
	}
}

func TestSamplesAndShards(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	samples := filepath.Join(dir, "worlds.csv")
	if _, stderr, code := parley(t, "run", flagship, "-n", "3000", "--samples", samples, "--workers", "2"); code != 0 {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(samples)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3001 || !strings.HasPrefix(lines[0], "iteration,breach_cost,") || !strings.HasPrefix(lines[3000], "2999,") {
		t.Fatalf("samples: %d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	for i, l := range lines[1:] {
		if strings.Split(l, ",")[0] != itoa(i) {
			t.Fatalf("line %d is world %s: not in iteration order", i+1, strings.Split(l, ",")[0])
		}
	}
	whole, _, _ := parley(t, "run", flagship, "-n", "30000", "-f", "json")
	var parts []string
	for k := 1; k <= 3; k++ {
		p := filepath.Join(dir, "part"+itoa(k)+".json")
		if _, stderr, code := parley(t, "run", flagship, "-n", "30000", "--shard", itoa(k)+"/3", "-f", "json", "-o", p); code != 0 {
			t.Fatal(stderr)
		}
		parts = append(parts, p)
	}
	merged, stderr, code := parley(t, append([]string{"merge", "-f", "json"}, parts[2], parts[0], parts[1])...)
	if code != 0 {
		t.Fatal(stderr)
	}
	if merged != whole {
		t.Error("merged shards differ from the whole run")
	}
	if _, _, code := parley(t, "merge", parts[0], parts[1]); code == 0 {
		t.Error("merging 2 of 3 shards succeeded without complaint")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestScenariosListsBundled(t *testing.T) {
	isolateConfig(t)
	out, _, code := parley(t, "scenarios", "-f", "plain")
	if code != 0 || !strings.Contains(out, "istanbul-2025") {
		t.Errorf("exit %d, output %q", code, out)
	}
	src, _, _ := parley(t, "scenarios", "--show", "istanbul-2025")
	want, _ := os.ReadFile(flagship)
	if src != string(want) {
		t.Error("--show does not print the bundled source")
	}
}

func TestPrecisionStopsAtTheSameWorldForAnyWorkers(t *testing.T) {
	isolateConfig(t)
	var first string
	for _, w := range []string{"1", "2", "4"} {
		out, stderr, code := parley(t, "run", flagship, "--precision", "0.01", "-f", "json", "--workers", w)
		if code != 0 {
			t.Fatal(stderr)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Fatalf("workers %s stopped elsewhere", w)
		}
	}
	var doc struct {
		Iterations int64
		Outcomes   []struct {
			Probability float64
			CILow       float64 `json:"ci_low"`
			CIHigh      float64 `json:"ci_high"`
		}
	}
	json.Unmarshal([]byte(first), &doc)
	// p ≈ 0.75 needs about 7200 worlds for ±0.01; the run checks every 8 chunks.
	if doc.Iterations < 7000 || doc.Iterations > 20000 {
		t.Errorf("stopped after %d worlds", doc.Iterations)
	}
	for _, o := range doc.Outcomes {
		if o.CIHigh-o.Probability >= 0.01 || o.Probability-o.CILow >= 0.01 {
			t.Errorf("half-width above 0.01: %+v", o)
		}
	}
}

func TestOutputToADeviceWritesThrough(t *testing.T) {
	isolateConfig(t)
	if _, err := os.Stat(os.DevNull); err != nil {
		t.Skip("no null device")
	}
	if _, stderr, code := parley(t, "run", flagship, "-n", "100", "-o", os.DevNull, "--samples", os.DevNull); code != 0 {
		t.Fatal(stderr)
	}
	fi, err := os.Stat(os.DevNull)
	if err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s was replaced by a regular file", os.DevNull)
	}
}

// TestInvalidCorpusExitsTwo runs every broken scenario of the loader's
// corpus through the CLI: exit 2, and every error line positioned.
func TestInvalidCorpusExitsTwo(t *testing.T) {
	isolateConfig(t)
	files, _ := filepath.Glob("../../scenarios/testdata/invalid/*.yaml")
	if len(files) < 30 {
		t.Fatalf("only %d corpus files", len(files))
	}
	pos := regexp.MustCompile(`^(parley: |  )\S+\.yaml:\d+:\d+: `)
	for _, f := range files {
		_, stderr, code := parley(t, "validate", f)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", f, code)
		}
		for _, line := range strings.Split(strings.TrimRight(stderr, "\n"), "\n") {
			if !pos.MatchString(line) && !strings.HasPrefix(line, "     ") {
				t.Errorf("%s: error line without file:line:col: %q", f, line)
			}
		}
	}
}

func TestIssuesFlagshipIsDeterministic(t *testing.T) {
	isolateConfig(t)
	var first string
	for _, w := range []string{"1", "2"} {
		out, stderr, code := parley(t, "run", "istanbul-2025-issues", "-n", "20000", "-f", "json", "--workers", w)
		if code != 0 {
			t.Fatal(stderr)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Error("issues model output differs between 1 and 2 workers")
		}
	}
	for _, key := range []string{`"packages": [`, `"blockers": [`, `"surplus_afg"`, `"zopa_size"`} {
		if !strings.Contains(first, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestWorldErrorsPointIntoTheFile(t *testing.T) {
	isolateConfig(t)
	f := filepath.Join(t.TempDir(), "badprob.yaml")
	os.WriteFile(f, []byte("scenario: badprob\nparties: {a: A}\nparameters:\n  p: {uniform: [0, 1]}\noutcomes: {x: X, y: Y}\nmodel:\n  tree:\n    chance:\n      left: {prob: p, outcome: x, payoff: {a: 1}}\n      right: {prob: 0.5, outcome: y, payoff: {a: 0}}\n"), 0o644)
	for _, args := range [][]string{{"run", f}, {"sensitivity", f}} {
		_, stderr, code := parley(t, args...)
		if code != 1 || !strings.Contains(stderr, "badprob.yaml:8:5: model.tree.chance: branch probabilities sum to") || !strings.Contains(stderr, "in iteration 0 (p=") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
