package reports_test

import (
	"fmt"
	"os"

	"github.com/parley-dev/parley/reports"
)

// One table model feeds every format: the interval pair is two columns
// in CSV and one "[low, high]" column elsewhere. CSV carries the stamp in
// a column, so that the first line is the header.
func ExampleWrite() {
	doc := &reports.Document{
		Provenance: "scenario demo · seed 1 · parley 0.1.0",
		Tables: []reports.Table{{
			Name: "outcomes", Title: "Outcomes",
			Header:    []string{"outcome", "probability", "ci_low", "ci_high"},
			Align:     []reports.Align{reports.Left, reports.Right, reports.Right, reports.Right},
			Intervals: []int{2}, IntervalTitles: []string{"95% CI"},
			Rows: [][]string{{"deal|done", "0.7600", "0.7573", "0.7626"}, {"collapse", "0.2400", "0.2374", "0.2427"}},
		}},
	}
	reports.Write(os.Stdout, reports.Markdown, doc)
	reports.Write(os.Stdout, reports.CSV, doc)
	// Output:
	// **Outcomes**
	//
	// | outcome    | probability |           95% CI |
	// |:-----------|------------:|-----------------:|
	// | deal\|done |      0.7600 | [0.7573, 0.7626] |
	// | collapse   |      0.2400 | [0.2374, 0.2427] |
	//
	// <sub>scenario demo · seed 1 · parley 0.1.0</sub>
	// outcome,probability,ci_low,ci_high,provenance
	// deal|done,0.7600,0.7573,0.7626,scenario demo · seed 1 · parley 0.1.0
	// collapse,0.2400,0.2374,0.2427,scenario demo · seed 1 · parley 0.1.0
}

// On a terminal, WriteWith fits a table to its width: here a label is
// wrapped and the optional count column left out, with a note.
func ExampleWriteWith() {
	doc := &reports.Document{
		Tables: []reports.Table{{
			Name: "outcomes", Title: "Outcomes",
			Header:   []string{"outcome", "label", "probability", "count"},
			Align:    []reports.Align{reports.Left, reports.Left, reports.Right, reports.Right},
			Optional: []int{3},
			Rows:     [][]string{{"breach", "Pakistan halts flights, breaking with the US", "0.0310", "155"}},
		}},
	}
	reports.WriteWith(os.Stdout, reports.Box, doc, reports.WriteOptions{Width: 40})
	// Output:
	// Outcomes
	// ┌─────────┬─────────────┬─────────────┐
	// │ outcome │ label       │ probability │
	// ├─────────┼─────────────┼─────────────┤
	// │ breach  │ Pakistan    │      0.0310 │
	// │         │ halts       │             │
	// │         │ flights,    │             │
	// │         │ breaking    │             │
	// │         │ with the US │             │
	// └─────────┴─────────────┴─────────────┘
	// Left out to fit 40 columns: count (a
	// wider terminal, --format csv or json, or
	// -o FILE shows them).
}

// Overrides put every --set and --variant in a report's stamp.
func ExampleOverrides_Apply() {
	doc := &reports.Document{Provenance: "scenario demo · seed 1 · variant baseline · parley 0.1.0"}
	reports.Overrides{Sets: []string{"parameters.cost=2"}}.Apply(doc)
	fmt.Println(doc.Provenance)
	// Output:
	// scenario demo · seed 1 · variant baseline · set parameters.cost=2 · parley 0.1.0
}

// The LaTeX format writes booktabs tables for a paper, labels escaped and
// the stamp as the table's note.
func ExampleWrite_latex() {
	doc := &reports.Document{
		Provenance: "scenario demo · seed 1 · parley 0.1.0",
		Tables: []reports.Table{{
			Name: "outcomes", Title: "Outcomes",
			Header:    []string{"outcome", "probability", "ci_low", "ci_high"},
			Align:     []reports.Align{reports.Left, reports.Right, reports.Right, reports.Right},
			Intervals: []int{2}, IntervalTitles: []string{"95% CI"},
			Rows: [][]string{{"no_deal", "0.2400", "0.2374", "0.2427"}},
		}},
	}
	reports.Write(os.Stdout, reports.LaTeX, doc)
	// Output:
	// % Parley tables: \usepackage{booktabs} in the preamble.
	// \begin{table}[htbp]
	// \centering
	// \caption{Outcomes}
	// \label{tab:parley-outcomes}
	// \begin{tabular}{lrr}
	// \toprule
	// outcome & probability & 95\% CI \\
	// \midrule
	// no\_deal & 0.2400 & [0.2374, 0.2427] \\
	// \bottomrule
	// \end{tabular}
	// \par\smallskip
	// {\footnotesize\raggedright \emph{Note:} scenario demo \textperiodcentered{} seed 1 \textperiodcentered{} parley 0.1.0\par}
	// \end{table}
}
