package main

import (
	"io"

	"github.com/parley-dev/parley/scenarios"
	"github.com/spf13/cobra"
)

// schemaOptions are the settings of `parley schema`.
type schemaOptions struct {
	IO     *iostreams
	Output string // a file to write instead of standard output
}

func newSchemaCmd(f *factory) *cobra.Command {
	opts := &schemaOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the scenario format, for editors",
		Long: `Schema prints a JSON Schema (draft 2020-12) of the scenario format, generated
from the definitions the loader checks files against. Name it in the first
line of a scenario and an editor using yaml-language-server (VS Code with its
YAML extension) completes keys and flags mistakes as you type:

  # yaml-language-server: $schema=scenario.schema.json

The schema checks form; parley validate also checks meaning (names defined
elsewhere in the file, expressions, cycles).`,
		Example: `  parley schema -o scenario.schema.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSchema(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file (atomically) instead of standard output")
	return cmd
}

func runSchema(o *schemaOptions) error {
	return writeOutput(o.IO.Out, o.Output, func(w io.Writer) error {
		_, err := w.Write(scenarios.Schema())
		return err
	})
}
