package main

import (
	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/suggest"
	"github.com/spf13/cobra"
)

func newScenariosCmd(_ streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the scenarios bundled with parley",
		Long: `Scenarios lists the scenarios compiled into parley. Run one by id
(parley run istanbul-2025) or print its source to start your own
(parley scenarios --show istanbul-2025 > mine.yaml).`,
		Args: cobra.NoArgs,
	}
	cmd.Flags().String("show", "", "print the YAML source of this bundled scenario")
	cmd.Flags().StringP("format", "f", "", "output format: table, plain, markdown, csv")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if id, _ := cmd.Flags().GetString("show"); id != "" {
			src, ok := scenarios.Source(id)
			if !ok {
				var ids []string
				list, _ := scenarios.Bundled()
				for _, i := range list {
					ids = append(ids, i.ID)
				}
				return usagef("no bundled scenario %q%s", id, suggest.DidYouMean(id, ids))
			}
			_, err := cmd.OutOrStdout().Write(src)
			return err
		}
		fs, _ := cmd.Flags().GetString("format")
		format, err := outputFormat(fs, cmd)
		if err != nil {
			return err
		}
		if format == reports.JSON {
			return usagef("scenarios has no JSON output; use csv")
		}
		list, err := scenarios.Bundled()
		if err != nil {
			return err
		}
		t := reports.Table{Name: "scenarios", Title: "Bundled scenarios", Header: []string{"id", "form", "title"},
			Align: []reports.Align{reports.Left, reports.Left, reports.Left}}
		for _, s := range list {
			t.Rows = append(t.Rows, []string{s.ID, s.Form, s.Title})
		}
		return reports.Write(cmd.OutOrStdout(), format, &reports.Document{Tables: []reports.Table{t}})
	}
	return cmd
}

func newVersionCmd(_ streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print parley's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := cmd.OutOrStdout().Write([]byte("parley " + sim.Version + "\n"))
			return err
		},
	}
}
