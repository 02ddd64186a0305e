package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/scenarios/gambit"
	"github.com/parley-dev/parley/scenarios/ktab"
	"github.com/spf13/cobra"
)

// convertOptions are the settings of `parley convert`.
type convertOptions struct {
	IO     *iostreams
	Inputs []namedPath
	File   string
	Output string
	Sets   []string
}

func newConvertCmd(f *factory) *cobra.Command {
	opts := &convertOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "convert FILE",
		Short: "Convert between Gambit or KTAB files and scenarios (.nfg/.efg/.csv → YAML, matrix YAML → .nfg)",
		Long: `Convert writes a scenario YAML (model: matrix) from a Gambit .nfg file, or from
an .efg file through its reduced strategic form, ready to turn numbers into
expressions over uncertain parameters; and a Gambit .nfg file from a matrix
scenario, at its median world. A KTAB case (.csv) becomes a spatial scenario
(model: spatial, method smp) with KTAB's numbers, which runs unchanged.`,
		Example: `  parley convert game.nfg -o game.yaml
  parley convert prisoners-dilemma -o pd.nfg
  parley convert SOE-Pol-Comp.csv -o soe.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File, opts.Inputs = args[0], f.inputPaths(args[0])
			return runConvert(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file (atomically) instead of standard output")
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "override a scenario value before converting (repeatable)")
	return cmd
}

func runConvert(o *convertOptions) error {
	if err := checkOverwrite(o.Inputs, []namedPath{{"--output", o.Output}}); err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(o.File))
	if ext == ".csv" {
		return convertKTAB(o)
	}
	g, err := readGame(o.File, o.Sets)
	if err != nil {
		return err
	}
	return writeOutput(o.IO.Out, o.Output, func(w io.Writer) error {
		if ext == ".nfg" || ext == ".efg" {
			id := strings.TrimSuffix(filepath.Base(o.File), filepath.Ext(o.File))
			doc, err := scenarios.FromStrategic(g, id)
			if err != nil {
				return err
			}
			_, err = w.Write(doc)
			return err
		}
		return gambit.WriteNFG(w, g)
	})
}

// convertKTAB writes the spatial scenario of a KTAB case.
func convertKTAB(o *convertOptions) error {
	if len(o.Sets) > 0 {
		return usagef("--set applies to scenarios; a KTAB file is converted as it is")
	}
	f, err := os.Open(o.File)
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	c, err := ktab.Read(o.File, f)
	if err != nil {
		return usageError{err}
	}
	id := strings.TrimSuffix(filepath.Base(o.File), filepath.Ext(o.File))
	doc, err := scenarios.FromKTAB(c, strings.ToLower(id))
	if err != nil {
		return usageError{err}
	}
	return writeOutput(o.IO.Out, o.Output, func(w io.Writer) error {
		_, err := w.Write(doc)
		return err
	})
}
