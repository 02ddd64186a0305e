package main

import (
	"errors"
	"io"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

// analysisOptions are the settings shared by the commands that compare
// variants: compare, attribute, sensitivity, sweep.
type analysisOptions struct {
	file     string
	sets     []string
	opt      sim.Options
	format   reports.Format
	output   string
	table    string
	scenario *sim.Scenario
}

func readAnalysisOptions(cmd *cobra.Command, file string) (*analysisOptions, error) {
	v, err := settings(cmd, "iterations", "seed", "workers", "format")
	if err != nil {
		return nil, err
	}
	a := &analysisOptions{file: file}
	a.opt = sim.Options{Iterations: v.GetInt64("iterations"), Seed: v.GetUint64("seed"), Workers: v.GetInt("workers")}
	if err := sim.CheckIterations(a.opt.Iterations); err != nil {
		return nil, usagef("--%w", err)
	}
	if a.opt.Workers < 0 { // above 4 per CPU, settings() has capped it with a note
		return nil, usagef("--workers must be 0 (all cores) or more, found %d", a.opt.Workers)
	}
	if a.format, err = outputFormat(v.GetString("format"), cmd); err != nil {
		return nil, err
	}
	a.sets, _ = cmd.Flags().GetStringArray("set")
	a.output, _ = cmd.Flags().GetString("output")
	a.table, _ = cmd.Flags().GetString("table")
	if err := checkOverwrite(inputPaths(cmd, file), []namedPath{{"--output", a.output}}); err != nil {
		return nil, err
	}
	if a.scenario, err = loadScenario(file, a.sets, nil); err != nil {
		return nil, err
	}
	return a, nil
}

// failed classifies an analysis that returned no result: a fault in some
// world is a runtime error pointing into the file; anything else (an
// unknown outcome, too many factors) is the user's.
func (a *analysisOptions) failed(err error) error {
	var we *sim.WorldError
	if errors.As(err, &we) {
		return we.Positioned(a.scenario)
	}
	return usageError{err}
}

// progress shows a bar on stderr during the run; call the returned
// function when the run is over.
func (a *analysisOptions) progress(cmd *cobra.Command) func() {
	bar := newProgress(cmd.ErrOrStderr())
	a.opt.Progress = bar.update
	return bar.finish
}

// emit writes a document (or its JSON) and passes on a run error, so that
// a partial result is printed and still exits non-zero.
func (a *analysisOptions) emit(cmd *cobra.Command, runErr error, doc *reports.Document, jsonDoc any) error {
	if runErr != nil && !errors.Is(runErr, sim.ErrCanceled) {
		return runErr
	}
	err := writeOutput(cmd.OutOrStdout(), a.output, func(w io.Writer) error {
		if a.format == reports.JSON {
			return reports.WriteJSON(w, jsonDoc)
		}
		if a.table != "" {
			if err := doc.Select(a.table); err != nil {
				return usageError{err}
			}
		}
		return reports.Write(w, a.format, doc)
	})
	if err != nil {
		return err
	}
	return runErr
}

func analysisFlags(cmd *cobra.Command) {
	commonRunFlags(cmd)
	cmd.Flags().String("table", "", "print only this table")
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

func newCompareCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compare FILE",
		Short: "Run variants side by side on the same worlds, with paired differences",
		Long: `Compare solves the baseline and each variant on the same sampled worlds
(common random numbers), so the differences are paired: their intervals are far
narrower than those of separate runs. It also counts the worlds whose outcome
flipped, and to what. A variant list a+b applies both.`,
		Example: `  parley compare istanbul-2025
  parley compare istanbul-2025 --variants no_drone_deal,no_india,no_drone_deal+no_india -f markdown`,
		Args: cobra.ExactArgs(1),
	}
	analysisFlags(cmd)
	cmd.Flags().String("variants", "", "comma-separated variants to compare (default: every variant in the file); join with + to combine")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		a, err := readAnalysisOptions(cmd, args[0])
		if err != nil {
			return err
		}
		list, _ := cmd.Flags().GetString("variants")
		var variants [][]string
		if list == "" {
			for _, v := range a.scenario.Variants {
				variants = append(variants, []string{v.Name})
			}
			if len(variants) == 0 {
				return usagef("the scenario defines no variants to compare")
			}
		} else {
			for _, v := range splitList(list) {
				variants = append(variants, strings.Split(v, "+"))
			}
		}
		for _, v := range variants {
			if _, err := a.scenario.WithVariant(v...); err != nil {
				return usageError{err}
			}
		}
		done := a.progress(cmd)
		c, err := sim.Compare(cmd.Context(), a.scenario, variants, a.opt)
		done()
		if c == nil {
			return a.failed(err)
		}
		return a.emit(cmd, err, reports.Compare(c), reports.CompareDocument(c))
	}
	return cmd
}

func newAttributeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "attribute FILE --factors a,b,...",
		Short: "Split the change in an outcome's probability among factors (Shapley values)",
		Long: `Attribute treats each factor (a variant of the scenario) as a cause, solves all
2^k combinations on the same worlds, and splits the change in the outcome's
probability between "no factor" and "every factor" into one Shapley share per
factor, with 95% intervals. It also reports each factor's effect alone and the
interaction: the part of the change the factors make only together.`,
		Example: `  parley attribute istanbul-2025 --factors no_drone_deal,no_india --outcome collapse`,
		Args:    cobra.ExactArgs(1),
	}
	analysisFlags(cmd)
	cmd.Flags().String("factors", "", "comma-separated variant names (at most 10)")
	cmd.Flags().String("outcome", "", "the outcome whose probability is attributed (default: the first outcome)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		a, err := readAnalysisOptions(cmd, args[0])
		if err != nil {
			return err
		}
		fs, _ := cmd.Flags().GetString("factors")
		factors := splitList(fs)
		if len(factors) == 0 {
			return usagef("--factors is required: a comma-separated list of variant names")
		}
		if len(factors) > sim.MaxFactors {
			return usagef("at most %d factors (each doubles the work: 2^k combinations per world), found %d", sim.MaxFactors, len(factors))
		}
		for _, f := range factors {
			if _, err := a.scenario.WithVariant(f); err != nil {
				return usageError{err}
			}
		}
		outcome, _ := cmd.Flags().GetString("outcome")
		if outcome == "" {
			outcome = a.scenario.Outcomes[0].ID
		}
		done := a.progress(cmd)
		at, err := sim.Attribute(cmd.Context(), a.scenario, factors, outcome, a.opt)
		done()
		if at == nil {
			return a.failed(err)
		}
		return a.emit(cmd, err, reports.Attribute(at), reports.AttributeDocument(at))
	}
	return cmd
}
