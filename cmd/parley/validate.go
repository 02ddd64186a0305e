package main

import (
	"errors"
	"fmt"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim/safetext"
	"github.com/spf13/cobra"
)

func newValidateCmd(_ streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and report every problem with file:line:col",
		Args:  cobra.MinimumNArgs(1),
		Example: `  parley validate scenarios/*.yaml
  parley validate my.yaml --set parameters.breach_cost=4`,
	}
	cmd.Flags().StringArray("set", nil, "override a scenario value before checking (repeatable)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		sets, _ := cmd.Flags().GetStringArray("set")
		var all scenarios.ErrorList
		var other error
		for _, file := range args {
			s, err := scenarios.Load(file, scenarios.Options{Sets: sets})
			var list scenarios.ErrorList
			switch {
			case errors.As(err, &list):
				all = append(all, list...)
			case err != nil:
				other = errors.Join(other, err)
			default:
				fmt.Fprintf(cmd.OutOrStdout(), "%s: ok (%s, %d parties, %d parameters, %d outcomes, %d variants)\n",
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
	return cmd
}
