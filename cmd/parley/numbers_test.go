package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// offsetScenario has one payoff, offset + u with u uniform on
// (-√3, √3): sd 1 at any offset.
const offsetScenario = `format: 1
scenario: offset
title: A payoff far from zero
parties:
  a: {name: A}
parameters:
  u: {uniform: [-1.7320508075688772, 1.7320508075688772]}
  offset: 0
outcomes:
  done: Done
model:
  tree:
    outcome: done
    payoff: {a: offset + u}
`

type payoffDoc struct {
	Iterations int64
	Payoffs    []struct {
		Mean, SD, P5, P50, P95 *float64
		MeanCILow              *float64 `json:"mean_ci_low"`
		MeanCIHigh             *float64 `json:"mean_ci_high"`
	}
}

func decodePayoffs(t *testing.T, out string) payoffDoc {
	t.Helper()
	var doc payoffDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Payoffs) == 0 {
		t.Fatalf("decode %v: %s", err, out)
	}
	return doc
}

// samplePayoffs reads the last column (the only party's payoff) of a
// samples CSV.
func samplePayoffs(t *testing.T, file string) []float64 {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var xs []float64
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, ",")
		x, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			t.Fatal(err)
		}
		xs = append(xs, x)
	}
	return xs
}

// TestMomentsAreExactFarFromZero: the sd of offset + u is that of u, to
// 1e-9, whatever the offset (per-chunk float64 sums of x and x² gave sd
// 2.8 instead of 0.58 at 1e8, and 0 with a zero-width interval beyond);
// and the output is the same for any workers and shards.
func TestMomentsAreExactFarFromZero(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	f := filepath.Join(dir, "offset.yaml")
	if err := os.WriteFile(f, []byte(offsetScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	const n = "5000"
	for _, off := range []string{"0", "1e4", "1e8", "1e12"} {
		t.Run(off, func(t *testing.T) {
			set := "parameters.offset=" + off
			samples := filepath.Join(dir, "samples-"+off+".csv")
			out, stderr, code := parley(t, "run", f, "-n", n, "--set", set, "-f", "json", "--workers", "1", "--samples", samples)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			// Two passes over the samples less the first (exact near a
			// large offset), so the reference itself does not cancel.
			xs := samplePayoffs(t, samples)
			mean := 0.0
			for _, x := range xs {
				mean += x - xs[0]
			}
			mean /= float64(len(xs))
			ss := 0.0
			for _, x := range xs {
				ss += (x - xs[0] - mean) * (x - xs[0] - mean)
			}
			want := math.Sqrt(ss / float64(len(xs)-1))
			p := decodePayoffs(t, out).Payoffs[0]
			if math.Abs(*p.SD-want) > 1e-9*want {
				t.Errorf("sd %v, want %v (two-pass over the samples)", *p.SD, want)
			}
			if !(*p.MeanCILow < *p.Mean && *p.Mean < *p.MeanCIHigh) {
				t.Errorf("interval of the mean [%v, %v] around %v", *p.MeanCILow, *p.MeanCIHigh, *p.Mean)
			}

			// Quantiles: the lower empirical quantiles of the samples,
			// within the sketch's 0.1% of their distance from the offset
			// (not 0.1% of the offset: 1000 + u once printed 999.247 for
			// both p5 and p50).
			slices.Sort(xs)
			o, _ := strconv.ParseFloat(off, 64)
			for _, q := range []struct {
				p   float64
				got float64
			}{{0.05, *p.P5}, {0.5, *p.P50}, {0.95, *p.P95}} {
				exact := xs[int(math.Ceil(q.p*float64(len(xs))))-1]
				if tol := 2e-3*math.Abs(exact-o) + 1e-12*math.Abs(o); math.Abs(q.got-exact) > tol {
					t.Errorf("p%v = %v, want %v ± %v", q.p*100, q.got, exact, tol)
				}
			}

			for _, w := range []string{"2", "3"} {
				other, stderr, code := parley(t, "run", f, "-n", n, "--set", set, "-f", "json", "--workers", w)
				if code != 0 || other != out {
					t.Errorf("workers %s: exit %d, %s; output differs from 1 worker", w, code, stderr)
				}
			}
			var parts []string
			for k := 1; k <= 3; k++ {
				part := filepath.Join(dir, "part-"+off+"-"+itoa(k)+".json")
				if _, stderr, code := parley(t, "run", f, "-n", n, "--set", set, "--shard", itoa(k)+"/3", "-f", "json", "-o", part); code != 0 {
					t.Fatal(stderr)
				}
				parts = append(parts, part)
			}
			merged, stderr, code := parley(t, "merge", "-f", "json", parts[1], parts[2], parts[0])
			if code != 0 || merged != out {
				t.Errorf("merged shards: exit %d, %s; output differs from the whole run", code, stderr)
			}
		})
	}
}

const hugeScenario = `format: 1
scenario: huge
title: Payoffs near the end of float64
parties:
  a: {name: A}
parameters:
  c: {categorical: {values: [-1, 1], weights: [0.5, 0.5]}}
  big: 1e308
outcomes:
  done: Done
model:
  tree:
    outcome: done
    payoff: {a: c * big}
`

// TestHugePayoffs: ±1e308 payoffs once panicked (adding infinite chunk
// sums); the sd is finite and right although Σx² is far beyond float64.
// An sd that is itself beyond float64 is null in JSON and "overflow" in
// tables, never 0.
func TestHugePayoffs(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	f := filepath.Join(dir, "huge.yaml")
	if err := os.WriteFile(f, []byte(hugeScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	samples := filepath.Join(dir, "huge.csv")
	out, stderr, code := parley(t, "run", f, "-n", "3000", "-f", "json", "--samples", samples)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	k := 0.0 // worlds with +1e308
	xs := samplePayoffs(t, samples)
	for _, x := range xs {
		if x > 0 {
			k++
		}
	}
	nf := float64(len(xs))
	// Values ±b with k of them positive: sd = 2b·sqrt(k(n−k)/(n(n−1))).
	want := 1e308 * (2 * math.Sqrt(k/nf*(nf-k)/(nf-1)))
	p := decodePayoffs(t, out).Payoffs[0]
	if p.SD == nil || math.Abs(*p.SD-want) > 1e-12*want {
		t.Errorf("sd %v, want %v", p.SD, want)
	}
	if want := 1e308 * (2*k - nf) / nf; p.Mean == nil || math.Abs(*p.Mean-want) > 1e-12*math.Abs(want) {
		t.Errorf("mean %v, want %v", p.Mean, want)
	}

	// Two worlds of ±1.7e308: sd 2.4e308, beyond float64.
	out, stderr, code = parley(t, "run", f, "-n", "2", "--seed", "3", "--set", "parameters.big=1.7e308", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `"sd": null`) {
		t.Errorf("sd beyond float64 is not null in JSON:\n%s", out)
	}
	if p := decodePayoffs(t, out).Payoffs[0]; p.Mean == nil || *p.Mean != 0 {
		t.Errorf("mean %v, want 0", p.Mean)
	}
	table, _, _ := parley(t, "run", f, "-n", "2", "--seed", "3", "--set", "parameters.big=1.7e308", "--table", "payoffs")
	if !strings.Contains(table, "overflow") {
		t.Errorf("sd beyond float64 is not marked in the table:\n%s", table)
	}
}

// TestNonFiniteValuesStopTheRun: a NaN or ±Inf anywhere in a world is an
// error (exit 1) naming file:line:col of the operation, the key path, the
// iteration and the world's values — not a silent branch or tie.
func TestNonFiniteValuesStopTheRun(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	tree := func(derived, payoff string) string {
		return "format: 1\nscenario: nan\ntitle: NaN\nparties: {a: A, b: B}\n" +
			"parameters:\n  x: {uniform: [-1, 1]}\n" +
			"derived:\n  d: " + derived + "\n" +
			"outcomes: {up: Up, down: Down}\n" +
			"model:\n  tree:\n    move: a\n    choices:\n" +
			"      up: {outcome: up, payoff: {a: \"" + payoff + "\", b: 0}}\n" +
			"      down: {outcome: down, payoff: {a: 0, b: 0}}\n"
	}
	issues := "format: 1\nscenario: iss\ntitle: Issues\nparties: {union: Union, firm: Firm}\n" +
		"parameters:\n  x: {uniform: [-1, 1]}\n" +
		"outcomes: {deal: Deal, strike: Strike}\n" +
		"model:\n  issues:\n    issues:\n      wages: [low, high]\n" +
		"    utility:\n" +
		"      union: {weights: {wages: 1}, values: {wages: {low: 0, high: 1}}}\n" +
		"      firm: {values: {wages: {low: 1, high: 0.5}}}\n" +
		"    batna: {union: 0.5, firm: 0.1}\n" +
		"    power: {union: 1, firm: 1}\n" +
		"    deal: deal\n    no_deal: strike\n"
	matrix := "format: 1\nscenario: mx\ntitle: Matrix\nparties: {row: Row, col: Col}\n" +
		"parameters:\n  x: {uniform: [-1, 1]}\n" +
		"outcomes: {same: Same, other: Other}\n" +
		"model:\n  matrix:\n    strategies: {row: [a, b], col: [a, b]}\n" +
		"    bimatrix:\n      row: [[\"log(x)\", 0], [0, 1]]\n      col: [[1, 0], [0, 1]]\n" +
		"    outcomes:\n      same: row == col\n      other: true\n"
	cases := []struct {
		name, yaml string
		sets       []string
		want       []string
	}{
		{"log in a derived value", tree("log(x)", "d"), nil,
			[]string{":8:6: derived.d: log(-", ") is NaN", "in iteration 0 (x="}},
		{"log in a condition", tree("x", "log(x) > 0 ? 1 : -1"), nil,
			[]string{":14:38: model.tree.choices.up.payoff.a: log(-", "is NaN", "in iteration 0 (x="}},
		{"sign of NaN", tree("x", "sign(sqrt(x))"), nil,
			[]string{":14:43: model.tree.choices.up.payoff.a: sqrt(-", "is NaN"}},
		{"division by zero", tree("x", "1 / (x - x)"), nil,
			[]string{":14:40: model.tree.choices.up.payoff.a: 1 / 0 is +Inf"}},
		{"NaN walk-away value", issues, []string{"model.issues.batna.union=log(x)"},
			[]string{"model.issues.batna.union: log(-", "is NaN", "in iteration 0 (x="}},
		{"NaN weight", issues, []string{"model.issues.utility.union.weights.wages=sqrt(x)"},
			[]string{"model.issues.utility.union.weights.wages: sqrt(-", "is NaN"}},
		{"NaN bargaining power", issues, []string{"model.issues.power.union=log(x)"},
			[]string{"model.issues.power.union: log(-", "is NaN"}},
		{"zero bargaining power", issues, []string{"model.issues.power.union=x * x * 0"},
			[]string{"model.issues.power.union: bargaining power must be > 0, found 0", "in iteration 0 (x="}},
		{"NaN utility", issues, []string{"model.issues.utility.firm.values.wages.high=log(x)"},
			[]string{"model.issues.utility.firm.values.wages.high: log(-", "is NaN"}},
		{"NaN matrix payoff", matrix, nil,
			[]string{":12:15: model.matrix.bimatrix.row.0.0: payoff of row at", "log(-", "is NaN"}},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := filepath.Join(dir, "s"+itoa(i)+".yaml")
			if err := os.WriteFile(f, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			// Seed 2: world 0 draws x < 0, so the first fault is in it.
			args := []string{"run", f, "-n", "2000", "--seed", "2"}
			for _, s := range tc.sets {
				args = append(args, "--set", s)
			}
			_, stderr, code := parley(t, args...)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr %q", code, stderr)
			}
			if !strings.Contains(stderr, f) {
				t.Errorf("stderr %q does not name the file", stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q does not contain %q", stderr, w)
				}
			}
		})
	}
}

// TestMergeRefusesAnotherSketchCentre: shards whose quantile sketches
// measure from different centres cannot be merged bucket by bucket.
func TestMergeRefusesAnotherSketchCentre(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	f := filepath.Join(dir, "offset.yaml")
	if err := os.WriteFile(f, []byte(offsetScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	var parts []string
	for k := 1; k <= 2; k++ {
		part := filepath.Join(dir, "part"+itoa(k)+".json")
		if _, stderr, code := parley(t, "run", f, "-n", "3000", "--shard", itoa(k)+"/2", "-f", "json", "-o", part); code != 0 {
			t.Fatal(stderr)
		}
		parts = append(parts, part)
	}
	if _, stderr, code := parley(t, "merge", parts[0], parts[1]); code != 0 {
		t.Fatalf("untouched shards: exit %d, %s", code, stderr)
	}
	b, _ := os.ReadFile(parts[1])
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	sk := doc["state"].(map[string]any)["sketches"].([]any)[0].(map[string]any)
	sk["shift"] = sk["shift"].(float64) + 1
	b, _ = json.Marshal(doc)
	os.WriteFile(parts[1], b, 0o644)
	// The checksum catches the edit, and the buckets no longer fit the
	// centre: either way the shard is refused, naming the file.
	_, stderr, code := parley(t, "merge", parts[0], parts[1])
	if code != 2 || !strings.Contains(stderr, "part2.json: state.sketches[0]") {
		t.Errorf("exit %d, stderr %q; want a refusal", code, stderr)
	}
}
