package main

import (
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

func newVersionCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print parley's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVersion(f.IO)
		},
	}
}

func runVersion(ios *iostreams) error {
	_, err := ios.Out.Write([]byte("parley " + sim.Version + "\n"))
	return err
}
