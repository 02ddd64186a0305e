package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim/game"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// solveOptions are the settings of `parley solve`.
type solveOptions struct {
	IO        *iostreams
	Inputs    []namedPath
	File      string
	Method    string // default: enummixed for two players, else enumpure
	Lambda    float64
	LambdaSet bool // --lambda given: 0 stands for the limit, so it must be above 0
	Format    reports.Format
	Output    string
	Sets      []string
}

func newSolveCmd(f *factory) *cobra.Command {
	opts := &solveOptions{IO: f.IO}
	var format string
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
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Format, err = outputFormat(format, f.IO); err != nil {
				return err
			}
			opts.File, opts.Inputs = args[0], f.inputPaths(args[0])
			opts.LambdaSet = cmd.Flags().Changed("lambda")
			return runSolve(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Method, "method", "", "enumpure, enummixed, lcp or logit (default: enummixed for two players, else enumpure)")
	fl.Float64Var(&opts.Lambda, "lambda", 0, "with --method logit: the quantal response equilibrium at this lambda instead of the limit")
	fl.StringVarP(&format, "format", "f", "", "output format: table, plain, markdown, csv, json or latex")
	fl.StringVarP(&opts.Output, "output", "o", "", "write to this file (atomically) instead of standard output")
	fl.StringArrayVar(&opts.Sets, "set", nil, "override a scenario value (scenarios only; repeatable)")
	return cmd
}

func runSolve(ctx context.Context, o *solveOptions) error {
	if err := checkOverwrite(o.Inputs, []namedPath{{"--output", o.Output}}); err != nil {
		return err
	}
	g, err := readGame(o.File, o.Sets)
	if err != nil {
		return err
	}
	method := o.Method
	if method == "" {
		method = game.DefaultMethod(g)
	}
	lambda := o.Lambda
	if o.LambdaSet {
		// Lambda 0 stands for the limit inside the solver, so an
		// explicit value must be a real point on the path.
		if !(lambda > 0 && lambda <= math.MaxFloat64) {
			return usagef("--lambda must be a finite number above 0, found %v (leave --lambda out for the limit of the logit path)", lambda)
		}
		if method != game.SolveLogit {
			return usagef("--lambda goes with --method logit, found --method %s", method)
		}
	}
	opts := game.SolveOptions{Method: method, Lambda: lambda}
	done := func() {}
	if method == game.SolveEnumMixed {
		opts.Progress, done = enumMixedProgress(o.IO, g)
	}
	sol, err := game.Solve(ctx, g, opts)
	done()
	var unknown *game.UnknownMethodError
	switch {
	case errors.As(err, &unknown):
		return usagef("unknown method %q (have %s)", method, strings.Join(game.SolveMethods, ", "))
	case errors.Is(err, game.ErrNotTwoPlayer):
		return usagef("--method %s needs a two-player game; this one has %d players (use enumpure or logit)", method, g.NumPlayers())
	case err != nil && sol.Complete:
		return err
	}
	solved := &reports.Solved{Source: o.File, Method: method, Game: g, Lambda: lambda, Equilibria: sol.Equilibria}
	if lambda > 0 {
		solved.Method = fmt.Sprintf("logit QRE at lambda %g", lambda)
	}
	if sol.SolvedBy != "" {
		solved.SolvedBy, solved.Note = sol.SolvedBy, sol.Note+"."
	}
	if !sol.Complete {
		solved.Incomplete = incompleteNote(len(sol.Equilibria), err)
	}
	if werr := writeOutput(o.IO.Out, o.Output, func(w io.Writer) error {
		overrides := reports.Overrides{Sets: o.Sets}
		if o.Format == reports.JSON {
			doc := reports.SolveDocument(solved)
			overrides.ApplyJSON(doc)
			return reports.WriteJSON(w, doc)
		}
		doc := reports.Equilibria(solved)
		overrides.Apply(doc)
		return reports.WriteWith(w, o.Format, doc, reports.WriteOptions{Width: o.IO.tableWidth(o.Output)})
	}); werr != nil {
		return werr
	}
	if solved.Incomplete != "" {
		return errors.New(solved.Incomplete)
	}
	return nil
}

// enumMixedWarn is the number of polytope vertices (McMullen's bound)
// beyond which solve warns before enumerating: a 15×15 game's bound is
// 682176 and takes about two seconds; 16×16 is the first size past it.
const enumMixedWarn = 1e6

// enumMixedProgress warns when the game is large and, on a terminal,
// draws a count of the bases met; call done when the search is over.
// The command's context (Ctrl-C, SIGTERM) stops the search.
func enumMixedProgress(ios *iostreams, g *game.Strategic) (progress func(game.EnumMixedProgress), done func()) {
	m, n := g.NumStrategies(0), g.NumStrategies(1)
	stderr := ios.ErrOut
	if bound := game.EnumMixedBound(m, n); bound > enumMixedWarn {
		fmt.Fprintf(stderr, "parley: warning: enummixed on a %d×%d game may have to visit up to %.3g vertices (McMullen's upper bound); "+
			"it can take hours, and stops past %d bases held (about 400 MB). --method lcp, which follows Lemke–Howson paths, "+
			"is much faster; Ctrl-C stops with the equilibria found so far.\n", m, n, bound, game.DefaultMaxBases)
	}
	if !ios.IsStderrTTY() {
		return nil, func() {}
	}
	start := time.Now()
	var bar *progressbar.ProgressBar
	progress = func(p game.EnumMixedProgress) {
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
	done = func() {
		if bar != nil {
			bar.Finish()
			fmt.Fprint(stderr, "\r\033[K")
		}
	}
	return progress, done
}

// incompleteNote is the marker of a list cut short.
func incompleteNote(found int, err error) string {
	why := "interrupted"
	var limit *game.BasesLimitError
	switch {
	case errors.As(err, &limit):
		why = "stopped (" + limit.Error() + "; --method lcp follows Lemke–Howson paths instead)"
	case !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded):
		why = "stopped (" + err.Error() + "; --method lcp follows Lemke–Howson paths instead)"
	}
	noun := "equilibria"
	if found == 1 {
		noun = "equilibrium"
	}
	return fmt.Sprintf("%s: %d %s found so far; the list may be incomplete", why, found, noun)
}
