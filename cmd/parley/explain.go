package main

import (
	"io"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

func newExplainCmd() *cobra.Command {
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
	}
	f := cmd.Flags()
	f.Int64("iteration", -1, "explain this world of a run (default: the median world)")
	f.Uint64("seed", 1, "the run's seed, with --iteration")
	f.StringArray("variant", nil, "apply a named variant (repeatable)")
	f.StringArray("set", nil, "override a scenario value (repeatable)")
	f.StringP("output", "o", "", "write to this file (atomically) instead of standard output")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		sets, _ := cmd.Flags().GetStringArray("set")
		variants, _ := cmd.Flags().GetStringArray("variant")
		output, _ := cmd.Flags().GetString("output")
		if err := checkOverwrite(inputPaths(cmd, args[0]), []namedPath{{"--output", output}}); err != nil {
			return err
		}
		s, err := loadScenario(args[0], sets, variants)
		if err != nil {
			return err
		}
		it, _ := cmd.Flags().GetInt64("iteration")
		if cmd.Flags().Changed("iteration") && (it < 0 || it >= sim.MaxIterations) {
			return usagef("--iteration must be a world of a run, from 0 to %d, found %d (leave it out for the median world)", sim.MaxIterations-1, it)
		}
		seed, _ := cmd.Flags().GetUint64("seed")
		e, err := s.Explain(it, seed)
		if err != nil {
			return usageError{err}
		}
		return writeOutput(cmd.OutOrStdout(), output, func(w io.Writer) error { return reports.Explain(w, e) })
	}
	return cmd
}
