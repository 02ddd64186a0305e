package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim/safetext"
	"github.com/spf13/cobra"
)

// Exit codes, in one place. exitCode chooses among them by the type of
// the error, never by its text.
const (
	exitOK      = 0
	exitError   = 1 // the run failed or was cut short
	exitInvalid = 2 // bad usage or an invalid scenario
)

// usageError marks an error as the user's: exit 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// factory holds what every command is built from, as cmdutil.Factory does
// in the GitHub CLI: the IO streams and the root's --config flag.
type factory struct {
	IO     *iostreams
	Config string // --config, bound to the root's persistent flag

	// started is set once cobra has parsed a command's flags and
	// arguments and handed over to it: every error before that (an
	// unknown command or flag, a wrong number of arguments) is a usage
	// error, whatever cobra's untyped message says.
	started bool
}

// execute runs the CLI and returns the exit code.
func execute(ctx context.Context, args []string, ios *iostreams) int {
	ios.detectTerminals()
	out := &checkedWriter{w: ios.Out}
	ios.Out = out
	f := &factory{IO: ios}
	root := newRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil && !f.started {
		err = usageError{err}
	}
	if out.err != nil && !errors.Is(err, out.err) {
		err = errors.Join(err, out.err) // a report that did not reach its reader is a failure
	}
	if err == nil {
		return exitOK
	}
	// Escaped: an error may quote a name from a Gambit file or a shard.
	fmt.Fprintln(ios.ErrOut, "parley: "+strings.ReplaceAll(safetext.EscapeText(err.Error(), true), "\n", "\n  "))
	return exitCode(err)
}

// exitCode is exitInvalid for the user's errors (usageError) and an
// invalid scenario (scenarios.ErrorList), else exitError: a failed,
// partial or interrupted run.
func exitCode(err error) int {
	var list scenarios.ErrorList
	var ue usageError
	if errors.As(err, &list) || errors.As(err, &ue) {
		return exitInvalid
	}
	return exitError
}

func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "parley",
		Short: "Turn a negotiation into a game, and the game into numbers you can defend",
		Long: `Parley reads a scenario (YAML: parties, what each demands, what binds each, which
inputs are uncertain), solves the game in many sampled worlds and reports how
likely each outcome is, with Monte Carlo error bars.

Settings come from flags, then PARLEY_* environment variables, then the config
file (~/.config/parley/config.yaml or --config), then defaults.`,
		SilenceUsage:     true,
		SilenceErrors:    true,
		PersistentPreRun: func(*cobra.Command, []string) { f.started = true },
	}
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetIn(f.IO.In)
	root.PersistentFlags().StringVar(&f.Config, "config", "", "config file (default ~/.config/parley/config.yaml)")
	root.AddCommand(newRunCmd(f), newCompareCmd(f), newAttributeCmd(f), newWhyCmd(f), newSensitivityCmd(f), newSweepCmd(f), newReportCmd(f),
		newExplainCmd(f), newSolveCmd(f), newConvertCmd(f), newMergeCmd(f), newValidateCmd(f),
		newScenariosCmd(f), newSchemaCmd(f), newVersionCmd(f), newServeCmd(f))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	return root
}
