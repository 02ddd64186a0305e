package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/reports/chart"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

// runOptions are the settings of `parley run`, after layering.
type runOptions struct {
	IO         *iostreams
	Inputs     []namedPath // the scenario and the config file: no output may overwrite them
	File       string
	Variants   []string
	Sets       []string
	Iterations int64
	Seed       uint64
	Workers    int
	Format     reports.Format
	Output     string
	Chart      string // --chart: the outcome chart
	Precision  float64
	Samples    string
	Table      string
	Top        int
	Shard      sim.Shard
	Given      string // an outcome or path: report the posterior of the worlds consistent with it
}

// commonRunFlags are the flags shared by every command that runs worlds.
// The layered settings (iterations, seed, workers, format) are read
// through settings; --output and --set are bound to output and sets.
func commonRunFlags(cmd *cobra.Command, output *string, sets *[]string) {
	f := cmd.Flags()
	f.Int64P("iterations", "n", sim.DefaultIterations, "worlds to sample (with --precision: the most to sample)")
	f.Uint64("seed", 1, "root random seed: the same seed gives the same worlds")
	f.Int("workers", 0, "parallel workers (default: all cores); results do not depend on it")
	f.StringP("format", "f", "", "output format: table, plain, markdown, csv, json or latex (default: table on a terminal, else plain)")
	f.StringVarP(output, "output", "o", "", "write the report to this file (atomically) instead of standard output")
	f.StringArrayVar(sets, "set", nil, "override a scenario value: --set parameters.breach_cost=3 (repeatable)")
}

