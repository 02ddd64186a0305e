package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/parley-dev/parley/sim/safetext"
)

// Format is an output format.
type Format string

// The output formats.
const (
	Box      Format = "table"    // box-drawn table, for a terminal
	Plain    Format = "plain"    // aligned columns without borders
	Markdown Format = "markdown" // GitHub-flavoured Markdown
	CSV      Format = "csv"      // comma-separated values
	JSON     Format = "json"     // versioned JSON document
	LaTeX    Format = "latex"    // booktabs tables, for a paper (latex.go)
)

// Formats lists every format, for help text and validation.
func Formats() []Format { return []Format{Box, Plain, Markdown, CSV, JSON, LaTeX} }

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
	}
	var names []string
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown format %q (have %s)", s, strings.Join(names, ", "))
}

// Align is a column's alignment.
type Align int

// Column alignments.
const (
	Left Align = iota
	Right
)

// Table is the one table model every text format renders.
type Table struct {
	Name   string // machine name, for selecting one table ("outcomes")
	Title  string
	Header []string
	Align  []Align // one per column
	Rows   [][]string
	Note   string // a line printed under the table

	// Intervals lists columns i holding an interval's low end whose high
	// end is column i+1. CSV keeps the two columns (for pandas and R);
	// the text formats show them as one "[low, high]" column, headed by
	// IntervalTitles (same order).
	Intervals      []int
	IntervalTitles []string

	// Optional lists columns a narrow terminal may leave out, least
	// important first (an interval's low column stands for the pair);
	// a note then names them. Files and pipes always get every column.
	Optional []int
}

// Display returns the table as the text formats show it: interval pairs
// joined into one "[low, high]" column. Other renderers (HTML) use it to
// show the same cells.
func (t Table) Display() Table { return t.display() }

