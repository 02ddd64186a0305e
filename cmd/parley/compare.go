package main

import (
	"context"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/spf13/cobra"
)

// compareOptions are the settings of `parley compare`.
type compareOptions struct {
	analysisOptions
	Variants string // comma-separated; a+b combines
}

func newCompareCmd(f *factory) *cobra.Command {
	opts := &compareOptions{analysisOptions: analysisOptions{IO: f.IO}}
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
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.load(cmd, f, args[0]); err != nil {
				return err
			}
			return runCompare(cmd.Context(), opts)
		},
	}
	analysisFlags(cmd, &opts.analysisOptions)
	cmd.Flags().StringVar(&opts.Variants, "variants", "", "comma-separated variants to compare (default: every variant in the file); join with + to combine")
	return cmd
}

func runCompare(ctx context.Context, o *compareOptions) error {
	var variants [][]string
	if o.Variants == "" {
		for _, v := range o.Scenario.Variants {
			variants = append(variants, []string{v.Name})
		}
		if len(variants) == 0 {
			return usagef("the scenario defines no variants to compare")
		}
	} else {
		for _, v := range splitList(o.Variants) {
			variants = append(variants, strings.Split(v, "+"))
		}
	}
	for _, v := range variants {
		if _, err := o.Scenario.WithVariant(v...); err != nil {
			return usageError{err}
		}
	}
	done := o.progress()
	c, err := analysis.Compare(ctx, o.Scenario, variants, o.Run)
	done()
	if c == nil {
		return o.failed(err)
	}
	return o.emit(err, reports.Compare(c), reports.CompareDocument(c), noError(func() *chart.Data { return chart.Differences(c) }))
}
