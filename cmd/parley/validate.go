package main

import (
	"errors"
	"fmt"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim/safetext"
	"github.com/spf13/cobra"
)

// validateOptions are the settings of `parley validate`.
type validateOptions struct {
	IO    *iostreams
	Files []string
	Sets  []string
}

func newValidateCmd(f *factory) *cobra.Command {
	opts := &validateOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and report every problem with file:line:col",
		Args:  cobra.MinimumNArgs(1),
		Example: `  parley validate scenarios/*.yaml
  parley validate my.yaml --set parameters.breach_cost=4`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			return runValidate(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "override a scenario value before checking (repeatable)")
	return cmd
}

// runValidate loads every file and reports every problem: an invalid
// scenario's errors are a scenarios.ErrorList, any other a usage error.
func runValidate(o *validateOptions) error {
	var all scenarios.ErrorList
	var other error
	for _, file := range o.Files {
		s, err := scenarios.Load(file, scenarios.Options{Sets: o.Sets})
		var list scenarios.ErrorList
		switch {
		case errors.As(err, &list):
			all = append(all, list...)
		case err != nil:
			other = errors.Join(other, err)
		default:
			fmt.Fprintf(o.IO.Out, "%s: ok (%s, %d parties, %d parameters, %d outcomes, %d variants)\n",
				safetext.EscapeText(file, false), s.Form(), len(s.Parties), len(s.Params), len(s.Outcomes), len(s.Variants))
		}
	}
	if other != nil {
		if len(all) > 0 {
			return errors.Join(all, usageError{other})
		}
		return usageError{other}
	}
	if len(all) > 0 {
		return all
	}
	return nil
}