// display returns the table as the text formats show it: interval pairs
// joined into one column.
func (t Table) display() Table {
	if len(t.Intervals) == 0 {
		return t
	}
	out := Table{Name: t.Name, Title: t.Title, Note: t.Note}
	joinAt := map[int]string{}
	for k, i := range t.Intervals {
		joinAt[i] = t.IntervalTitles[k]
	}
	for i := 0; i < len(t.Header); i++ {
		if title, ok := joinAt[i]; ok {
			out.Header = append(out.Header, title)
			out.Align = append(out.Align, Right)
			i++
			continue
		}
		out.Header = append(out.Header, t.Header[i])
		out.Align = append(out.Align, t.Align[i])
	}
	for _, r := range t.Rows {
		var row []string
		for i := 0; i < len(r); i++ {
			if _, ok := joinAt[i]; ok {
				cell := ""
				if r[i] != "" || r[i+1] != "" {
					cell = "[" + r[i] + ", " + r[i+1] + "]"
				}
				row = append(row, cell)
				i++
				continue
			}
			row = append(row, r[i])
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// Document is the tables of one report with their provenance stamp.
type Document struct {
	Provenance string
	Notes      []string // lines printed before the tables (warnings such as a partial run)
	Tables     []Table
}

// Select keeps only the named table.
func (d *Document) Select(name string) error {
	var names []string
	for _, t := range d.Tables {
		if t.Name == name {
			d.Tables = []Table{t}
			return nil
		}
		names = append(names, t.Name)
	}
	return fmt.Errorf("no table %q in this report (have %s)", name, strings.Join(names, ", "))
}

// safe returns the document with every control character escaped: a
// name read from a Gambit file or a shard can hold escape sequences, which
// a terminal would act on instead of printing.
func (d *Document) safe() *Document {
	esc := func(s string) string { return safetext.EscapeText(s, true) }
	out := &Document{Provenance: esc(d.Provenance), Notes: mapStrings(d.Notes, esc)}
	for _, t := range d.Tables {
		t.Title, t.Note = esc(t.Title), esc(t.Note)
		t.Header = mapStrings(t.Header, esc)
		rows := make([][]string, len(t.Rows))
		for i, r := range t.Rows {
			rows[i] = mapStrings(r, esc)
		}
		t.Rows = rows
		out.Tables = append(out.Tables, t)
	}
	return out
}

// WriteOptions control how a document is rendered.
type WriteOptions struct {
	// Width is the most columns a line may take: a terminal's width. The
	// table and plain formats then wrap text, leave out optional columns
	// or write rows as lists to fit (see fitTable). 0 is no limit, for
	// files and pipes.
	Width int
}

// Write renders the document in a text format, in full.
func Write(w io.Writer, f Format, d *Document) error {
	return WriteWith(w, f, d, WriteOptions{})
}

// WriteWith renders the document in a text format with options.
func WriteWith(w io.Writer, f Format, d *Document, opt WriteOptions) error {
	d = d.safe()
	fit := opt.Width > 0 && (f == Box || f == Plain)
	text := func(s string) string { // a title, note or stamp
		if fit {
			return wrapText(s, opt.Width, false)
		}
		return s
	}
	switch f {
	case CSV:
		return writeCSV(w, d)
	case LaTeX:
		return writeLaTeX(w, d)
	case Box, Plain, Markdown:
	default:
		return fmt.Errorf("format %q is not a table format", f)
	}
	for _, n := range d.Notes {
		if f == Markdown {
			fmt.Fprintf(w, "> %s\n\n", n)
		} else {
			fmt.Fprintf(w, "%s\n\n", text(n))
		}
	}
	for i, t := range d.Tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if f == Markdown {
			fmt.Fprintf(w, "**%s**\n\n", escapeMarkdown(t.Title))
		} else {
			fmt.Fprintf(w, "%s\n", text(t.Title))
		}
		dt, stacked := t.display(), false
		if fit {
			dt, stacked = fitTable(t, f, opt.Width)
		}
		if stacked {
			var b strings.Builder
			writeStacked(&b, dt, opt.Width)
			io.WriteString(w, b.String())
		} else if err := writeTable(w, f, dt); err != nil {
			return fmt.Errorf("render %s: %w", t.Name, err)
		}
		if dt.Note != "" {
			if f == Markdown {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s\n", text(dt.Note))
		}
	}
	if d.Provenance != "" {
		fmt.Fprintln(w)
		if f == Markdown {
			fmt.Fprintf(w, "<sub>%s</sub>\n", escapeMarkdown(d.Provenance))
		} else {
			fmt.Fprintln(w, text(d.Provenance))
		}
	}
	return nil
}

func writeTable(w io.Writer, f Format, t Table) error {
	aligns := make(tw.Alignment, len(t.Header))
	for i := range aligns {
		aligns[i] = tw.AlignLeft
		if i < len(t.Align) && t.Align[i] == Right {
			aligns[i] = tw.AlignRight
		}
	}
	opts := []tablewriter.Option{
		tablewriter.WithAlignment(aligns),
		tablewriter.WithHeaderAutoFormat(tw.Off),
	}
	switch f {
	case Markdown:
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
	case Plain:
		opts = append(opts, tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{
				Lines:      tw.Lines{ShowHeaderLine: tw.Off, ShowFooterLine: tw.Off},
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off},
			},
		})))
	}
	tb := tablewriter.NewTable(w, opts...)
	header := t.Header
	if f == Markdown {
		header = mapStrings(header, escapeMarkdown)
	}
	tb.Header(header)
	for _, r := range t.Rows {
		if f == Markdown {
			r = mapStrings(r, escapeMarkdown)
		}
		if err := tb.Append(r); err != nil {
			return err
		}
	}
	return tb.Render()
}

func mapStrings(in []string, f func(string) string) []string {
	out := slices.Clone(in)
	for i := range out {
		out[i] = f(out[i])
	}
	return out
}

// escapeMarkdown keeps a cell on one line and its pipes from splitting it:
// the Markdown renderer escapes neither.
func escapeMarkdown(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}
