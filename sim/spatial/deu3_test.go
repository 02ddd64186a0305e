package spatial_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/spatial"
)

// A deuIssue is one legislative issue of DEU III: the actors that stated a
// position on it, and the outcome.
type deuIssue struct {
	id      string
	actors  []spatial.Actor
	outcome float64
}

// deuData is what readDEU3 read, with the counts docs/spatial.md reports.
type deuData struct {
	issues         []deuIssue
	noOutcome      int // issues skipped: no outcome recorded
	noWeight       int // issues skipped: every stated position has zero salience
	imputed        int // actor–issue cells with a position but no salience
	positionsTotal int
}

// readDEU3 reads the DEU III table (tab-separated, quoted). Its columns
// p<actor> and s<actor> are each actor's position and salience (0–100) on
// the issue, out the outcome; its second row, in the position columns, is
// the capability: the member state's GDP (in trillions of dollars, as
// the file's preparer added it) and, for the Commission and the
// Parliament, the largest member's (Germany's) value.
//
// An actor with no position on an issue is not in it (DEU III records no
// position for an actor that did not take one). A position without a
// salience gets the mean salience of the issue's other actors: the
// actor did take part, and the mean is the neutral guess. Saliences are
// divided by 100, as BDM reads them as probabilities.
func readDEU3(tb testing.TB, path string) deuData {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	rows, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if len(rows) < 3 {
		tb.Fatalf("%s: %d rows, want a header, the capability row and issues", path, len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, need := range []string{"isnr", "out", "pcom", "scom", "puk", "suk"} {
		if _, ok := col[need]; !ok {
			tb.Fatalf("%s: no column %q", path, need)
		}
	}
	// The actors: every p<name> column with an s<name> partner.
	var names []string
	for _, h := range rows[0] {
		if name, ok := strings.CutPrefix(h, "p"); ok {
			if _, ok := col["s"+name]; ok {
				names = append(names, name)
			}
		}
	}
	capability := map[string]float64{}
	for _, name := range names {
		c, err := strconv.ParseFloat(rows[1][col["p"+name]], 64)
		if err != nil {
			tb.Fatalf("%s:2: capability of %s: %v", path, name, err)
		}
		capability[name] = c
	}

	var data deuData
	for i, row := range rows[2:] {
		line := i + 3
		num := func(name string) (float64, bool) {
			s := row[col[name]]
			if s == "" {
				return 0, false
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				tb.Fatalf("%s:%d: %s: %v", path, line, name, err)
			}
			return v, true
		}
		out, ok := num("out")
		if !ok {
			data.noOutcome++
			continue
		}
		is := deuIssue{id: row[col["isnr"]], outcome: out}
		salSum, salN := 0.0, 0
		var missing []int
		for _, name := range names {
			p, ok := num("p" + name)
			if !ok {
				continue
			}
			s, ok := num("s" + name)
			if ok {
				salSum += s
				salN++
			} else {
				missing = append(missing, len(is.actors))
			}
			is.actors = append(is.actors, spatial.Actor{
				Name: name, Capability: capability[name],
				Position: []float64{p}, Salience: []float64{s / 100},
			})
		}
		data.positionsTotal += len(is.actors)
		data.imputed += len(missing)
		fill := 0.5
		if salN > 0 {
			fill = salSum / float64(salN) / 100
		}
		for _, a := range missing {
			is.actors[a].Salience[0] = fill
		}
		if med, _ := spatial.Forecast(is.actors, 0); math.IsNaN(med) {
			data.noWeight++
			continue
		}
		data.issues = append(data.issues, is)
	}
	return data
}

// A deuForecaster forecasts an issue's outcome from its actors. The SMP
// method is to be added to deuForecasters beside BDM.
type deuForecaster struct {
	name string
	f    func([]spatial.Actor) float64
}

func deuForecasters(tb testing.TB) []deuForecaster {
	var ws spatial.BDMWorkspace
	var fc spatial.Forecaster
	bdm := func(median bool) func([]spatial.Actor) float64 {
		return func(actors []spatial.Actor) float64 {
			traj, err := ws.Run(actors, spatial.BDMOptions{Rounds: 10})
			if err != nil {
				tb.Fatal(err)
			}
			med, mean := fc.Forecast(actors, traj.Positions[traj.Rounds()], 0)
			if median {
				return med
			}
			return mean
		}
	}
	// SMP reads saliences on KTAB's 0–100 scale, so the data's are
	// multiplied back. It refuses 59 issues, as KTAB would: 57 where an
	// actor's only salience is 0, 2 with two actors; they are left out of
	// its rows (docs/spatial.md compares on the issues it runs).
	var sws spatial.SMPWorkspace
	var smpIn []spatial.Actor
	// The SMP rows and the plain forecasts on SMP's issues share one run
	// per issue: the last issue's forecast, or NaN if SMP refused it.
	var last *spatial.Actor
	var lastMed, lastMean float64
	runSMP := func(actors []spatial.Actor) (float64, float64) {
		if &actors[0] == last {
			return lastMed, lastMean
		}
		last, lastMed, lastMean = &actors[0], math.NaN(), math.NaN()
		smpIn = smpIn[:0]
		for _, a := range actors {
			smpIn = append(smpIn, spatial.Actor{Name: a.Name, Capability: a.Capability, Position: a.Position, Salience: []float64{100 * a.Salience[0]}})
		}
		traj, err := sws.Run(smpIn, spatial.SMPOptions{})
		if err != nil {
			if !errors.Is(err, spatial.ErrSMPInput) {
				tb.Fatal(err)
			}
			return lastMed, lastMean
		}
		lastMed, lastMean = fc.Forecast(smpIn, traj.Positions[traj.Rounds()], 0)
		return lastMed, lastMean
	}
	smp := func(median bool) func([]spatial.Actor) float64 {
		return func(actors []spatial.Actor) float64 {
			med, mean := runSMP(actors)
			if median {
				return med
			}
			return mean
		}
	}
	// onSMPIssues is f on the issues SMP runs, NaN on the others.
	onSMPIssues := func(f func([]spatial.Actor) float64) func([]spatial.Actor) float64 {
		return func(actors []spatial.Actor) float64 {
			if med, _ := runSMP(actors); math.IsNaN(med) {
				return math.NaN()
			}
			return f(actors)
		}
	}
	initialMedian := func(a []spatial.Actor) float64 { m, _ := spatial.Forecast(a, 0); return m }
	initialMean := func(a []spatial.Actor) float64 { _, m := spatial.Forecast(a, 0); return m }
	return []deuForecaster{
		{"BDM, weighted median of final positions", bdm(true)},
		{"BDM, weighted mean of final positions", bdm(false)},
		{"SMP, weighted median of final positions", smp(true)},
		{"SMP, weighted mean of final positions", smp(false)},
		{"weighted median of initial positions, SMP's issues", onSMPIssues(initialMedian)},
		{"weighted mean of initial positions, SMP's issues", onSMPIssues(initialMean)},
		{"weighted median of initial positions", initialMedian},
		{"weighted mean of initial positions", initialMean},
		{"the scale's midpoint, 50", func([]spatial.Actor) float64 { return 50 }},
		{"the Commission's position", func(actors []spatial.Actor) float64 {
			for _, a := range actors {
				if a.Name == "com" {
					return a.Position[0]
				}
			}
			return math.NaN()
		}},
	}
}

// deuMAE is each forecaster's mean absolute error over the issues it
// could forecast, and how many those were.
func deuMAE(issues []deuIssue, fs []deuForecaster) (mae []float64, count []int) {
	mae, count = make([]float64, len(fs)), make([]int, len(fs))
	for _, is := range issues {
		for i, f := range fs {
			if v := f.f(is.actors); !math.IsNaN(v) {
				mae[i] += math.Abs(v - is.outcome)
				count[i]++
			}
		}
	}
	for i := range mae {
		mae[i] /= float64(count[i])
	}
	return mae, count
}

// TestDEU3Accuracy measures the forecasts against the outcomes of DEU III's
// issues. The numbers are docs/spatial.md's; the test pins them so a
// change to the model that moves them is seen.
func TestDEU3Accuracy(t *testing.T) {
	data := readDEU3(t, filepath.Join(bdmAnchorDir(t), "deu3_DEU-III_with_gdp.tsv"))
	t.Logf("%d issues; skipped %d without an outcome and %d where nobody has weight; %d of %d saliences imputed",
		len(data.issues), data.noOutcome, data.noWeight, data.imputed, data.positionsTotal)
	fs := deuForecasters(t)
	mae, count := deuMAE(data.issues, fs)
	want := map[string]float64{
		"BDM, weighted median of final positions":            27.67917765,
		"BDM, weighted mean of final positions":              25.02274923,
		"SMP, weighted median of final positions":            26.55183673,
		"SMP, weighted mean of final positions":              25.91285650,
		"weighted median of initial positions, SMP's issues": 27.80272109,
		"weighted mean of initial positions, SMP's issues":   23.72164230,
		"weighted median of initial positions":               27.34560907,
		"weighted mean of initial positions":                 23.08058467,
		"the scale's midpoint, 50":                           28.01699717,
		"the Commission's position":                          37.69827586,
	}
	var table strings.Builder
	for i, f := range fs {
		fmt.Fprintf(&table, "\n| %s | %d | %.2f |", f.name, count[i], mae[i])
		if w, ok := want[f.name]; ok && math.Abs(mae[i]-w) > 1e-7 {
			t.Errorf("%s: mean absolute error %.8f, want %.8f", f.name, mae[i], w)
		}
	}
	t.Logf("mean absolute error (0–100 scale):%s", table.String())
}
