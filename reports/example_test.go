package reports_test

import (
	"os"

	"github.com/parley-dev/parley/reports"
)

// One table model feeds every format: the interval pair is two columns
// in CSV and one "[low, high]" column elsewhere.
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
	// # scenario demo · seed 1 · parley 0.1.0
	// outcome,probability,ci_low,ci_high
	// deal|done,0.7600,0.7573,0.7626
	// collapse,0.2400,0.2374,0.2427
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
