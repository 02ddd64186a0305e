package main

import (
	"context"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/spf13/cobra"
)

// whyOptions are the settings of `parley why`.
type whyOptions struct {
	analysisOptions
	Observed     string // an outcome id
	ObservedPath string // or a row of the first tally: a path, a package, a profile
	Factors      string // comma-separated variant names, each removing a factor
}

func newWhyCmd(f *factory) *cobra.Command {
	opts := &whyOptions{analysisOptions: analysisOptions{IO: f.IO}}
	cmd := &cobra.Command{
		Use:   "why FILE --observed ID --factors a,b,...",
		Short: "Was each factor necessary or sufficient for what happened? (PN, PS, PNS)",
		Long: `Why takes an outcome that happened (--observed) or the equilibrium path, package
or profile that was played (--observed-path), and factors, each named by the
variant that removes it. It solves every combination of the factors removed on
the same worlds and reports, per factor and per combination:

  PN   among the worlds where it happened, the share where removing the factor
       would have prevented it (probability of necessity);
  PS   among the worlds where, with the factor removed, it does not happen, the
       share where putting the factor back produces it (sufficiency);
  PNS  the share of all worlds where it happens with the factor and not
       without (both);

each with a Wilson 95% interval on its own denominator and the worlds behind it,
a sentence per factor in plain words, and a Shapley split among the factors of
the share that removing them all prevents.`,
		Example: `  parley why istanbul-2025 --observed collapse --factors no_drone_deal,no_india
  parley why istanbul-2025 --observed-path "afg demand_halt -> pak refuse" --factors no_drone_deal,no_india -f json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.load(cmd, f, args[0]); err != nil {
				return err
			}
			return runWhy(cmd.Context(), opts)
		},
	}
	analysisFlags(cmd, &opts.analysisOptions)
	fl := cmd.Flags()
	fl.StringVar(&opts.Observed, "observed", "", "the outcome that happened")
	fl.StringVar(&opts.ObservedPath, "observed-path", "", `instead: the path (tree), package (issues) or profile (matrix) that happened, e.g. "afg demand_halt -> pak refuse"`)
	fl.StringVar(&opts.Factors, "factors", "", "comma-separated variants, each removing one factor (at most 10)")
	return cmd
}

func runWhy(ctx context.Context, o *whyOptions) error {
	if (o.Observed == "") == (o.ObservedPath == "") {
		return usagef("give one of --observed (an outcome) and --observed-path (a path, package or profile)")
	}
	factors := splitList(o.Factors)
	if len(factors) == 0 {
		return usagef("--factors is required: a comma-separated list of variants, each removing a factor")
	}
	if len(factors) > analysis.MaxFactors {
		return usagef("at most %d factors (each doubles the work: 2^k combinations per world), found %d", analysis.MaxFactors, len(factors))
	}
	for _, f := range factors {
		if _, err := o.Scenario.WithVariant(f); err != nil {
			return usageError{err}
		}
	}
	done := o.progress()
	r, err := analysis.Why(ctx, o.Scenario, analysis.Observation{Outcome: o.Observed, Path: o.ObservedPath}, factors, o.Run)
	done()
	if r == nil {
		return o.failed(err)
	}
	return o.emit(err, reports.Why(r), reports.WhyDocument(r), nil)
}
