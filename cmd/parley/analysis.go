package main

import (
	"errors"
	"io"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

// analysisOptions are the settings shared by the commands that compare
// variants: compare, attribute, sensitivity, sweep.
type analysisOptions struct {
	IO       *iostreams
	File     string
	Sets     []string
	Run      sim.Options
	Format   reports.Format
	Output   string
	Chart    string // --chart: the command's main chart
	Table    string
	Scenario *sim.Scenario // loaded by load

	// Overrides are the --set (and a command's --variant) applied, for
	// the stamp.
	Overrides reports.Overrides
}

// analysisFlags binds the flags every analysis has to a.
func analysisFlags(cmd *cobra.Command, a *analysisOptions) {
	commonRunFlags(cmd, &a.Output, &a.Sets)
	cmd.Flags().StringVar(&a.Table, "table", "", "print only this table")
	chartFlag(cmd, &a.Chart)
}

// load fills the layered settings, checks them and the output path, and
// loads the scenario.
func (a *analysisOptions) load(cmd *cobra.Command, f *factory, file string) error {
	v, err := f.settings(cmd, "iterations", "seed", "workers", "format")
	if err != nil {
		return err
	}
	a.File = file
	a.Run = sim.Options{Iterations: v.GetInt64("iterations"), Seed: v.GetUint64("seed"), Workers: v.GetInt("workers")}
	if err := checkWorlds(a.Run.Iterations, a.Run.Workers); err != nil {
		return err
	}
	if a.Format, err = outputFormat(v.GetString("format"), a.IO); err != nil {
		return err
	}
	if err := checkOverwrite(f.inputPaths(file), []namedPath{{"--output", a.Output}, {"--chart", a.Chart}}); err != nil {
		return err
	}
	if err := checkChart(a.Chart); err != nil {
		return err
	}
	a.Overrides.Sets = a.Sets
	a.Scenario, err = loadScenario(file, a.Sets, nil)
	return err
}

// failed classifies an analysis that returned no result: a fault in some
// world is a runtime error pointing into the file; anything else (an
// unknown outcome, too many factors) is the user's.
func (a *analysisOptions) failed(err error) error {
	var we *sim.WorldError
	if errors.As(err, &we) {
		return a.Scenario.Position(we)
	}
	return usageError{err}
}

// progress shows a bar on stderr during the run; call the returned
// function when the run is over.
func (a *analysisOptions) progress() func() {
	bar := newProgress(a.IO)
	a.Run.Progress = bar.update
	return bar.finish
}

// emit writes a document (or its JSON), and its chart with --chart, and
// passes on a run error, so that a partial result is printed and still
// exits non-zero.
func (a *analysisOptions) emit(runErr error, doc *reports.Document, jsonDoc any, chartOf func() (*chart.Data, error)) error {
	if runErr != nil && !errors.Is(runErr, sim.ErrCanceled) {
		return runErr
	}
	if chartOf == nil && a.Chart != "" { // before any output is written
		return usagef("--chart: this analysis has no chart")
	}
	a.Overrides.Apply(doc)
	a.Overrides.ApplyJSON(jsonDoc)
	err := writeOutput(a.IO.Out, a.Output, func(w io.Writer) error {
		if a.Format == reports.JSON {
			return reports.WriteJSON(w, jsonDoc)
		}
		if a.Table != "" {
			if err := doc.Select(a.Table); err != nil {
				return usageError{err}
			}
		}
		return reports.WriteWith(w, a.Format, doc, reports.WriteOptions{Width: a.IO.tableWidth(a.Output)})
	})
	if err != nil {
		return err
	}
	if chartOf != nil {
		if err := writeChart(a.Chart, chartOf); err != nil {
			return err
		}
	}
	return runErr
}

// splitList reads a comma-separated flag value.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
