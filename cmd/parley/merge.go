package main

import (
	"errors"
	"io"
	"os"

	"github.com/parley-dev/parley/reports"
	"github.com/parley-dev/parley/sim"
	"github.com/spf13/cobra"
)

func newMergeCmd() *cobra.Command {
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
	}
	cmd.Flags().StringP("format", "f", "", "output format: table, plain, markdown, csv or json")
	cmd.Flags().StringP("output", "o", "", "write to this file (atomically) instead of standard output")
	cmd.Flags().String("table", "", "print only this table (outcomes, payoffs, paths)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		fs, _ := cmd.Flags().GetString("format")
		format, err := outputFormat(fs, cmd)
		if err != nil {
			return err
		}
		output, _ := cmd.Flags().GetString("output")
		if err := checkOverwrite(inputPaths(cmd, args...), []namedPath{{"--output", output}}); err != nil {
			return err
		}
		// Every file is read and checked before any is merged, and all
		// the problems are reported: a corrupted shard is a usage error.
		var parts []*sim.Result
		var errs []error
		for _, name := range args {
			f, err := os.Open(name)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			r, err := reports.ReadShard(name, f)
			f.Close()
			if err != nil {
				errs = append(errs, err)
				continue
			}
			parts = append(parts, r)
		}
		if len(errs) > 0 {
			return usageError{errors.Join(errs...)}
		}
		res, mergeErr := sim.MergeNamed(args, parts)
		if res == nil {
			return usageError{mergeErr}
		}
		table, _ := cmd.Flags().GetString("table")
		err = writeOutput(cmd.OutOrStdout(), output, func(w io.Writer) error {
			if format == reports.JSON {
				return reports.WriteJSON(w, reports.RunDocument(res))
			}
			doc := reports.Run(res, reports.RunOptions{})
			if mergeErr != nil {
				doc.Notes = append(doc.Notes, "PARTIAL RESULT: "+mergeErr.Error())
			}
			if table != "" {
				if err := doc.Select(table); err != nil {
					return usageError{err}
				}
			}
			return reports.Write(w, format, doc)
		})
		return errors.Join(err, mergeErr)
	}
	return cmd
}