func newRunCmd(f *factory) *cobra.Command {
	opts := &runOptions{IO: f.IO}
	var shard string
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Sample worlds, solve each, and report outcome probabilities with 95% intervals",
		Long: `Run samples the scenario's uncertain parameters, solves the game in every world
and prints the outcome table (probability, Wilson 95% interval, count), each
party's payoff distribution and the most frequent equilibrium paths.

FILE is a scenario file or the id of a bundled scenario (see parley scenarios).`,
		Example: `  parley run scenarios/istanbul-2025.yaml
  parley run istanbul-2025 -n 200000 --seed 7 --format markdown
  parley run istanbul-2025 --variant no_drone_deal --set parameters.india_tilt=0
  parley run istanbul-2025 --precision 0.002 --samples worlds.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.Inputs = f.inputPaths(args[0])
			if err := opts.layer(cmd, f, shard); err != nil {
				return err
			}
			return runRun(cmd.Context(), opts)
		},
	}
	commonRunFlags(cmd, &opts.Output, &opts.Sets)
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Variants, "variant", nil, "apply a named variant (repeatable; applied in order)")
	fl.Float64("precision", 0, "stop once every outcome probability's 95% half-width is below this (e.g. 0.005)")
	fl.StringVar(&opts.Samples, "samples", "", "also write one CSV row per world (parameters, outcome, path, payoffs) to this file")
	fl.StringVar(&opts.Table, "table", "", "print only this table (outcomes, payoffs, paths)")
	fl.Int("top", 10, "rows of the path table")
	fl.StringVar(&shard, "shard", "", "run only part k of n of the iterations (k/n, 1-based), to merge later")
	fl.StringVar(&opts.Given, "given", "", "an outcome or path that happened: report each input's prior and its posterior in the worlds consistent with it")
	chartFlag(cmd, &opts.Chart)
	return cmd
}

// layer fills the layered settings (flag, PARLEY_*, config file,
// default) and checks every value, whatever its source.
func (o *runOptions) layer(cmd *cobra.Command, f *factory, shard string) error {
	v, err := f.settings(cmd, "iterations", "seed", "workers", "format", "precision", "top")
	if err != nil {
		return err
	}
	o.Iterations = v.GetInt64("iterations")
	o.Seed = v.GetUint64("seed")
	o.Workers = v.GetInt("workers")
	o.Precision = v.GetFloat64("precision")
	o.Top = v.GetInt("top")
	if err := checkWorlds(o.Iterations, o.Workers); err != nil {
		return err
	}
	if !(o.Precision >= 0 && o.Precision < 0.5) { // so that NaN fails too
		return usagef("--precision must be in (0, 0.5), found %v", o.Precision)
	}
	if o.Top < 1 {
		return usagef("--top must be at least 1, found %d", o.Top)
	}
	if o.Precision > 0 && !cmd.Flags().Changed("iterations") && !v.IsSet("iterations") {
		o.Iterations = 10_000_000 // a cap, not a target: the run stops when precise enough
	}
	if o.Format, err = outputFormat(v.GetString("format"), o.IO); err != nil {
		return err
	}
	if shard != "" {
		if o.Shard, err = parseShard(shard); err != nil {
			return err
		}
		if err := sim.CheckShard(o.Iterations, o.Shard); err != nil {
			return usagef("--%w", err)
		}
	}
	return nil
}

// checkWorlds checks the settings of every command that samples worlds,
// whatever their source.
func checkWorlds(iterations int64, workers int) error {
	if err := sim.CheckIterations(iterations); err != nil {
		return usagef("--%w", err)
	}
	if workers < 0 { // above 4 per CPU, settings() has capped it with a note
		return usagef("--workers must be 0 (all cores) or more, found %d", workers)
	}
	return nil
}

func parseShard(s string) (sim.Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
		return sim.Shard{}, usagef("--shard wants k/n with 1 <= k <= n, found %q", s)
	}
	return sim.Shard{Index: ki - 1, Count: ni}, nil
}

// outputFormat parses --format; by default a table on a terminal, else
// plain text.
func outputFormat(s string, ios *iostreams) (reports.Format, error) {
	if s == "" {
		if ios.IsStdoutTTY() {
			return reports.Box, nil
		}
		return reports.Plain, nil
	}
	f, err := reports.ParseFormat(s)
	if err != nil {
		return "", usageError{err}
	}
	return f, nil
}

// loadScenario loads FILE with overrides and variants applied.
func loadScenario(file string, sets, variants []string) (*sim.Scenario, error) {
	s, err := scenarios.Load(file, scenarios.Options{Sets: sets})
	if err != nil {
		var list scenarios.ErrorList
		if errors.As(err, &list) {
			return nil, err
		}
		return nil, usageError{err}
	}
	sv, err := s.WithVariant(variants...)
	if err != nil {
		return nil, usageError{err}
	}
	return sv, nil
}

func runRun(ctx context.Context, o *runOptions) error {
	if err := checkOverwrite(o.Inputs, []namedPath{{"--output", o.Output}, {"--samples", o.Samples}, {"--chart", o.Chart}}); err != nil {
		return err
	}
	if err := checkChart(o.Chart); err != nil {
		return err
	}
	s, err := loadScenario(o.File, o.Sets, o.Variants)
	if err != nil {
		return err
	}
	opt := sim.Options{Iterations: o.Iterations, Seed: o.Seed, Workers: o.Workers, Precision: o.Precision, Shard: o.Shard}
	var samples *atomicFile
	var sw *reports.SamplesCSV
	if o.Samples != "" {
		if samples, err = createAtomic(o.Samples); err != nil {
			return err
		}
		defer samples.Abort()
		if sw, err = reports.NewSamplesCSV(samples, s); err != nil {
			return fmt.Errorf("write samples: %w", err)
		}
		opt.Samples = sw
	}
	est := newEstimator(o.IO.ErrOut, opt, longRun)
	opt.Centred = est.Centred
	bar := newProgress(o.IO)
	opt.Progress = func(done, total int64) {
		est.Progress(done, total)
		bar.update(done, total)
	}
	res, post, runErr := runMaybeGiven(ctx, s, o.Given, opt)
	bar.finish()
	if runErr != nil && !errors.Is(runErr, sim.ErrCanceled) {
		var we *sim.WorldError
		if errors.As(runErr, &we) {
			return s.Position(we)
		}
		return runErr
	}
	if sw != nil && runErr == nil {
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("write samples: %w", err)
		}
		if err := samples.Commit(); err != nil {
			return err
		}
	}
	if sw != nil && runErr != nil {
		samples.Abort() // before the report: an interrupted run leaves no temporary file
		fmt.Fprintf(o.IO.ErrOut, "parley: samples not written to %s: the run was interrupted\n", o.Samples)
	}
	overrides := reports.Overrides{Sets: o.Sets, Variants: o.Variants}
	err = writeOutput(o.IO.Out, o.Output, func(w io.Writer) error {
		if o.Format == reports.JSON {
			if post != nil {
				gdoc := reports.GivenDocument(res, post, true)
				overrides.ApplyJSON(gdoc)
				return reports.WriteJSON(w, gdoc)
			}
			doc := reports.RunDocument(res)
			overrides.ApplyJSON(doc)
			return reports.WriteJSON(w, doc)
		}
		doc := reports.Run(res, reports.RunOptions{TopPaths: o.Top})
		if post != nil {
			doc = reports.Given(res, post, o.Format != reports.CSV)
		}
		overrides.Apply(doc)
		if o.Table != "" {
			if err := doc.Select(o.Table); err != nil {
				return usageError{err}
			}
		}
		return reports.WriteWith(w, o.Format, doc, reports.WriteOptions{Width: o.IO.tableWidth(o.Output)})
	})
	if err != nil {
		return err
	}
	if err := writeChart(o.Chart, noError(func() *chart.Data { return chart.Outcomes(res) })); err != nil {
		return err
	}
	return runErr // a partial result was printed; still exit non-zero
}
