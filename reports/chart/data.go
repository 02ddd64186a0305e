package chart

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is how a chart draws its data.
type Kind int

// The kinds of chart.
const (
	// Dots draws each series' values as markers with 95% interval
	// whiskers, one row per category.
	Dots Kind = iota
	// Waterfall draws one bar per category from where the previous bar
	// ended (from Start for the first), the last category (a total) from
	// Start; with interval whiskers at the bar ends.
	Waterfall
	// Bars draws, per category, one bar per series from Reference to
	// the series' value, with interval whiskers.
	Bars
	// Lines draws each series over X, with its interval as a band.
	Lines
)

// Data is what a chart draws and says. The builders fill it from a
// result; Write draws it.
type Data struct {
	Kind    Kind
	Name    string // machine name, as the table it mirrors: "outcomes", "factors"
	Title   string
	XLabel  string
	YLabel  string
	Caption string // the provenance stamp

	// Categories label the rows, top to bottom (all kinds but Lines).
	Categories []string
	// X holds the horizontal positions of a Lines chart.
	X []float64
	// Series hold one value per category (or per X), with its interval.
	Series []Series

	// Reference, when HasReference, is drawn as a vertical line (a zero
	// difference, the overall probability of a tornado).
	Reference      float64
	HasReference   bool
	ReferenceLabel string
	// Start is where a waterfall begins (the baseline probability).
	Start float64
}

// Series is one set of values with their 95% intervals.
type Series struct {
	Name   string
	Values []float64
	Low    []float64
	High   []float64
}

// Rows is how many rows (categories) or points the chart has.
func (d *Data) Rows() int {
	if d.Kind == Lines {
		return len(d.X)
	}
	return len(d.Categories)
}

// check reports data a chart cannot be drawn from.
func (d *Data) check() error {
	n := d.Rows()
	if n == 0 || len(d.Series) == 0 {
		return fmt.Errorf("chart %s: nothing to draw", d.Name)
	}
	for _, s := range d.Series {
		if len(s.Values) != n || len(s.Low) != n || len(s.High) != n {
			return fmt.Errorf("chart %s: series %q has %d values for %d rows", d.Name, s.Name, len(s.Values), n)
		}
	}
	return nil
}

// Describe is the chart's text alternative: its title, then every value
// with its interval, for a screen reader or an image's alt text.
func (d *Data) Describe() string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteString(".")
	if d.HasReference {
		fmt.Fprintf(&b, " Reference line at %s.", short(d.Reference))
	}
	if d.Kind == Waterfall {
		fmt.Fprintf(&b, " Starts at %s.", short(d.Start))
	}
	for _, s := range d.Series {
		fmt.Fprintf(&b, " %s:", s.Name)
		for i := range s.Values {
			label := ""
			if d.Kind == Lines {
				label = d.XLabel + " " + short(d.X[i])
			} else {
				label = d.Categories[i]
			}
			sep := ";"
			if i == len(s.Values)-1 {
				sep = "."
			}
			fmt.Fprintf(&b, " %s %s [%s, %s]%s", label, short(s.Values[i]), short(s.Low[i]), short(s.High[i]), sep)
		}
	}
	return b.String()
}

func short(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
