package reports

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// A terminal narrower than a table would wrap every line in the middle
// of a column. So on a terminal (WriteOptions.Width) a table is fitted:
// first its text columns and headers are wrapped onto several lines; if
// that is not enough, its optional columns are left out, least important
// first, and a note names them; if even that is not enough, every row is
// written as a list of "column  value" lines. Files and pipes get the
// full table (Width 0).

// minWrap is the narrowest a wrapped text column is made: narrower, a
// label breaks into a word a line.
const minWrap = 12

// overhead is the width a table's borders and padding take, besides the
// columns' text.
func overhead(f Format, cols int) int {
	if f == Plain {
		return 2 * cols // a space either side
	}
	return 3*cols + 1 // a space either side and a rule between
}

// fitTable returns t's display form fitted to width columns, and whether
// it must be stacked (written as lists) instead.
func fitTable(t Table, f Format, width int) (Table, bool) {
	for n := 0; n <= len(t.Optional); n++ {
		drop := t.Optional[:n]
		d := t.without(drop).display()
		widths, ok := columnWidths(d, f, width)
		if !ok {
			continue
		}
		d = wrapColumns(d, widths)
		if n > 0 {
			d.Note = strings.TrimSpace(d.Note + " " + t.droppedNote(drop, width))
		}
		return d, false
	}
	return t.display(), true
}

// columnWidths chooses a width for every column of the display table d
// so that the table fits in width: each column as wide as its widest
// cell, except that the widest text columns are narrowed (to no less
// than their longest word, or minWrap) until the table fits. It reports
// false when it cannot fit.
func columnWidths(d Table, f Format, width int) ([]int, bool) {
	n := len(d.Header)
	natural, least := make([]int, n), make([]int, n)
	for i := range n {
		natural[i] = maxLine(d.Header[i])
		least[i] = longestWord(d.Header[i], true)
		for _, r := range d.Rows {
			if i >= len(r) {
				continue
			}
			natural[i] = max(natural[i], maxLine(r[i]))
			if alignOf(d, i) == Right {
				least[i] = max(least[i], maxLine(r[i])) // numbers are not broken
			} else {
				least[i] = max(least[i], longestWord(r[i], false))
			}
		}
		if alignOf(d, i) == Left {
			least[i] = max(least[i], min(natural[i], minWrap))
		}
	}
	room := width - overhead(f, n)
	capped := func(c int) int {
		sum := 0
		for i := range n {
			sum += max(least[i], min(natural[i], c))
		}
		return sum
	}
	if capped(0) > room {
		return nil, false
	}
	// The largest cap on column widths that fits: columns narrower than
	// it keep their width, wider ones are wrapped to it.
	c := sort.Search(slices.Max(natural)+1, func(c int) bool { return capped(c) > room }) - 1
	widths := make([]int, n)
	for i := range n {
		widths[i] = max(least[i], min(natural[i], c))
	}
	return widths, true
}

// wrapColumns wraps the header and cells of d to the given widths.
func wrapColumns(d Table, widths []int) Table {
	out := d
	out.Header = make([]string, len(d.Header))
	for i, h := range d.Header {
		out.Header[i] = wrapText(h, widths[i], true)
	}
	out.Rows = make([][]string, len(d.Rows))
	for j, r := range d.Rows {
		row := make([]string, len(r))
		for i, cell := range r {
			row[i] = cell
			if i < len(widths) && alignOf(d, i) == Left {
				row[i] = wrapText(cell, widths[i], false)
			}
		}
		out.Rows[j] = row
	}
	return out
}

// alignOf is column i's alignment; Left when the table gives none.
func alignOf(t Table, i int) Align {
	if i < len(t.Align) {
		return t.Align[i]
	}
	return Left
}

