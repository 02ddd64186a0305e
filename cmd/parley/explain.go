package main

import (
	"io"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

// explainOptions are the settings of `parley explain`.
type explainOptions struct {
	IO           *iostreams
	Inputs       []namedPath
	File         string
	Iteration    int64 // -1: the median world
	IterationSet bool  // --iteration given: it must be a world of a run
	Seed         uint64
	Variants     []string
	Sets         []string
	Output       string
	Format       string // plain (the default), table, markdown, csv or json
}

func newExplainCmd(f *factory) *cobra.Command {
	opts := &explainOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "explain FILE",
		Short: "Show how one world of a scenario is solved, step by step",
		Long: `Explain solves one world and prints the reasoning.

A tree: the backward induction node by node: what every subgame is worth to
every party, which action each mover finds best (ties marked), the chance
probabilities, and the equilibrium path.

An issues model: every package's utility to each party, the zone of agreement
(packages every negotiator prefers to walking away, meeting the firm demands
and the hard constraints in force), what excludes each other package, and why
the bargaining solution picks its package over the runner-up (or what blocks
a deal).

A matrix game: the payoff table with best responses starred, every equilibrium
(two players: pure and mixed; more: pure), and why the selection rule picks
the one played.

By default the median world (every parameter at its median; a demand is firm
when that is more likely than not); --iteration N explains world N of a run
with the same --seed, e.g. one found in --samples. --format json writes the
same as a document (docs/json-schema.md).`,
		Example: `  parley explain istanbul-2025
  parley explain istanbul-2025 --iteration 17 --seed 1
  parley explain istanbul-2025-issues
  parley explain stag-hunt --format json
  parley explain centipede --set parameters.growth=5`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File, opts.Inputs = args[0], f.inputPaths(args[0])
			opts.IterationSet = cmd.Flags().Changed("iteration")
			return runExplain(opts)
		},
	}
	fl := cmd.Flags()
	fl.Int64Var(&opts.Iteration, "iteration", -1, "explain this world of a run (default: the median world)")
	fl.Uint64Var(&opts.Seed, "seed", 1, "the run's seed, with --iteration")
	fl.StringArrayVar(&opts.Variants, "variant", nil, "apply a named variant (repeatable)")
	fl.StringArrayVar(&opts.Sets, "set", nil, "override a scenario value (repeatable)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write to this file (atomically) instead of standard output")
	fl.StringVarP(&opts.Format, "format", "f", "plain", "output format: plain, table, markdown, csv (issues and matrix models) or json")
	return cmd
}

func runExplain(o *explainOptions) error {
	if err := checkOverwrite(o.Inputs, []namedPath{{"--output", o.Output}}); err != nil {
		return err
	}
	s, err := loadScenario(o.File, o.Sets, o.Variants)
	if err != nil {
		return err
	}
	if o.IterationSet && (o.Iteration < 0 || o.Iteration >= sim.MaxIterations) {
		return usagef("--iteration must be a world of a run, from 0 to %d, found %d (leave it out for the median world)", sim.MaxIterations-1, o.Iteration)
	}
	f, err := reports.ParseFormat(o.Format)
	if err != nil {
		return usageError{err}
	}
	e, err := s.Explain(o.Iteration, o.Seed)
	if err != nil {
		return usageError{err}
	}
	if f == reports.CSV && e.Root != nil {
		return usagef("--format csv: a tree's explanation is an indented tree, not a table (use plain or json)")
	}
	return writeOutput(o.IO.Out, o.Output, func(w io.Writer) error { return reports.WriteExplain(w, f, e) })
}
