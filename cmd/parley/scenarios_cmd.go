package main

import (
	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim/suggest"
	"github.com/spf13/cobra"
)

// scenariosOptions are the settings of `parley scenarios`.
type scenariosOptions struct {
	IO     *iostreams
	Show   string // print this bundled scenario's source instead of the list
	Format reports.Format
}

func newScenariosCmd(f *factory) *cobra.Command {
	opts := &scenariosOptions{IO: f.IO}
	var format string
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the scenarios bundled with parley",
		Long: `Scenarios lists the scenarios compiled into parley. Run one by id
(parley run istanbul-2025) or print its source to start your own
(parley scenarios --show istanbul-2025 > mine.yaml).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Show == "" {
				var err error
				if opts.Format, err = outputFormat(format, f.IO); err != nil {
					return err
				}
			}
			return runScenarios(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Show, "show", "", "print the YAML source of this bundled scenario")
	cmd.Flags().StringVarP(&format, "format", "f", "", "output format: table, plain, markdown, csv")
	return cmd
}

func runScenarios(o *scenariosOptions) error {
	if o.Show != "" {
		src, ok := scenarios.Source(o.Show)
		if !ok {
			var ids []string
			list, _ := scenarios.Bundled()
			for _, i := range list {
				ids = append(ids, i.ID)
			}
			return usagef("no bundled scenario %q%s", o.Show, suggest.DidYouMean(o.Show, ids))
		}
		_, err := o.IO.Out.Write(src)
		return err
	}
	if o.Format == reports.JSON {
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
	return reports.WriteWith(o.IO.Out, o.Format, &reports.Document{Tables: []reports.Table{t}}, reports.WriteOptions{Width: o.IO.tableWidth("")})
}
