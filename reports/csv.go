package reports

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
)

// CSV columns added to the tables' own.
const (
	csvTableColumn      = "table"      // which table a row of a long table belongs to
	csvProvenanceColumn = "provenance" // the stamp, on every row
)

// writeCSV writes the document as one table that pandas.read_csv(f) and
// R's read.csv(f) read with no options: the first line is the header, and
// no line is a comment. One table is written as it is; several are
// stacked into one long table whose first column, "table", names the
// table of each row, and whose other columns are the union of the
// tables' columns in order of appearance (empty where a table has no such
// column). The last column repeats the provenance stamp on every row, so
// that a row copied out of the file still says where it came from.
func writeCSV(w io.Writer, d *Document) error {
	long := len(d.Tables) > 1
	var header []string
	if long {
		header = append(header, csvTableColumn)
	}
	for _, t := range d.Tables {
		for _, h := range csvNames(t.Header) {
			if !slices.Contains(header, h) {
				header = append(header, h)
			}
		}
	}
	if d.Provenance != "" {
		header = append(header, csvProvenanceColumn)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, t := range d.Tables {
		at := make([]int, len(t.Header)) // the table's columns in the header
		for i, h := range csvNames(t.Header) {
			at[i] = slices.Index(header, h)
		}
		for _, r := range t.Rows {
			row := make([]string, len(header))
			if long {
				row[0] = t.Name
			}
			for i, cell := range r {
				if i < len(at) {
					row[at[i]] = cell
				}
			}
			if d.Provenance != "" {
				row[len(row)-1] = d.Provenance
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvNames makes a table's column names distinct, as a data frame needs
// them: a name given again gets a suffix (_2, _3, ...).
func csvNames(header []string) []string {
	out := make([]string, len(header))
	seen := map[string]int{}
	for i, h := range header {
		seen[h]++
		out[i] = h
		if n := seen[h]; n > 1 {
			out[i] = h + "_" + strconv.Itoa(n)
		}
	}
	return out
}
