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
share the scenario content hash, variant, seed and iteration count.`,
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
		var parts []*sim.Result
		for _, name := range args {
			f, err := os.Open(name)
			if err != nil {
				return usageError{err}
			}
			r, err := reports.ReadShard(name, f)
			f.Close()
			if err != nil {
				return usageError{err}
			}
			parts = append(parts, r)
		}
		res, mergeErr := sim.Merge(parts...)
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