// without returns t with the raw columns cols left out; an interval's low
// column stands for the pair.
func (t Table) without(cols []int) Table {
	if len(cols) == 0 {
		return t
	}
	gone := map[int]bool{}
	for _, c := range cols {
		gone[c] = true
		if slices.Contains(t.Intervals, c) {
			gone[c+1] = true
		}
	}
	keep := func(row []string) []string {
		var out []string
		for i, x := range row {
			if !gone[i] {
				out = append(out, x)
			}
		}
		return out
	}
	out := Table{Name: t.Name, Title: t.Title, Note: t.Note, Header: keep(t.Header)}
	for i, a := range t.Align {
		if !gone[i] {
			out.Align = append(out.Align, a)
		}
	}
	for _, r := range t.Rows {
		out.Rows = append(out.Rows, keep(r))
	}
	for k, i := range t.Intervals {
		if gone[i] {
			continue
		}
		shift := 0
		for c := range gone {
			if c < i {
				shift++
			}
		}
		out.Intervals = append(out.Intervals, i-shift)
		out.IntervalTitles = append(out.IntervalTitles, t.IntervalTitles[k])
	}
	return out
}

// droppedNote names the columns left out, as CSV and JSON name them (an
// interval by its low column without "_low").
func (t Table) droppedNote(cols []int, width int) string {
	var names []string
	for _, c := range cols {
		name := t.Header[c]
		if slices.Contains(t.Intervals, c) {
			// bottom_ci_low is "bottom 95% CI"; a bare ci_low is named
			// by the estimate before it, "probability 95% CI".
			base := strings.TrimSuffix(strings.TrimSuffix(name, "_low"), "ci")
			if base == "" && c > 0 {
				base = t.Header[c-1]
			}
			name = strings.Join(append(strings.Fields(strings.ReplaceAll(base, "_", " ")), "95% CI"), " ")
		}
		names = append(names, name)
	}
	return fmt.Sprintf("Left out to fit %d columns: %s (a wider terminal, --format csv or json, or -o FILE shows them).", width, strings.Join(names, ", "))
}

// writeStacked writes each row of a table that cannot fit as a list of
// "column  value" lines, values wrapped to what is left of width; a value
// with a word too long for that goes under its column's name.
func writeStacked(b *strings.Builder, d Table, width int) {
	heads := make([]string, len(d.Header))
	key := 0
	for i, h := range d.Header {
		heads[i] = wrapText(h, width/3, true)
		key = max(key, maxLine(heads[i]))
	}
	room := width - key - 2
	for j, r := range d.Rows {
		if j > 0 {
			b.WriteString("\n")
		}
		for i, cell := range r {
			hl := strings.Split(heads[i], "\n")
			if longestWord(cell, false) > room {
				for _, l := range hl {
					b.WriteString(l + "\n")
				}
				for _, l := range strings.Split(wrapText(cell, width-2, false), "\n") {
					b.WriteString(strings.TrimRight("  "+l, " ") + "\n")
				}
				continue
			}
			vl := strings.Split(wrapText(cell, room, false), "\n")
			for k := range max(len(hl), len(vl)) {
				var hk, vk string
				if k < len(hl) {
					hk = hl[k]
				}
				if k < len(vl) {
					vk = vl[k]
				}
				line := hk + strings.Repeat(" ", key-twwidth.Width(hk)+2) + vk
				b.WriteString(strings.TrimRight(line, " ") + "\n")
			}
		}
	}
}

// maxLine is the display width of the widest line of s.
func maxLine(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, twwidth.Width(l))
	}
	return w
}

// longestWord is the display width of the widest word of s: what a
// column holding s cannot be narrower than. In a header a word may also
// break after "_" (p_bottom_quintile).
func longestWord(s string, header bool) int {
	w := 0
	for _, word := range words(s, header) {
		w = max(w, twwidth.Width(strings.TrimSpace(word)))
	}
	return w
}

// words splits s at spaces, keeping each space with the word before it,
// and in a header after each "_" too.
func words(s string, header bool) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == ' ' || r == '\n' || header && r == '_' {
			out = append(out, s[start:i+1])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// wrapText breaks s into lines of at most width columns, at spaces (and
// in a header after "_"); a word wider than width gets a line of its own.
func wrapText(s string, width int, header bool) string {
	if maxLine(s) <= width {
		return s
	}
	var lines []string
	line := ""
	for _, w := range words(strings.ReplaceAll(s, "\n", " "), header) {
		if line != "" && twwidth.Width(strings.TrimRight(line+w, " ")) > width {
			lines = append(lines, strings.TrimRight(line, " "))
			line = ""
		}
		line += w
	}
	if line = strings.TrimRight(line, " "); line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
