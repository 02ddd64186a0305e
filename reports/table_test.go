package reports

import (
	"bytes"
	"strings"
	"testing"
)

func TestEveryFormatShowsTheSameCells(t *testing.T) {
	doc := &Document{Provenance: "stamp", Tables: []Table{{
		Name: "t", Title: "T", Header: []string{"a", "lo", "hi"}, Align: []Align{Left, Right, Right},
		Intervals: []int{1}, IntervalTitles: []string{"CI"},
		Rows: [][]string{{"x, y", "0.1000", "0.2000"}},
	}}}
	for _, f := range []Format{Box, Plain, Markdown, CSV, LaTeX} {
		var b bytes.Buffer
		if err := Write(&b, f, doc); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, cell := range []string{"0.1000", "0.2000", "x, y", "stamp"} {
			if !strings.Contains(out, cell) {
				t.Errorf("%s output lacks %q:\n%s", f, cell, out)
			}
		}
	}
	if err := Write(&bytes.Buffer{}, JSON, doc); err == nil {
		t.Error("Write accepted JSON, which has its own documents")
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat accepted xml")
	}
	if err := doc.Select("nope"); err == nil || !strings.Contains(err.Error(), "have t") {
		t.Errorf("Select of a missing table: %v", err)
	}
}

func TestWriteEscapesControlCharacters(t *testing.T) {
	doc := &Document{Provenance: "stamp \x1b]0;title\a", Notes: []string{"note\u202e"}, Tables: []Table{{
		Name: "t", Title: "T\x1b[2J", Header: []string{"outcome", "p"}, Align: []Align{Left, Right},
		Rows: [][]string{{"One\r\x1b[KFAKE LINE", "0.5"}},
	}}}
	for _, f := range []Format{Box, Plain, Markdown, CSV, LaTeX} {
		var b bytes.Buffer
		if err := Write(&b, f, doc); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.ContainsAny(out, "\x1b\r\a\u202e") {
			t.Errorf("%s: raw control characters in\n%q", f, out)
		}
		if f != LaTeX && !strings.Contains(out, `One\r\x1b[KFAKE LINE`) || f != CSV && f != LaTeX && !strings.Contains(out, `note\u202e`) {
			t.Errorf("%s: the escaped text is missing from\n%s", f, out)
		}
	}
}

// TestCSVOneTable checks the CSV of a document of several tables: one
// header (a "table" column, the union of the columns, names made
// distinct, the provenance last), no comment line, every row as long.
func TestCSVOneTable(t *testing.T) {
	d := &Document{Provenance: "scenario x · seed 1", Tables: []Table{
		{Name: "a", Header: []string{"id", "p", "p"}, Align: []Align{Left, Right, Right}, Rows: [][]string{{"one", "0.1", "0.2"}}},
		{Name: "b", Header: []string{"party", "p"}, Align: []Align{Left, Right}, Rows: [][]string{{"us", "0.3"}, {"them", "0.4"}}},
	}}
	var buf strings.Builder
	if err := Write(&buf, CSV, d); err != nil {
		t.Fatal(err)
	}
	want := `table,id,p,p_2,party,provenance
a,one,0.1,0.2,,scenario x · seed 1
b,,0.3,,us,scenario x · seed 1
b,,0.4,,them,scenario x · seed 1
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
