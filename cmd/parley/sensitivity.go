package main

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
	"github.com/spf13/cobra"
)

// sensitivityOptions are the settings of `parley sensitivity`.
type sensitivityOptions struct {
	analysisOptions
	Outcome   string  // default: the scenario's first outcome, unless Party
	Variant   string  // a+b combines
	Method    string  // tornado or sobol
	Party     string  // sobol only
	Bootstrap int     // sobol only
	Given     string  // tornado only: an outcome or path that happened, for the posterior
	Precision float64 // with Given: run until enough worlds match
	RankBy    string  // tornado only: the measure that sorts the table
	Exact     bool    // tornado only: ranks among the kept worlds (memory grows with -n)
}

func newSensitivityCmd(f *factory) *cobra.Command {
	opts := &sensitivityOptions{analysisOptions: analysisOptions{IO: f.IO}}
	cmd := &cobra.Command{
		Use:   "sensitivity FILE",
		Short: "Rank the uncertain inputs by their influence on an outcome (tornado, tipping values)",
		Long: `Sensitivity runs the scenario, keeping every world, and reports for each
uncertain parameter: Spearman's rank correlation with the outcome and with every
party's payoff; the outcome's probability in the worlds where the parameter is in
its bottom and top fifth and the swing between them; the gap, the largest
difference in that probability between any two tenths of the parameter's range,
which also catches effects that rise then fall (swing and Spearman miss them);
and the tipping values at which the most likely outcome of the median world changes
as that parameter alone moves across its range. The table is sorted by |swing|,
or by --rank-by gap or spearman.

It keeps no world: a parameter's rank in a world is where its value lies in its
distribution (recomputed from the world's random draw) and a payoff's rank is
that of its bucket (0.8% of its distance from a typical payoff), so memory does
not grow with --iterations. The measures then differ from those computed on the
ranks among the sampled worlds by their sampling error (about 1e-3 at 100,000
worlds). --exact ranks every world among all of them instead, keeping every
world in memory (about 1.3 kB each on the flagship) and sorting them. --given
keeps the matching worlds' input values for the posterior (8 bytes per input).

--method sobol estimates variance-based indices instead: for each parameter, the
share of the variance of the outcome's probability (or of --party's payoff) it
explains alone (first order) and with its interactions (total), from
--iterations base samples (the model is solved iterations × (k+2) times). It
keeps every value, 8 bytes each, and refuses an -n that would need more than
1 GB, naming the largest that fits. Ctrl-C prints the indices over the base
samples finished so far, marked PARTIAL (exit 1).`,
		Example: `  parley sensitivity istanbul-2025 --outcome collapse
  parley sensitivity istanbul-2025 --outcome collapse --rank-by gap
  parley sensitivity istanbul-2025 --method sobol --outcome collapse -n 4000`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.load(cmd, f, args[0]); err != nil {
				return err
			}
			if opts.Precision > 0 && !cmd.Flags().Changed("iterations") {
				opts.Run.Iterations = 10_000_000 // a cap, as in run: the run stops when enough worlds match
			}
			return runSensitivity(cmd.Context(), opts)
		},
	}
	analysisFlags(cmd, &opts.analysisOptions)
	fl := cmd.Flags()
	fl.StringVar(&opts.Outcome, "outcome", "", "the outcome to explain (default: the first outcome)")
	fl.StringVar(&opts.Variant, "variant", "", "analyse this variant instead of the baseline")
	fl.StringVar(&opts.Method, "method", "tornado", "tornado (rank correlations, quintiles, tipping values) or sobol (variance-based indices)")
	fl.StringVar(&opts.Party, "party", "", "with --method sobol: explain this party's payoff instead of an outcome (tree models)")
	fl.StringVar(&opts.RankBy, "rank-by", analysis.RankBySwing, "with --method tornado: sort by swing, gap (largest difference between deciles, for effects that rise then fall) or spearman")
	fl.BoolVar(&opts.Exact, "exact", false, "with --method tornado: rank each world among all the worlds kept in memory (memory grows with --iterations)")
	fl.IntVar(&opts.Bootstrap, "bootstrap", 200, "with --method sobol: bootstrap resamples for the intervals")
	fl.StringVar(&opts.Given, "given", "", "an outcome or path that happened: also report each input's prior and posterior in the worlds consistent with it")
	fl.Float64Var(&opts.Precision, "precision", 0, "with --given: sample until enough worlds match for every posterior probability to be within this (e.g. 0.02)")
	return cmd
}

