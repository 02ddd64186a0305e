package reports

import (
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// fitDoc is a document with long labels, an interval pair and optional
// columns, for the fitting tests.
func fitDoc() *Document {
	return &Document{Provenance: "scenario demo · sha256 0123456789ab · seed 1 · 10000 iterations · variant baseline · parley 0.1.0",
		Notes: []string{"PARTIAL RESULT: only 5000 of 10000 worlds were solved (cancelled, or shards missing); the numbers describe only those."},
		Tables: []Table{{Name: "outcomes", Title: "Outcomes of the negotiation between the two delegations, with their intervals",
			Header:    []string{"outcome", "label", "probability", "ci_low", "ci_high", "count"},
			Align:     []Align{Left, Left, Right, Right, Right, Right},
			Intervals: []int{3}, IntervalTitles: []string{"95% CI"}, Optional: []int{5, 3},
			Rows: [][]string{
				{"deal", "Agreement reached after a long night of talks", "0.7438", "0.7315", "0.7557", "3719"},
				{"breach", "Pakistan halts flights, breaking with the US", "0.0310", "0.0265", "0.0362", "155"},
			},
			Note: "5000 worlds; 95% Wilson score intervals for the Monte Carlo error."}}}
}

// TestFitEveryWidth checks that at every width from 30 to 140 columns
// every line of the table and plain formats fits, and that nothing is
// lost without a word: a cell's text is all there (wrapped, or in a
// stacked list), or its column is named in a note.
func TestFitEveryWidth(t *testing.T) {
	for _, f := range []Format{Box, Plain} {
		for width := 30; width <= 140; width++ {
			var b strings.Builder
			if err := WriteWith(&b, f, fitDoc(), WriteOptions{Width: width}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, line := range strings.Split(out, "\n") {
				if w := twwidth.Width(line); w > width {
					t.Fatalf("%s at %d columns: a line of %d:\n%s", f, width, w, out)
				}
			}
			for _, word := range strings.Fields("Pakistan halts flights, breaking with the US") {
				if !strings.Contains(out, word) {
					t.Errorf("%s at %d columns: %q of a label was lost:\n%s", f, width, word, out)
				}
			}
			if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(out, "3719") && !strings.Contains(flat, "Left out to fit") {
				t.Errorf("%s at %d columns: the count column is gone without a note:\n%s", f, width, out)
			}
		}
	}
}

// TestFitSteps checks each step at a width that calls for it: the full
// table when it fits, wrapped labels, an optional column left out with a
// note, and rows stacked as lists.
func TestFitSteps(t *testing.T) {
	tests := []struct {
		width     int
		want, not []string
	}{
		{0, []string{"Agreement reached after a long night of talks │", "│  3719 │"}, []string{"Left out"}},
		{200, []string{"Agreement reached after a long night of talks │", "│  3719 │"}, []string{"Left out"}},
		{80, []string{"│ Agreement reached after a │", "│  3719 │"}, []string{"Left out"}},
		{64, []string{"Left out to fit 64 columns: count"}, []string{"3719"}},
		{30, []string{"label        Agreement reached", "95% CI       [0.7315, 0.7557]", "count        3719"}, []string{"┌"}},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := WriteWith(&b, Box, fitDoc(), WriteOptions{Width: tt.width}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, s := range tt.want {
			if !strings.Contains(out, s) {
				t.Errorf("width %d: no %q in\n%s", tt.width, s, out)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(out, s) {
				t.Errorf("width %d: %q in\n%s", tt.width, s, out)
			}
		}
	}
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		s      string
		width  int
		header bool
		want   string
	}{
		{"short", 10, false, "short"},
		{"Pakistan halts flights, breaking with the US", 20, false, "Pakistan halts\nflights, breaking\nwith the US"},
		{"p_bottom_quintile", 9, true, "p_bottom_\nquintile"},
		{"p_bottom_quintile", 9, false, "p_bottom_quintile"}, // a cell breaks at spaces only
		{"averyveryverylongword and more", 8, false, "averyveryverylongword\nand more"},
	}
	for _, tt := range tests {
		if got := wrapText(tt.s, tt.width, tt.header); got != tt.want {
			t.Errorf("wrapText(%q, %d, %v) = %q, want %q", tt.s, tt.width, tt.header, got, tt.want)
		}
	}
}
