package main

import (
	"context"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/spf13/cobra"
)

// attributeOptions are the settings of `parley attribute`.
type attributeOptions struct {
	analysisOptions
	Factors string // comma-separated variant names
	Outcome string // default: the scenario's first outcome
}

func newAttributeCmd(f *factory) *cobra.Command {
	opts := &attributeOptions{analysisOptions: analysisOptions{IO: f.IO}}
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
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.load(cmd, f, args[0]); err != nil {
				return err
			}
			return runAttribute(cmd.Context(), opts)
		},
	}
	analysisFlags(cmd, &opts.analysisOptions)
	cmd.Flags().StringVar(&opts.Factors, "factors", "", "comma-separated variant names (at most 10)")
	cmd.Flags().StringVar(&opts.Outcome, "outcome", "", "the outcome whose probability is attributed (default: the first outcome)")
	return cmd
}

func runAttribute(ctx context.Context, o *attributeOptions) error {
	factors := splitList(o.Factors)
	if len(factors) == 0 {
		return usagef("--factors is required: a comma-separated list of variant names")
	}
	if len(factors) > analysis.MaxFactors {
		return usagef("at most %d factors (each doubles the work: 2^k combinations per world), found %d", analysis.MaxFactors, len(factors))
	}
	for _, f := range factors {
		if _, err := o.Scenario.WithVariant(f); err != nil {
			return usageError{err}
		}
	}
	outcome := o.Outcome
	if outcome == "" {
		outcome = o.Scenario.DefaultOutcome()
	}
	done := o.progress()
	at, err := analysis.Attribute(ctx, o.Scenario, factors, outcome, o.Run)
	done()
	if at == nil {
		return o.failed(err)
	}
	return o.emit(err, reports.Attribute(at), reports.AttributeDocument(at), noError(func() *chart.Data { return chart.Attribution(at) }))
}
