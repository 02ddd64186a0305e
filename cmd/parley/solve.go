package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/scenarios/gambit"
	"github.com/parley-dev/parley/sim/game"
	"github.com/spf13/cobra"
)

var solveMethods = []string{"enumpure", "enummixed", "lcp", "logit"}

// readGame reads a strategic-form game from a Gambit .nfg or .efg file
// (through its reduced strategic form) or a matrix scenario (its median
// world).
func readGame(file string, sets []string) (*game.Strategic, error) {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".nfg", ".efg":
		f, err := os.Open(file)
		if err != nil {
			return nil, usageError{err}
		}
		defer f.Close()
		if strings.EqualFold(filepath.Ext(file), ".nfg") {
			g, err := gambit.ReadNFG(file, f)
			if err != nil {
				return nil, usageError{err}
			}
			return g, nil
		}
		e, err := gambit.ReadEFG(file, f)
		if err != nil {
			return nil, usageError{err}
		}
		g, err := e.Reduced()
		if err != nil {
			return nil, usageError{fmt.Errorf("%s: reduced strategic form: %w", file, err)}
		}
		return g, nil
	}
	s, err := loadScenario(file, sets, nil)
	if err != nil {
		return nil, err
	}
	g, err := s.MedianGame()
	if err != nil {
		return nil, usageError{err}
	}
	return g, nil
}

func newSolveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "solve FILE.{nfg,efg,yaml}",
		Short: "Print the equilibria of one game (a Gambit file, or a matrix scenario's median world)",
		Long: `Solve finds the Nash equilibria of a single strategic-form game and prints them
the way a game theorist reads them: each player's strategies with their
probabilities (exact fractions where the method is exact) and the payoffs.

Methods: enumpure (every pure equilibrium, any number of players), enummixed
(every extreme mixed equilibrium of a two-player game), lcp (Lemke-Howson from
every starting label, as gambit-lcp), logit (the limit of the logit quantal
response path; with --lambda, the QRE at that lambda). .efg games are solved
through their reduced strategic form; a scenario through its median world.`,
		Example: `  parley solve game.nfg --method enummixed
  parley solve poker.efg --method lcp -f json
  parley solve prisoners-dilemma --method enumpure`,
		Args: cobra.ExactArgs(1),
	}
	f := cmd.Flags()
	f.String("method", "", "enumpure, enummixed, lcp or logit (default: enummixed for two players, else enumpure)")
	f.Float64("lambda", 0, "with --method logit: the quantal response equilibrium at this lambda instead of the limit")
	f.StringP("format", "f", "", "output format: table, plain, markdown, csv or json")
	f.StringP("output", "o", "", "write to this file (atomically) instead of standard output")
	f.StringArray("set", nil, "override a scenario value (scenarios only; repeatable)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fs, _ := cmd.Flags().GetString("format")
		format, err := outputFormat(fs, cmd)
		if err != nil {
			return err
		}
		sets, _ := cmd.Flags().GetStringArray("set")
		g, err := readGame(args[0], sets)
		if err != nil {
			return err
		}
		method, _ := cmd.Flags().GetString("method")
		if method == "" {
			method = "enumpure"
			if g.NumPlayers() == 2 {
				method = "enummixed"
			}
		}
		lambda, _ := cmd.Flags().GetFloat64("lambda")
		if cmd.Flags().Changed("lambda") {
			// Lambda 0 stands for the limit inside the solver, so an
			// explicit value must be a real point on the path.
			if !(lambda > 0 && lambda <= math.MaxFloat64) {
				return usagef("--lambda must be a finite number above 0, found %v (leave --lambda out for the limit of the logit path)", lambda)
			}
			if method != "logit" {
				return usagef("--lambda goes with --method logit, found --method %s", method)
			}
		}
		solved := &reports.Solved{Source: args[0], Method: method, Game: g, Lambda: lambda}
		switch method {
		case "enumpure":
			for _, prof := range game.EnumPure(g) {
				solved.Equilibria = append(solved.Equilibria, pureEquilibrium(g, prof))
			}
		case "enummixed":
			solved.Equilibria, err = game.EnumMixed(g)
		case "lcp":
			solved.Equilibria, err = game.LemkeHowsonAll(g)
		case "logit":
			if lambda > 0 {
				var q game.QRE
				q, err = game.Logit(g, game.LogitOptions{Lambda: lambda})
				solved.Equilibria = []game.Equilibrium{{Mixed: q.Profile}}
				solved.Method = fmt.Sprintf("logit QRE at lambda %g", lambda)
			} else {
				var e game.Equilibrium
				e, err = game.LogitLimit(g, game.LogitOptions{})
				solved.Equilibria = []game.Equilibrium{e}
			}
		default:
			return usagef("unknown method %q (have %s)", method, strings.Join(solveMethods, ", "))
		}
		if errors.Is(err, game.ErrNotTwoPlayer) {
			return usagef("--method %s needs a two-player game; this one has %d players (use enumpure or logit)", method, g.NumPlayers())
		}
		if err != nil {
			return err
		}
		output, _ := cmd.Flags().GetString("output")
		return writeOutput(cmd.OutOrStdout(), output, func(w io.Writer) error {
			if format == reports.JSON {
				return reports.WriteJSON(w, reports.SolveDocument(solved))
			}
			return reports.Write(w, format, reports.Equilibria(solved))
		})
	}
	return cmd
}

func pureEquilibrium(g *game.Strategic, prof []int) game.Equilibrium {
	m := game.Pure(g, prof)
	e := game.Equilibrium{Mixed: m}
	for p := range m {
		var row []*big.Rat
		for _, v := range m[p] {
			row = append(row, big.NewRat(int64(v), 1))
		}
		e.Exact = append(e.Exact, row)
	}
	return e
}

func newConvertCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "convert FILE",
		Short: "Convert between Gambit files and scenarios (.nfg/.efg → YAML, matrix YAML → .nfg)",
		Long: `Convert writes a scenario YAML (model: matrix) from a Gambit .nfg file, or from
an .efg file through its reduced strategic form, ready to turn numbers into
expressions over uncertain parameters; and a Gambit .nfg file from a matrix
scenario, at its median world.`,
		Example: `  parley convert game.nfg -o game.yaml
  parley convert prisoners-dilemma -o pd.nfg`,
		Args: cobra.ExactArgs(1),
	}
	cmd.Flags().StringP("output", "o", "", "write to this file (atomically) instead of standard output")
	cmd.Flags().StringArray("set", nil, "override a scenario value before converting (repeatable)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		sets, _ := cmd.Flags().GetStringArray("set")
		g, err := readGame(args[0], sets)
		if err != nil {
			return err
		}
		output, _ := cmd.Flags().GetString("output")
		ext := strings.ToLower(filepath.Ext(args[0]))
		return writeOutput(cmd.OutOrStdout(), output, func(w io.Writer) error {
			if ext == ".nfg" || ext == ".efg" {
				id := strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0]))
				_, err := w.Write(scenarios.FromStrategic(g, id))
				return err
			}
			return gambit.WriteNFG(w, g)
		})
	}
	return cmd
}
