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
	for _, f := range []Format{Box, Plain, Markdown, CSV} {
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