func runSensitivity(ctx context.Context, o *sensitivityOptions) error {
	if o.Variant != "" {
		var err error
		if o.Scenario, err = o.Scenario.WithVariant(strings.Split(o.Variant, "+")...); err != nil {
			return usageError{err}
		}
		o.Overrides.Variants = strings.Split(o.Variant, "+")
	}
	outcome := o.Outcome
	if outcome == "" && o.Party == "" {
		outcome = o.Scenario.DefaultOutcome()
	}
	switch o.Method {
	case "sobol":
		if o.Given != "" || o.Precision != 0 || o.Exact {
			return usagef("--given, --precision and --exact go with --method tornado")
		}
		return runSobol(ctx, o, outcome)
	case "tornado":
		if o.Party != "" {
			return usagef("--party goes with --method sobol")
		}
		if !slices.Contains(analysis.RankMeasures, o.RankBy) {
			return usagef("unknown --rank-by %q (have %s)", o.RankBy, strings.Join(analysis.RankMeasures, ", "))
		}
	default:
		return usagef("unknown --method %q (have tornado, sobol)", o.Method)
	}
	if o.Given != "" || o.Precision != 0 {
		return runSensitivityGiven(ctx, o, outcome)
	}
	done := o.progress()
	r, err := o.tornado()(ctx, o.Scenario, outcome, o.Run)
	done()
	if r == nil {
		return o.failed(err)
	}
	if rerr := r.Rank(o.RankBy); rerr != nil {
		return usageError{rerr}
	}
	return o.emit(err, reports.Sensitivity(r), reports.SensitivityDocument(r), noError(func() *chart.Data { return chart.Tornado(r) }))
}

// tornado is the analysis --exact chooses.
func (o *sensitivityOptions) tornado() func(context.Context, *sim.Scenario, string, sim.Options) (*analysis.SensitivityResult, error) {
	if o.Exact {
		return analysis.SensitivityExact
	}
	return analysis.Sensitivity
}

// runSobol is `parley sensitivity --method sobol`.
func runSobol(ctx context.Context, o *sensitivityOptions, outcome string) error {
	if o.Chart != "" {
		return usagef("--chart: the Sobol indices have no chart (the tornado method has one)")
	}
	if o.Run.Iterations > math.MaxInt32 {
		return usagef("sobol with -n %d: at most %d base samples", o.Run.Iterations, math.MaxInt32)
	}
	r, err := analysis.Sobol(ctx, o.Scenario, analysis.SobolOptions{Outcome: outcome, Party: o.Party,
		N: int(o.Run.Iterations), Seed: o.Run.Seed, Workers: o.Run.Workers, Bootstrap: o.Bootstrap})
	if r == nil {
		var me *analysis.SobolMemoryError
		switch {
		case errors.As(err, &me):
			return usagef("sobol with -n %d and %d uncertain parameters needs about %.1f GB; the limit is %.1f GB: use -n %d or less",
				me.N, me.Params, me.Need/1e9, float64(me.Limit)/1e9, me.MaxN)
		case errors.Is(err, sim.ErrCanceled):
			return err // nothing to show: exit 1
		}
		return o.failed(err)
	}
	return o.emit(err, reports.Sobol(r), reports.SobolDocument(r), nil) // a partial result is printed, exit 1
}
