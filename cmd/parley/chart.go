package main

import (
	"io"

	"github.com/parley-dev/parley/reports/chart"
	"github.com/spf13/cobra"
)

// chartFlag adds --chart, the file a command draws its main chart into.
func chartFlag(cmd *cobra.Command, path *string) {
	cmd.Flags().StringVar(path, "chart", "", "also draw the main chart into this file: .svg, .png or .pdf (atomically)")
}

// checkChart checks --chart's extension before any work is done.
func checkChart(path string) error {
	if path == "" {
		return nil
	}
	if _, err := chart.FormatOf(path); err != nil {
		return usagef("--chart %w", err)
	}
	return nil
}

// writeChart draws d into path, atomically like every output. build is
// called only when there is a file to write.
func writeChart(path string, build func() (*chart.Data, error)) error {
	if path == "" {
		return nil
	}
	format, err := chart.FormatOf(path)
	if err != nil {
		return usagef("--chart %w", err)
	}
	d, err := build()
	if err != nil {
		return err
	}
	return writeOutput(io.Discard, path, func(w io.Writer) error {
		return chart.Write(w, d, format, chart.Options{})
	})
}

// noError wraps a builder that cannot fail.
func noError(f func() *chart.Data) func() (*chart.Data, error) {
	return func() (*chart.Data, error) { return f(), nil }
}
