package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// runOptions are the settings of `parley run`, after layering.
type runOptions struct {
	file      string
	variants  []string
	sets      []string
	n         int64
	seed      uint64
	workers   int
	format    reports.Format
	output    string
	precision float64
	samples   string
	table     string
	top       int
	shard     sim.Shard
}

// commonRunFlags are the flags shared by every command that runs worlds.
func commonRunFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Int64P("iterations", "n", sim.DefaultIterations, "worlds to sample (with --precision: the most to sample)")
	f.Uint64("seed", 1, "root random seed: the same seed gives the same worlds")
	f.Int("workers", 0, "parallel workers (default: all cores); results do not depend on it")
	f.StringP("format", "f", "", "output format: table, plain, markdown, csv or json (default: table on a terminal, else plain)")
	f.StringP("output", "o", "", "write the report to this file (atomically) instead of standard output")
	f.StringArray("set", nil, "override a scenario value: --set parameters.breach_cost=3 (repeatable)")
}

func newRunCmd(ios streams) *cobra.Command {
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
	}
	commonRunFlags(cmd)
	f := cmd.Flags()
	f.StringArray("variant", nil, "apply a named variant (repeatable; applied in order)")
	f.Float64("precision", 0, "stop once every outcome probability's 95% half-width is below this (e.g. 0.005)")
	f.String("samples", "", "also write one CSV row per world (parameters, outcome, path, payoffs) to this file")
	f.String("table", "", "print only this table (outcomes, payoffs, paths)")
	f.Int("top", 10, "rows of the path table")
	f.String("shard", "", "run only part k of n of the iterations (k/n, 1-based), to merge later")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		opts, err := readRunOptions(cmd, args[0])
		if err != nil {
			return err
		}
		return runRun(cmd, ios, opts)
	}
	return cmd
}

func readRunOptions(cmd *cobra.Command, file string) (*runOptions, error) {
	v, err := settings(cmd, "iterations", "seed", "workers", "format", "precision", "top")
	if err != nil {
		return nil, err
	}
	o := &runOptions{file: file}
	o.n = v.GetInt64("iterations")
	o.seed = v.GetUint64("seed")
	o.workers = v.GetInt("workers")
	o.precision = v.GetFloat64("precision")
	o.top = v.GetInt("top")
	if err := sim.CheckIterations(o.n); err != nil {
		return nil, usagef("--%w", err)
	}
	if o.workers < 0 { // above 4 per CPU, settings() has capped it with a note
		return nil, usagef("--workers must be 0 (all cores) or more, found %d", o.workers)
	}
	if !(o.precision >= 0 && o.precision < 0.5) { // so that NaN fails too
		return nil, usagef("--precision must be in (0, 0.5), found %v", o.precision)
	}
	if o.top < 1 {
		return nil, usagef("--top must be at least 1, found %d", o.top)
	}
	if o.precision > 0 && !cmd.Flags().Changed("iterations") && !v.IsSet("iterations") {
		o.n = 10_000_000 // a cap, not a target: the run stops when precise enough
	}
	o.format, err = outputFormat(v.GetString("format"), cmd)
	if err != nil {
		return nil, err
	}
	f := cmd.Flags()
	o.variants, _ = f.GetStringArray("variant")
	o.sets, _ = f.GetStringArray("set")
	o.output, _ = f.GetString("output")
	o.samples, _ = f.GetString("samples")
	o.table, _ = f.GetString("table")
	if s, _ := f.GetString("shard"); s != "" {
		if o.shard, err = parseShard(s); err != nil {
			return nil, err
		}
		if err := sim.CheckShard(o.n, o.shard); err != nil {
			return nil, usagef("--%w", err)
		}
	}
	return o, nil
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

func outputFormat(s string, cmd *cobra.Command) (reports.Format, error) {
	if s == "" {
		if isTerminal(cmd.OutOrStdout()) {
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

func runRun(cmd *cobra.Command, ios streams, o *runOptions) error {
	if err := checkOverwrite(inputPaths(cmd, o.file), []namedPath{{"--output", o.output}, {"--samples", o.samples}}); err != nil {
		return err
	}
	s, err := loadScenario(o.file, o.sets, o.variants)
	if err != nil {
		return err
	}
	opt := sim.Options{Iterations: o.n, Seed: o.seed, Workers: o.workers, Precision: o.precision, Shard: o.shard}
	var samples *atomicFile
	var sw *reports.SamplesCSV
	if o.samples != "" {
		if samples, err = createAtomic(o.samples); err != nil {
			return err
		}
		defer samples.Abort()
		if sw, err = reports.NewSamplesCSV(samples, s); err != nil {
			return fmt.Errorf("write samples: %w", err)
		}
		opt.Samples = sw
	}
	estimateRun(cmd.Context(), ios.Err, s, opt, longRun)
	bar := newProgress(ios.Err)
	opt.Progress = bar.update
	res, runErr := sim.Run(cmd.Context(), s, opt)
	bar.finish()
	if runErr != nil && !errors.Is(runErr, sim.ErrCanceled) {
		var we *sim.WorldError
		if errors.As(runErr, &we) {
			return we.Positioned(s)
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
		fmt.Fprintf(ios.Err, "parley: samples not written to %s: the run was interrupted\n", o.samples)
	}
	err = writeOutput(cmd.OutOrStdout(), o.output, func(w io.Writer) error {
		if o.format == reports.JSON {
			return reports.WriteJSON(w, reports.RunDocument(res))
		}
		doc := reports.Run(res, reports.RunOptions{TopPaths: o.top})
		if o.table != "" {
			if err := doc.Select(o.table); err != nil {
				return usageError{err}
			}
		}
		return reports.Write(w, o.format, doc)
	})
	if err != nil {
		return err
	}
	return runErr // a partial result was printed; still exit non-zero
}

// progress draws a bar on stderr when stderr is a terminal and the run
// lasts more than a moment.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	bar   *progressbar.ProgressBar
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, on: isTerminal(w), start: time.Now()}
}

func (p *progress) update(done, total int64) {
	if !p.on || time.Since(p.start) < 300*time.Millisecond {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("worlds"), progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	p.bar.Set64(done)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprint(p.w, "\r\033[K")
	}
}
