package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// givenDoc is the part of parley.given/v1 the tests read.
type givenDoc struct {
	Schema     string
	Observed   string
	Iterations int64
	Kept       int64
	Needed     int64
	Enough     bool
	Levels     []float64
	Parameters []givenParam
	Run        *struct{ Iterations int64 }
}

// givenParam is one parameter of parley.given/v1.
type givenParam struct {
	Parameter     string
	Shift         float64
	PriorMean     float64   `json:"prior_mean"`
	PosteriorMean float64   `json:"posterior_mean"`
	Prior         []float64 `json:"prior"`
	Posterior     []float64 `json:"posterior"`
	PosteriorLow  []float64 `json:"posterior_ci_low"`
	PosteriorHigh []float64 `json:"posterior_ci_high"`
}

// readSamples reads a --samples file: the header and the rows.
func readSamples(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[0], rows[1:]
}

// cdf inverts a parameter's quantile function by bisection: the prior's
// share below x, for a continuous distribution.
func cdf(p sim.Param, x float64) float64 {
	lo, hi := 0.0, 1.0
	for range 60 {
		mid := (lo + hi) / 2
		if p.Quantile(mid) < x {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// TestGivenAgreesWithSamplesFilteredByHand runs the acceptance command
// with --samples, filters the worlds where the talks collapsed out of the
// CSV here, and recomputes the posterior: the worlds kept, every
// posterior quantile (within a bin of its draw of the world at its rank)
// and mean, the prior mean, and each shift from the exact prior CDF. The
// printed table shows the same numbers.
func TestGivenAgreesWithSamplesFilteredByHand(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	samples := filepath.Join(dir, "worlds.csv")
	out, stderr, code := parley(t, "run", "istanbul-2025", "--given", "collapse", "-n", "6000", "-f", "json", "--samples", samples)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc givenDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != "parley.given/v1" || doc.Observed != "collapse" || doc.Run == nil || doc.Run.Iterations != 6000 || !doc.Enough {
		t.Fatalf("unexpected document: %+v", doc)
	}
	header, rows := readSamples(t, samples)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var kept [][]string
	for _, r := range rows {
		if r[col["outcome"]] == "collapse" {
			kept = append(kept, r)
		}
	}
	if int64(len(rows)) != doc.Iterations || int64(len(kept)) != doc.Kept {
		t.Fatalf("the samples hold %d worlds, %d collapses; the posterior %d and %d", len(rows), len(kept), doc.Iterations, doc.Kept)
	}
	s, err := scenarios.Load(flagship, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	plain, stderr, code := parley(t, "run", "istanbul-2025", "--given", "collapse", "-n", "6000", "-f", "plain", "--table", "posterior")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	values := func(rs [][]string, name string) []float64 {
		var v []float64
		for _, r := range rs {
			x, err := strconv.ParseFloat(r[col[name]], 64)
			if err != nil {
				t.Fatal(err)
			}
			v = append(v, x)
		}
		return v
	}
	uncertain := 0
	for _, prm := range s.Params {
		if !prm.Uncertain() {
			continue
		}
		uncertain++
		i := slices.IndexFunc(doc.Parameters, func(p givenParam) bool {
			return p.Parameter == prm.Name
		})
		if i < 0 {
			t.Fatalf("%s missing from the posterior", prm.Name)
		}
		got := doc.Parameters[i]
		all, v := values(rows, prm.Name), values(kept, prm.Name)
		var sum, sumAll, shift float64
		for _, x := range v {
			sum += x
			shift += cdf(prm, x)
		}
		for _, x := range all {
			sumAll += x
		}
		shift = shift/float64(len(v)) - 0.5
		if mean := sum / float64(len(v)); math.Abs(mean-got.PosteriorMean) > 1e-12*math.Abs(mean) {
			t.Errorf("%s: posterior mean %v, by hand %v", prm.Name, got.PosteriorMean, mean)
		}
		if mean := sumAll / float64(len(all)); math.Abs(mean-got.PriorMean) > 1e-12*math.Abs(mean) {
			t.Errorf("%s: prior mean %v, by hand %v", prm.Name, got.PriorMean, mean)
		}
		if math.Abs(shift-got.Shift) > 1.0/4096+1e-9 {
			t.Errorf("%s: shift %v, by hand %v", prm.Name, got.Shift, shift)
		}
		slices.Sort(v)
		// A posterior quantile is read from the matching worlds' draws
		// counted in bins of 2^-16: within a bin of the world it names.
		nearWorld := func(x, want float64) bool {
			u := cdf(prm, want)
			return prm.Quantile(max(0, u-0x1p-16)) <= x && x <= prm.Quantile(min(1, u+0x1p-16))
		}
		for k, q := range doc.Levels {
			m := float64(len(v))
			want := v[int(math.Ceil(q*m))-1] // the lower empirical quantile
			if !nearWorld(got.Posterior[k], want) {
				t.Errorf("%s p%v: %v, by hand %v", prm.Name, 100*q, got.Posterior[k], want)
			}
			if got.Prior[k] != prm.Quantile(q) {
				t.Errorf("%s prior p%v: %v, the distribution's %v", prm.Name, 100*q, got.Prior[k], prm.Quantile(q))
			}
			half := 1.96 * math.Sqrt(m*q*(1-q))
			low, high := v[int(math.Floor(q*m-half))-1], v[int(math.Ceil(q*m+half))-1]
			if !nearWorld(got.PosteriorLow[k], low) || !nearWorld(got.PosteriorHigh[k], high) || got.PosteriorLow[k] > got.Posterior[k] || got.Posterior[k] > got.PosteriorHigh[k] {
				t.Errorf("%s p%v: interval [%v, %v] is not near the matching worlds [%v, %v] around %v", prm.Name, 100*q, got.PosteriorLow[k], got.PosteriorHigh[k], low, high, want)
			}
		}
		// The printed row: the parameter, its shift, then the medians.
		line := ""
		for _, l := range strings.Split(plain, "\n") {
			if f := strings.Fields(l); len(f) > 0 && f[0] == prm.Name {
				line = l
			}
		}
		med := strconv.FormatFloat(got.Posterior[slices.Index(doc.Levels, 0.5)], 'g', 5, 64)
		if !strings.Contains(line, " "+med+" ") || !strings.Contains(line, strconv.FormatFloat(got.Shift, 'f', 4, 64)) {
			t.Errorf("%s: printed row %q lacks the median %s or the shift %.4f", prm.Name, line, med, got.Shift)
		}
	}
	if uncertain != len(doc.Parameters) {
		t.Errorf("%d parameters in the posterior, %d uncertain in the scenario", len(doc.Parameters), uncertain)
	}
}

func TestGivenIsDeterministicAndSaysWhenTooFewMatch(t *testing.T) {
	isolateConfig(t)
	var first string
	for _, w := range []string{"1", "2"} {
		out, stderr, code := parley(t, "run", flagship, "--given", "afg demand_halt -> pak accept -> chance us_pauses", "-n", "3000", "--workers", w)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("output differs between 1 and 2 workers")
		}
	}
	if !strings.Contains(first, "TOO FEW WORLDS MATCH") || !strings.Contains(first, "--precision") {
		t.Errorf("no warning of too few worlds:\n%s", first)
	}
	out, stderr, code := parley(t, "run", flagship, "--given", "afg demand_halt -> pak accept -> chance us_pauses", "--precision", "0.1", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc givenDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Enough || doc.Kept < doc.Needed || doc.Iterations >= 10_000_000 {
		t.Errorf("with --precision: %d kept of %d needed over %d worlds", doc.Kept, doc.Needed, doc.Iterations)
	}
	for _, args := range [][]string{
		{"--given", "colapse"},
		{"--given", "collapse", "--shard", "1/2"},
	} {
		_, stderr, code := parley(t, append([]string{"run", flagship, "-n", "2048"}, args...)...)
		if code != exitInvalid {
			t.Errorf("%v: exit %d (%s), want 2", args, code, stderr)
		}
	}
}

// TestSensitivityGiven checks that sensitivity --given reports the
// posterior of the same worlds as run --given, byte-identical for any
// worker count, with the tornado over those worlds.
func TestSensitivityGiven(t *testing.T) {
	isolateConfig(t)
	var first string
	for _, w := range []string{"1", "2"} {
		out, stderr, code := parley(t, "sensitivity", flagship, "--outcome", "collapse", "--given", "collapse", "--precision", "0.05", "-f", "json", "--workers", w)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("output differs between 1 and 2 workers")
		}
	}
	var doc struct {
		Schema     string
		Iterations int64
		Given      givenDoc
	}
	if err := json.Unmarshal([]byte(first), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != "parley.sensitivity/v1" || doc.Given.Schema != "parley.given/v1" || doc.Iterations != doc.Given.Iterations || !doc.Given.Enough {
		t.Fatalf("unexpected document: %+v", doc)
	}
	run, stderr, code := parley(t, "run", flagship, "--given", "collapse", "-n", strconv.FormatInt(doc.Iterations, 10), "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rd givenDoc
	if err := json.Unmarshal([]byte(run), &rd); err != nil {
		t.Fatal(err)
	}
	rd.Run = nil
	if rd.Kept != doc.Given.Kept || !slices.EqualFunc(rd.Parameters, doc.Given.Parameters, func(a, b givenParam) bool {
		return a.Parameter == b.Parameter && a.Shift == b.Shift && slices.Equal(a.Posterior, b.Posterior)
	}) {
		t.Errorf("sensitivity's posterior differs from run's on the same %d worlds", doc.Iterations)
	}
	for _, args := range [][]string{
		{"--precision", "0.05"},
		{"--given", "collapse", "--method", "sobol"},
		{"--given", "collapse", "--precision", "0.7"},
	} {
		_, stderr, code := parley(t, append([]string{"sensitivity", flagship, "-n", "1000"}, args...)...)
		if code != exitInvalid {
			t.Errorf("%v: exit %d (%s), want 2", args, code, stderr)
		}
	}
}
