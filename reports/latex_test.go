package reports

import (
	"bytes"
	"cmp"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLaTeXEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"no_drone_deal", `no\_drone\_deal`},
		{"95% CI", `95\% CI`},
		{"a & b $5 #1 {x} ~ ^", `a \& b \$5 \#1 \{x\} \textasciitilde{} \textasciicircum{}`},
		{`C:\path`, `C:\textbackslash{}path`},
		{"afg:demand_halt → pak:accept", `afg:demand\_halt $\rightarrow$ pak:accept`},
		{"seed 1 · parley", `seed 1 \textperiodcentered{} parley`},
		{"Pakistan–Afghanistan", `Pakistan--Afghanistan`},
	} {
		if got := latexEscape(c.in); got != c.want {
			t.Errorf("latexEscape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := latexRow([]string{"x-y", "-0.640", "[-0.710, 0.570]"}); got != `x-y & $-$0.640 & [$-$0.710, 0.570]` {
		t.Errorf("latexRow: %q", got)
	}
}

// latexDoc is a document with every character LaTeX treats specially.
func latexDoc() *Document {
	return &Document{Provenance: "scenario x_1 · sha256 ab · seed 1 · 10 iterations · parley 0.1.0",
		Notes: []string{"PARTIAL RESULT: only 5 of 10 worlds"},
		Tables: []Table{{Name: "outcomes", Title: "Outcomes of 50% & more", Header: []string{"outcome", "p", "lo", "hi"},
			Align: []Align{Left, Right, Right, Right}, Intervals: []int{2}, IntervalTitles: []string{"95% CI"},
			Rows: [][]string{{"a_b → c {d} #e $f ~g ^h \\i", "-0.5000", "-0.6000", "0.1000"}}, Note: "tail note"}}}
}

func TestLaTeXTable(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, LaTeX, latexDoc()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`\toprule`, `\midrule`, `\bottomrule`, `\begin{tabular}{lrr}`,
		`outcome & p & 95\% CI \\`, `$-$0.5000 & [$-$0.6000, 0.1000] \\`, `\caption{Outcomes of 50\% \& more}`,
		`PARTIAL RESULT: only 5 of 10 worlds \\`, `tail note \\`, `scenario x\_1 \textperiodcentered{} sha256`} {
		if !strings.Contains(out, want) {
			t.Errorf("LaTeX output lacks %q:\n%s", want, out)
		}
	}
}

// TestLaTeXCompiles typesets the tables with pdflatex, when a TeX
// installation is present.
func TestLaTeXCompiles(t *testing.T) {
	pdflatex, err := exec.LookPath("pdflatex")
	if err != nil {
		t.Skip("pdflatex not installed: the LaTeX output is not typeset")
	}
	var b bytes.Buffer
	b.WriteString("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n\\begin{document}\n")
	if err := Write(&b, LaTeX, latexDoc()); err != nil {
		t.Fatal(err)
	}
	b.WriteString("\\end{document}\n")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.tex"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(pdflatex, "-interaction=nonstopmode", "-halt-on-error", "t.tex")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdflatex: %v\n%s\n%s", err, out, b.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "t.pdf")); err != nil {
		t.Fatal(err)
	}
}

// FuzzLaTeXEscape checks that no escaped text leaves a character with a
// meaning of its own in LaTeX unescaped: every special character comes
// out as the escape latexSpecial gives it.
func FuzzLaTeXEscape(f *testing.F) {
	var escapes []string // longest first, so that removing one never cuts another
	for _, rep := range latexSpecial {
		escapes = append(escapes, rep)
	}
	slices.SortFunc(escapes, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	for _, s := range []string{"no_drone_deal", "95% CI", `a\b{c}`, "x → y · z", "$#&~^", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := latexEscape(s)
		var want strings.Builder
		for _, r := range s {
			if rep, ok := latexSpecial[r]; ok {
				want.WriteString(rep)
			} else {
				want.WriteRune(r)
			}
		}
		if out != want.String() {
			t.Fatalf("latexEscape(%q) = %q", s, out)
		}
		// Outside the escapes, no special character is left bare.
		rest := out
		for _, rep := range escapes {
			rest = strings.ReplaceAll(rest, rep, "")
		}
		if strings.ContainsAny(rest, "\\&%$#_{}~^") {
			t.Fatalf("latexEscape(%q) = %q leaves a special character bare", s, out)
		}
	})
}
