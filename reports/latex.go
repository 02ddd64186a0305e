package reports

import (
	"fmt"
	"io"
	"strings"
)

// writeLaTeX writes each table as a LaTeX table environment with
// booktabs rules, ready to paste into a paper: every label escaped, the
// interval pairs joined as in the text formats, and the provenance stamp
// (with any warning) as the table's note, so that a table copied alone
// still says where its numbers came from. The preamble needs
// \usepackage{booktabs}.
func writeLaTeX(w io.Writer, d *Document) error {
	fmt.Fprintf(w, "%% Parley tables: \\usepackage{booktabs} in the preamble.\n")
	var notes []string
	for _, n := range d.Notes {
		notes = append(notes, latexEscape(n))
	}
	for i, t := range d.Tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		t = t.display()
		spec := ""
		for _, a := range t.Align {
			if a == Right {
				spec += "r"
			} else {
				spec += "l"
			}
		}
		fmt.Fprintf(w, "\\begin{table}[htbp]\n\\centering\n\\caption{%s}\n\\label{tab:parley-%s}\n", latexEscape(t.Title), latexLabel(t.Name))
		fmt.Fprintf(w, "\\begin{tabular}{%s}\n\\toprule\n", spec)
		fmt.Fprintf(w, "%s \\\\\n\\midrule\n", latexRow(t.Header))
		for _, r := range t.Rows {
			fmt.Fprintf(w, "%s \\\\\n", latexRow(r))
		}
		fmt.Fprintf(w, "\\bottomrule\n\\end{tabular}\n")
		note := append(append([]string{}, notes...), latexEscape(t.Note))
		if d.Provenance != "" {
			note = append(note, latexEscape(d.Provenance))
		}
		var parts []string
		for _, n := range note {
			if n != "" {
				parts = append(parts, n)
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "\\par\\smallskip\n{\\footnotesize\\raggedright \\emph{Note:} %s\\par}\n", strings.Join(parts, " \\\\\n"))
		}
		fmt.Fprintf(w, "\\end{table}\n")
	}
	return nil
}

func latexRow(cells []string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = latexEscape(c)
		if numeric(c) {
			out[i] = strings.ReplaceAll(c, "-", "$-$") // a minus sign, not a hyphen
		}
	}
	return strings.Join(out, " & ")
}

// numeric reports whether a cell holds only numbers (an interval too).
func numeric(c string) bool {
	return c != "" && strings.Trim(c, "0123456789.-+e[], ") == "" && strings.ContainsAny(c, "0123456789")
}

// latexSpecial are the characters LaTeX gives a meaning of its own, and
// the characters Parley prints that pdflatex's default fonts lack, with
// what typesets them.
var latexSpecial = map[rune]string{
	'\\': `\textbackslash{}`, '&': `\&`, '%': `\%`, '$': `\$`, '#': `\#`, '_': `\_`,
	'{': `\{`, '}': `\}`, '~': `\textasciitilde{}`, '^': `\textasciicircum{}`,
	'<': `\textless{}`, '>': `\textgreater{}`, '|': `\textbar{}`, '"': `\textquotedbl{}`,
	'→': `$\rightarrow$`, '←': `$\leftarrow$`, '·': `\textperiodcentered{}`, '±': `$\pm$`,
	'×': `$\times$`, '≥': `$\geq$`, '≤': `$\leq$`, '≠': `$\neq$`, '–': `--`, '—': `---`,
	'…': `\dots{}`, 'λ': `$\lambda$`, 'ε': `$\varepsilon$`, '−': `$-$`, '\n': ` `,
}

// latexEscape makes s print as itself in LaTeX text. Control characters
// (already escaped by Document.safe as \x1b and the like) cannot reach it.
func latexEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if rep, ok := latexSpecial[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// latexLabel keeps the characters a \label may hold.
func latexLabel(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}
