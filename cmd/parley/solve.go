package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/scenarios/gambit"
	"github.com/parley-dev/parley/sim/game"
	"github.com/schollz/progressbar/v3"
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
			return nil, usageError{fmt.Errorf("%s: %w", file, err)}
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
through their reduced strategic form (refused beyond 1,000,000 profiles); a
scenario through its median world.

enummixed warns before starting on games too large to enumerate quickly.
Ctrl-C or SIGTERM stops enummixed and lcp: the equilibria found so far are
printed, marked incomplete ("complete": false in JSON), and the exit code is 1.
logit always ends at an equilibrium; where the trace cannot get there the
output names the fallback that did.`,
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
		output, _ := cmd.Flags().GetString("output")
		if err := checkOverwrite(inputPaths(cmd, args[0]), []namedPath{{"--output", output}}); err != nil {
			return err
		}
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
			solved.Equilibria, err = enumMixed(cmd, g)
		case "lcp":
			solved.Equilibria, err = game.LemkeHowsonAllContext(cmd.Context(), g)
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
				if e.Method != "" && e.Method != game.MethodLogit {
					solved.SolvedBy, solved.Note = e.Method, e.Note+"."
				}
			}
		default:
			return usagef("unknown method %q (have %s)", method, strings.Join(solveMethods, ", "))
		}
		if errors.Is(err, game.ErrIncomplete) {
			solved.Incomplete = incompleteNote(len(solved.Equilibria), err)
		}
		if errors.Is(err, game.ErrNotTwoPlayer) {
			return usagef("--method %s needs a two-player game; this one has %d players (use enumpure or logit)", method, g.NumPlayers())
		}
		if err != nil && solved.Incomplete == "" {
			return err
		}
		if werr := writeOutput(cmd.OutOrStdout(), output, func(w io.Writer) error {
			if format == reports.JSON {
				return reports.WriteJSON(w, reports.SolveDocument(solved))
			}
			return reports.Write(w, format, reports.Equilibria(solved))
		}); werr != nil {
			return werr
		}
		if solved.Incomplete != "" {
			return errors.New(solved.Incomplete)
		}
		return nil
	}
	return cmd
}

// enumMixedWarn is the number of polytope vertices (McMullen's bound)
// beyond which solve warns before enumerating: a 15×15 game's bound is
// 682176 and takes about two seconds; 16×16 is the first size past it.
const enumMixedWarn = 1e6

// enumMixed runs the vertex enumeration with a warning when the game is
// large, a progress line on a terminal, and the command's context (Ctrl-C,
// SIGTERM) to stop it.
func enumMixed(cmd *cobra.Command, g *game.Strategic) ([]game.Equilibrium, error) {
	m, n := g.NumStrategies(0), g.NumStrategies(1)
	stderr := cmd.ErrOrStderr()
	if bound := game.EnumMixedBound(m, n); bound > enumMixedWarn {
		fmt.Fprintf(stderr, "parley: warning: enummixed on a %d×%d game may have to visit up to %.3g vertices (McMullen's upper bound); "+
			"it can take hours, and stops past %d bases held (about 400 MB). --method lcp, which follows Lemke–Howson paths, "+
			"is much faster; Ctrl-C stops with the equilibria found so far.\n", m, n, bound, game.DefaultMaxBases)
	}
	var opts game.EnumMixedOptions
	if isTerminal(stderr) {
		start := time.Now()
		var bar *progressbar.ProgressBar
		opts.Progress = func(p game.EnumMixedProgress) {
			if time.Since(start) < 300*time.Millisecond {
				return
			}
			if bar == nil {
				bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(stderr),
					progressbar.OptionSetDescription("enummixed: bases met"), progressbar.OptionShowCount(),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			bar.Set64(int64(p.Bases))
		}
		defer func() {
			if bar != nil {
				bar.Finish()
				fmt.Fprint(stderr, "\r\033[K")
			}
		}()
	}
	return game.EnumMixedContext(cmd.Context(), g, opts)
}

// incompleteNote is the marker of a list cut short.
func incompleteNote(found int, err error) string {
	why := "interrupted"
	if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		why = "stopped (" + strings.TrimPrefix(err.Error(), "game: enummixed: "+game.ErrIncomplete.Error()+": ") + "; --method lcp follows Lemke–Howson paths instead)"
	}
	noun := "equilibria"
	if found == 1 {
		noun = "equilibrium"
	}
	return fmt.Sprintf("%s: %d %s found so far; the list may be incomplete", why, found, noun)
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
		output, _ := cmd.Flags().GetString("output")
		if err := checkOverwrite(inputPaths(cmd, args[0]), []namedPath{{"--output", output}}); err != nil {
			return err
		}
		g, err := readGame(args[0], sets)
		if err != nil {
			return err
		}
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
