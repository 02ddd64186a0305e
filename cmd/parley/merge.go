package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

// mergeOptions are the settings of `parley merge`.
type mergeOptions struct {
	IO     *iostreams
	Inputs []namedPath
	Shards []string // the shard files, in the order given
	Format reports.Format
	Output string
	Table  string
}

func newMergeCmd(f *factory) *cobra.Command {
	opts := &mergeOptions{IO: f.IO}
	var format string
	cmd := &cobra.Command{
		Use:   "merge SHARD.json...",
		Short: "Merge the JSON of shard runs (--shard k/n) into the result of the whole run",
		Long: `Merge combines shards of one run, made anywhere (a Slurm array, Kubernetes
indexed jobs, GNU parallel), into the result one machine would have given:
byte for byte, because every count and sum merges exactly. The shards must
share the scenario content hash, variant, seed and iteration count.

Each shard is checked before anything is merged: its checksum (any edit
or corruption is refused), its shard index and count, and that its counts
are consistent (outcome counts sum to its worlds, no tally exceeds them,
sums finite, the same outcomes, parties and tallies as the other shards).
A refused shard is named with the JSON field at fault; exit status 2.
Missing shards give a result marked PARTIAL and exit status 1.`,
		Example: `  for k in 1 2 3 4; do parley run istanbul-2025 -n 1000000 --shard $k/4 -f json -o part$k.json; done
  parley merge part*.json --format markdown`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Format, err = outputFormat(format, f.IO); err != nil {
				return err
			}
			opts.Shards, opts.Inputs = args, f.inputPaths(args...)
			return runMerge(opts)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "", "output format: table, plain, markdown, csv, json or latex")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file (atomically) instead of standard output")
	cmd.Flags().StringVar(&opts.Table, "table", "", "print only this table (outcomes, payoffs, paths)")
	return cmd
}

func runMerge(o *mergeOptions) error {
	if err := checkOverwrite(o.Inputs, []namedPath{{"--output", o.Output}}); err != nil {
		return err
	}
	// Every file is read and checked before any is merged, and all
	// the problems are reported: a corrupted shard is a usage error.
	var parts []*sim.Result
	var overrides []reports.Overrides
	var errs []error
	for _, name := range o.Shards {
		f, err := os.Open(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r, ov, err := reports.ReadShardOverrides(name, f)
		f.Close()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(overrides) > 0 && !ov.Equal(overrides[0]) {
			errs = append(errs, fmt.Errorf("%s: overrides: run with %s, but %s with %s: the shards are of different runs", name, ov, o.Shards[0], overrides[0]))
		}
		parts, overrides = append(parts, r), append(overrides, ov)
	}
	if len(errs) > 0 {
		return usageError{errors.Join(errs...)}
	}
	res, mergeErr := sim.MergeNamed(o.Shards, parts)
	if res == nil {
		return usageError{mergeErr}
	}
	err := writeOutput(o.IO.Out, o.Output, func(w io.Writer) error {
		if o.Format == reports.JSON {
			doc := reports.RunDocument(res)
			overrides[0].ApplyJSON(doc)
			return reports.WriteJSON(w, doc)
		}
		doc := reports.Run(res, reports.RunOptions{})
		overrides[0].Apply(doc)
		if mergeErr != nil {
			doc.Notes = append(doc.Notes, "PARTIAL RESULT: "+mergeErr.Error())
		}
		if o.Table != "" {
			if err := doc.Select(o.Table); err != nil {
				return usageError{err}
			}
		}
		return reports.WriteWith(w, o.Format, doc, reports.WriteOptions{Width: o.IO.tableWidth(o.Output)})
	})
	return errors.Join(err, mergeErr)
}
