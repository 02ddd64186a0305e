package main

import (
	"context"
	"errors"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/spf13/cobra"
)

// sweepOptions are the settings of `parley sweep`.
type sweepOptions struct {
	analysisOptions
	Params []string // name=from:to:steps, one or two
}

func newSweepCmd(f *factory) *cobra.Command {
	opts := &sweepOptions{analysisOptions: analysisOptions{IO: f.IO}}
	cmd := &cobra.Command{
		Use:   "sweep FILE --param name=from:to:steps [--param ...]",
		Short: "Outcome probabilities over a 1-D or 2-D grid of parameter values",
		Long: `Sweep fixes one or two parameters at every point of a grid and samples the
other uncertain inputs; every grid point is solved on the same worlds, so
neighbouring points differ only by the swept values.`,
		Example: `  parley sweep istanbul-2025 --param breach_cost=0:10:11
  parley sweep istanbul-2025 --param breach_cost=0:10:6 --param india_tilt=0:1:5 -f csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.load(cmd, f, args[0]); err != nil {
				return err
			}
			return runSweep(cmd.Context(), opts)
		},
	}
	analysisFlags(cmd, &opts.analysisOptions)
	cmd.Flags().StringArrayVar(&opts.Params, "param", nil, "a swept parameter: name=from:to:steps (steps ≥ 2; give one or two)")
	return cmd
}

func runSweep(ctx context.Context, o *sweepOptions) error {
	if len(o.Params) == 0 || len(o.Params) > 2 {
		return usagef("give one or two --param name=from:to:steps, found %d", len(o.Params))
	}
	var axes []analysis.Axis
	for _, sp := range o.Params {
		ax, err := parseAxis(sp)
		if err != nil {
			return err
		}
		if _, err := o.Scenario.WithFixed(ax.Param, 0); err != nil {
			return usageError{err}
		}
		axes = append(axes, ax)
	}
	if len(axes) == 2 && len(axes[0].Values)*len(axes[1].Values) > analysis.MaxSweepPoints {
		return usagef("--param: a %d×%d grid has %d points; a sweep holds at most %d (each point is solved on every world)",
			len(axes[0].Values), len(axes[1].Values), len(axes[0].Values)*len(axes[1].Values), analysis.MaxSweepPoints)
	}
	if o.Chart != "" && len(axes) == 2 {
		return usagef("--chart: only a sweep over one parameter has a chart (a line per outcome)")
	}
	done := o.progress()
	r, err := analysis.Sweep(ctx, o.Scenario, axes, o.Run)
	done()
	if r == nil {
		return o.failed(err)
	}
	return o.emit(err, reports.Sweep(r), reports.SweepDocument(r), func() (*chart.Data, error) { return chart.Sweep(r) })
}

// parseAxis reads --param name=from:to:steps.
func parseAxis(s string) (analysis.Axis, error) {
	ax, err := analysis.ParseAxis(s)
	var ae *analysis.AxisError
	if errors.As(err, &ae) {
		return ax, usagef("--param %q: %s", ae.Spec, ae.Reason)
	}
	return ax, err
}
