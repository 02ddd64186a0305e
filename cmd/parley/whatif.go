package main

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

func newSensitivityCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sensitivity FILE",
		Short: "Rank the uncertain inputs by their influence on an outcome (tornado, tipping values)",
		Long: `Sensitivity runs the scenario, keeping every world, and reports for each
uncertain parameter: Spearman's rank correlation with the outcome and with every
party's payoff; the outcome's probability in the worlds where the parameter is in
its bottom and top fifth (a tornado table, sorted by the swing between them); and
the tipping values at which the most likely outcome of the median world changes
as that parameter alone moves across its range. Memory grows with --iterations.

--method sobol estimates variance-based indices instead: for each parameter, the
share of the variance of the outcome's probability (or of --party's payoff) it
explains alone (first order) and with its interactions (total), from
--iterations base samples (the model is solved iterations × (k+2) times). It
keeps every value, 8 bytes each, and refuses an -n that would need more than
1 GB, naming the largest that fits. Ctrl-C prints the indices over the base
samples finished so far, marked PARTIAL (exit 1).`,
		Example: `  parley sensitivity istanbul-2025 --outcome collapse
  parley sensitivity istanbul-2025 --method sobol --outcome collapse -n 4000`,
		Args: cobra.ExactArgs(1),
	}
	analysisFlags(cmd)
	cmd.Flags().String("outcome", "", "the outcome to explain (default: the first outcome)")
	cmd.Flags().String("variant", "", "analyse this variant instead of the baseline")
	cmd.Flags().String("method", "tornado", "tornado (rank correlations, quintiles, tipping values) or sobol (variance-based indices)")
	cmd.Flags().String("party", "", "with --method sobol: explain this party's payoff instead of an outcome (tree models)")
	cmd.Flags().Int("bootstrap", 200, "with --method sobol: bootstrap resamples for the intervals")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		a, err := readAnalysisOptions(cmd, args[0])
		if err != nil {
			return err
		}
		if v, _ := cmd.Flags().GetString("variant"); v != "" {
			if a.scenario, err = a.scenario.WithVariant(strings.Split(v, "+")...); err != nil {
				return usageError{err}
			}
		}
		outcome, _ := cmd.Flags().GetString("outcome")
		party, _ := cmd.Flags().GetString("party")
		if outcome == "" && party == "" {
			outcome = a.scenario.Outcomes[0].ID
		}
		switch method, _ := cmd.Flags().GetString("method"); method {
		case "sobol":
			boot, _ := cmd.Flags().GetInt("bootstrap")
			if a.opt.Iterations > math.MaxInt32 {
				return usagef("sobol with -n %d: at most %d base samples", a.opt.Iterations, math.MaxInt32)
			}
			r, err := sim.Sobol(cmd.Context(), a.scenario, sim.SobolOptions{Outcome: outcome, Party: party,
				N: int(a.opt.Iterations), Seed: a.opt.Seed, Workers: a.opt.Workers, Bootstrap: boot})
			if r == nil {
				var me *sim.SobolMemoryError
				switch {
				case errors.As(err, &me):
					return usagef("sobol with -n %d and %d uncertain parameters needs about %.1f GB; the limit is %.1f GB: use -n %d or less",
						me.N, me.Params, me.Need/1e9, float64(me.Limit)/1e9, me.MaxN)
				case errors.Is(err, sim.ErrCanceled):
					return err // nothing to show: exit 1
				}
				return a.failed(err)
			}
			return a.emit(cmd, err, reports.Sobol(r), reports.SobolDocument(r)) // a partial result is printed, exit 1
		case "tornado":
			if party != "" {
				return usagef("--party goes with --method sobol")
			}
		default:
			return usagef("unknown --method %q (have tornado, sobol)", method)
		}
		done := a.progress(cmd)
		r, err := sim.Sensitivity(cmd.Context(), a.scenario, outcome, a.opt)
		done()
		if r == nil {
			return a.failed(err)
		}
		return a.emit(cmd, err, reports.Sensitivity(r), reports.SensitivityDocument(r))
	}
	return cmd
}

func newSweepCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sweep FILE --param name=from:to:steps [--param ...]",
		Short: "Outcome probabilities over a 1-D or 2-D grid of parameter values",
		Long: `Sweep fixes one or two parameters at every point of a grid and samples the
other uncertain inputs; every grid point is solved on the same worlds, so
neighbouring points differ only by the swept values.`,
		Example: `  parley sweep istanbul-2025 --param breach_cost=0:10:11
  parley sweep istanbul-2025 --param breach_cost=0:10:6 --param india_tilt=0:1:5 -f csv`,
		Args: cobra.ExactArgs(1),
	}
	analysisFlags(cmd)
	cmd.Flags().StringArray("param", nil, "a swept parameter: name=from:to:steps (steps ≥ 2; give one or two)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		a, err := readAnalysisOptions(cmd, args[0])
		if err != nil {
			return err
		}
		specs, _ := cmd.Flags().GetStringArray("param")
		if len(specs) == 0 || len(specs) > 2 {
			return usagef("give one or two --param name=from:to:steps, found %d", len(specs))
		}
		var axes []sim.Axis
		for _, sp := range specs {
			ax, err := parseAxis(sp)
			if err != nil {
				return err
			}
			if _, err := a.scenario.WithFixed(ax.Param, 0); err != nil {
				return usageError{err}
			}
			axes = append(axes, ax)
		}
		if len(axes) == 2 && len(axes[0].Values)*len(axes[1].Values) > sim.MaxSweepPoints {
			return usagef("--param: a %d×%d grid has %d points; a sweep holds at most %d (each point is solved on every world)",
				len(axes[0].Values), len(axes[1].Values), len(axes[0].Values)*len(axes[1].Values), sim.MaxSweepPoints)
		}
		done := a.progress(cmd)
		r, err := sim.Sweep(cmd.Context(), a.scenario, axes, a.opt)
		done()
		if r == nil {
			return a.failed(err)
		}
		return a.emit(cmd, err, reports.Sweep(r), reports.SweepDocument(r))
	}
	return cmd
}

// parseAxis reads name=from:to:steps.
func parseAxis(s string) (sim.Axis, error) {
	name, rng, ok := strings.Cut(s, "=")
	parts := strings.Split(rng, ":")
	if !ok || name == "" || len(parts) != 3 {
		return sim.Axis{}, usagef("--param %q: want name=from:to:steps, e.g. breach_cost=0:10:11", s)
	}
	from, err1 := strconv.ParseFloat(parts[0], 64)
	to, err2 := strconv.ParseFloat(parts[1], 64)
	steps, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || steps < 2 || steps > 1000 || !finite(from) || !finite(to) {
		return sim.Axis{}, usagef("--param %q: from and to must be finite numbers and steps a whole number from 2 to 1000", s)
	}
	ax := sim.Axis{Param: name}
	span := to - from
	for i := range steps {
		t := float64(i) / float64(steps-1)
		if math.IsInf(span, 0) { // from and to near opposite ends of the float range
			ax.Values = append(ax.Values, from*(1-t)+to*t)
			continue
		}
		ax.Values = append(ax.Values, from+span*t)
	}
	return ax, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
