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
}

func newExplainCmd(f *factory) *cobra.Command {
	opts := &explainOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "explain FILE",
		Short: "Show the backward induction of one world of a tree scenario, node by node",
		Long: `Explain solves one world of a game tree and prints the reasoning: what every
subgame is worth to every party, which action each mover finds best (ties
marked), the chance probabilities, and the equilibrium path. By default the
median world (every parameter at its median); --iteration N explains world N
of a run with the same --seed, e.g. one found in --samples.`,
		Example: `  parley explain istanbul-2025
  parley explain istanbul-2025 --iteration 17 --seed 1
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
	e, err := s.Explain(o.Iteration, o.Seed)
	if err != nil {
		return usageError{err}
	}
	return writeOutput(o.IO.Out, o.Output, func(w io.Writer) error { return reports.Explain(w, e) })
}
