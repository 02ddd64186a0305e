package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/reports/htmlreport"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/spf13/cobra"
)

// reportSections are the parts of a report --sections chooses among; the
// scenario and the run are always there.
var reportSections = []string{"run", "compare", "attribute", "sensitivity"}

// reportOptions are the settings of `parley report`.
type reportOptions struct {
	IO         *iostreams
	Inputs     []namedPath
	File       string
	Variants   []string
	Sets       []string
	Iterations int64
	Seed       uint64
	Workers    int
	Top        int
	Output     string
	Sections   string   // comma-separated; "" is every section the scenario has
	Sweeps     []string // name=from:to:steps, one sweep each
	Outcome    string   // for attribute and sensitivity; "" is the first outcome
}

func newReportCmd(f *factory) *cobra.Command {
	opts := &reportOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "report FILE [-o report.html]",
		Short: "Write one self-contained HTML report: scenario, outcomes, what-ifs, sensitivity, sweeps",
		Long: `Report runs the scenario and its analyses and writes one HTML file holding
everything: the scenario's parties and parameters, the outcome and payoff charts
with their tables, the model's tallies, the variants compared and attributed
(when the scenario has variants), the sensitivity tornado with tipping values,
and a line chart for each --sweep. Every table and chart carries the provenance
stamp; the page ends with the command that reproduces it.

The page is self-contained (inline style and SVG charts, no script, nothing
loaded from the network): it opens from a USB stick, prints on A4 or Letter and
reads on a phone. The scenario and run sections are always there; --sections
chooses among the others (default: every one the scenario has).`,
		Example: `  parley report istanbul-2025 -o istanbul.html
  parley report istanbul-2025 -n 100000 --sections run,compare --sweep breach_cost=0:10:11 -o r.html
  parley report chicken --variant costly_crash -o chicken.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.Inputs = f.inputPaths(args[0])
			if err := opts.layer(cmd, f); err != nil {
				return err
			}
			return runReport(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.Int64P("iterations", "n", sim.DefaultIterations, "worlds to sample")
	fl.Uint64("seed", 1, "root random seed: the same seed gives the same worlds")
	fl.Int("workers", 0, "parallel workers (default: all cores); results do not depend on it")
	fl.Int("top", 10, "rows of each tally table (paths, packages, ...)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the report to this file (atomically) instead of standard output")
	fl.StringArrayVar(&opts.Sets, "set", nil, "override a scenario value: --set parameters.breach_cost=3 (repeatable)")
	fl.StringArrayVar(&opts.Variants, "variant", nil, "apply a named variant (repeatable; applied in order)")
	fl.StringVar(&opts.Sections, "sections", "", "comma-separated sections: "+strings.Join(reportSections, ",")+" (default: all the scenario has)")
	fl.StringArrayVar(&opts.Sweeps, "sweep", nil, "add a sweep chart: name=from:to:steps (repeatable)")
	fl.StringVar(&opts.Outcome, "outcome", "", "the outcome attribution and sensitivity explain (default: the first outcome)")
	return cmd
}

func (o *reportOptions) layer(cmd *cobra.Command, f *factory) error {
	v, err := f.settings(cmd, "iterations", "seed", "workers", "top")
	if err != nil {
		return err
	}
	o.Iterations, o.Seed, o.Workers, o.Top = v.GetInt64("iterations"), v.GetUint64("seed"), v.GetInt("workers"), v.GetInt("top")
	if err := checkWorlds(o.Iterations, o.Workers); err != nil {
		return err
	}
	if o.Top < 1 {
		return usagef("--top must be at least 1, found %d", o.Top)
	}
	for _, s := range splitList(o.Sections) {
		if !slices.Contains(reportSections, s) {
			return usagef("--sections: unknown section %q (have %s)", s, strings.Join(reportSections, ", "))
		}
	}
	return nil
}

// wants reports whether section name is asked for (all are by default).
func (o *reportOptions) wants(name string) bool {
	return o.Sections == "" || slices.Contains(splitList(o.Sections), name)
}

// command is the command line that reproduces the report: every setting
// that changes a number is spelled out, whatever its source.
func (o *reportOptions) command() string {
	args := []string{"parley", "report", o.File, "-n", strconv.FormatInt(o.Iterations, 10), "--seed", strconv.FormatUint(o.Seed, 10)}
	for _, v := range o.Variants {
		args = append(args, "--variant", v)
	}
	for _, s := range o.Sets {
		args = append(args, "--set", s)
	}
	if o.Sections != "" {
		args = append(args, "--sections", o.Sections)
	}
	for _, s := range o.Sweeps {
		args = append(args, "--sweep", s)
	}
	if o.Outcome != "" {
		args = append(args, "--outcome", o.Outcome)
	}
	if o.Top != 10 {
		args = append(args, "--top", strconv.Itoa(o.Top))
	}
	if o.Output != "" && o.Output != "-" {
		args = append(args, "-o", o.Output)
	}
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return strings.Join(args, " ")
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:=/+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func runReport(ctx context.Context, o *reportOptions) error {
	if err := checkOverwrite(o.Inputs, []namedPath{{"--output", o.Output}}); err != nil {
		return err
	}
	s, err := loadScenario(o.File, o.Sets, o.Variants)
	if err != nil {
		return err
	}
	var axes []analysis.Axis
	for _, sp := range o.Sweeps {
		ax, err := parseAxis(sp)
		if err != nil {
			return err
		}
		if _, err := s.WithFixed(ax.Param, 0); err != nil {
			return usageError{err}
		}
		axes = append(axes, ax)
	}
	if o.Outcome != "" && !slices.ContainsFunc(s.Outcomes, func(x sim.Outcome) bool { return x.ID == o.Outcome }) {
		return usagef("--outcome: no outcome %q in the scenario", o.Outcome)
	}
	in, err := computeReport(ctx, o, s, axes)
	if err != nil {
		var we *sim.WorldError
		if errors.As(err, &we) {
			return s.Position(we)
		}
		return err
	}
	return writeOutput(o.IO.Out, o.Output, func(w io.Writer) error { return htmlreport.Write(w, in) })
}

// computeReport runs everything the report shows. It is the one place
// that calls the library's analyses.
func computeReport(ctx context.Context, o *reportOptions, s *sim.Scenario, axes []analysis.Axis) (*htmlreport.Input, error) {
	opt := sim.Options{Iterations: o.Iterations, Seed: o.Seed, Workers: o.Workers}
	in := &htmlreport.Input{Scenario: s, Command: o.command(), Top: o.Top}
	step := func(what string, f func(sim.Options) error) error {
		bar := newProgress(o.IO)
		withBar := opt
		withBar.Progress = bar.update
		err := f(withBar)
		bar.finish()
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	err := step("run", func(opt sim.Options) (err error) { in.Run, err = sim.Run(ctx, s, opt); return err })
	if err != nil {
		return nil, err
	}
	outcome := cmp.Or(o.Outcome, s.DefaultOutcome())
	var factors [][]string
	var names []string
	for _, v := range s.Variants {
		factors = append(factors, []string{v.Name})
		names = append(names, v.Name)
	}
	switch {
	case len(factors) > 0 && o.wants("compare"):
		err = step("compare", func(opt sim.Options) (err error) {
			in.Compare, err = analysis.Compare(ctx, s, factors, opt)
			return err
		})
	case o.Sections != "" && o.wants("compare"):
		in.Notes = append(in.Notes, "No comparison: the scenario defines no variants.")
	}
	if err != nil {
		return nil, err
	}
	switch {
	case len(names) > analysis.MaxFactors && o.wants("attribute"):
		in.Notes = append(in.Notes, fmt.Sprintf("No attribution: the scenario has %d variants; parley attribute takes at most %d factors.", len(names), analysis.MaxFactors))
	case len(names) > 0 && o.wants("attribute"):
		err = step("attribute", func(opt sim.Options) (err error) {
			in.Attribution, err = analysis.Attribute(ctx, s, names, outcome, opt)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	if o.wants("sensitivity") && slices.ContainsFunc(s.Params, sim.Param.Uncertain) {
		err = step("sensitivity", func(opt sim.Options) (err error) {
			in.Sensitivity, err = analysis.Sensitivity(ctx, s, outcome, opt)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	for _, ax := range axes {
		var sw *analysis.SweepResult
		err := step("sweep "+ax.Param, func(opt sim.Options) (err error) {
			sw, err = analysis.Sweep(ctx, s, []analysis.Axis{ax}, opt)
			return err
		})
		if err != nil {
			return nil, err
		}
		in.Sweeps = append(in.Sweeps, sw)
	}
	return in, nil
}
