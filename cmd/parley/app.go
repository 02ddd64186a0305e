package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"golang.org/x/term"
)

// Exit codes, in one place.
const (
	exitOK      = 0
	exitError   = 1 // the run failed or was cut short
	exitInvalid = 2 // bad usage or an invalid scenario
)

// streams are the command's input and outputs, injected so that tests can
// capture them.
type streams struct {
	In       io.Reader
	Out, Err io.Writer
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// usageError marks an error as the user's: exit 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// execute runs the CLI and returns the exit code.
func execute(ctx context.Context, args []string, ios streams) int {
	root := newRootCmd(ios)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	// Escaped: an error may quote a name from a Gambit file or a shard.
	fmt.Fprintln(ios.Err, "parley: "+strings.ReplaceAll(sim.EscapeText(err.Error(), true), "\n", "\n  "))
	return exitCode(err)
}

func exitCode(err error) int {
	var list scenarios.ErrorList
	var ue usageError
	switch {
	case errors.As(err, &list), errors.As(err, &ue):
		return exitInvalid
	case strings.HasPrefix(err.Error(), "unknown command"), strings.HasPrefix(err.Error(), "unknown flag"),
		strings.HasPrefix(err.Error(), "unknown shorthand flag"), strings.Contains(err.Error(), "accepts "),
		strings.HasPrefix(err.Error(), "invalid argument"), strings.HasPrefix(err.Error(), "requires at least"),
		strings.HasPrefix(err.Error(), "flag needs an argument"):
		return exitInvalid // cobra's own usage errors carry no type
	}
	return exitError
}

func newRootCmd(ios streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "parley",
		Short: "Turn a negotiation into a game, and the game into numbers you can defend",
		Long: `Parley reads a scenario (YAML: parties, what each demands, what binds each, which
inputs are uncertain), solves the game in many sampled worlds and reports how
likely each outcome is, with Monte Carlo error bars.

Settings come from flags, then PARLEY_* environment variables, then the config
file (~/.config/parley/config.yaml or --config), then defaults.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(ios.Out)
	root.SetErr(ios.Err)
	root.SetIn(ios.In)
	root.PersistentFlags().String("config", "", "config file (default ~/.config/parley/config.yaml)")
	root.AddCommand(newRunCmd(ios), newCompareCmd(), newAttributeCmd(), newSensitivityCmd(), newSweepCmd(), newExplainCmd(), newSolveCmd(), newConvertCmd(), newMergeCmd(), newValidateCmd(ios), newScenariosCmd(ios), newVersionCmd(ios))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	return root
}

// settings layers flags over PARLEY_* environment variables over the
// config file over defaults, for the flags of one command.
func settings(cmd *cobra.Command, names ...string) (*viper.Viper, error) {
	v := viper.New()
	v.SetEnvPrefix("PARLEY")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	for _, n := range names {
		f := cmd.Flags().Lookup(n)
		if f == nil {
			continue
		}
		if err := v.BindPFlag(n, f); err != nil {
			return nil, err
		}
	}
	cfg, _ := cmd.Flags().GetString("config")
	if cfg == "" {
		cfg = os.Getenv("PARLEY_CONFIG")
	}
	explicit := cfg != ""
	if !explicit {
		if dir, err := os.UserConfigDir(); err == nil {
			cfg = filepath.Join(dir, "parley", "config.yaml")
		}
	}
	if cfg != "" {
		v.SetConfigFile(cfg)
		if err := v.ReadInConfig(); err != nil {
			var notFound viper.ConfigFileNotFoundError
			if explicit || !(errors.As(err, &notFound) || errors.Is(err, os.ErrNotExist)) {
				return nil, usagef("config file %s: %w", cfg, err)
			}
		}
		if err := checkConfigKeys(v, cmd.Root()); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// checkConfigKeys rejects config-file keys that no command knows, so a
// typo in the config file does not silently do nothing.
func checkConfigKeys(v *viper.Viper, root *cobra.Command) error {
	known := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) { known[f.Name] = true })
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	var names []string
	for n := range known {
		names = append(names, n)
	}
	for _, k := range v.AllKeys() {
		if !known[k] && v.InConfig(k) {
			return usagef("config file %s: unknown setting %q%s", v.ConfigFileUsed(), k, sim.DidYouMean(k, names))
		}
	}
	return nil
}
