package analysis

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestParseAxis(t *testing.T) {
	ax, err := ParseAxis("breach_cost=0:10:11")
	if err != nil || ax.Param != "breach_cost" || len(ax.Values) != 11 || ax.Values[0] != 0 || ax.Values[10] != 10 || ax.Values[3] != 3 {
		t.Errorf("got %+v, %v", ax, err)
	}
	// From and to near opposite ends of the float range: no infinities.
	ax, err = ParseAxis("x=-1e308:1e308:3")
	if err != nil || !slices.Equal(ax.Values, []float64{-1e308, 0, 1e308}) {
		t.Errorf("wide axis: %v, %v", ax.Values, err)
	}
	for _, s := range []string{"x", "=0:1:2", "x=0:1", "x=0:1:1", "x=0:1:1001", "x=a:1:2", "x=0:NaN:2", "x=0:Inf:3", "x=0:1:2.5"} {
		var ae *AxisError
		if _, err := ParseAxis(s); !errors.As(err, &ae) || ae.Spec != s {
			t.Errorf("%q: %v, want an AxisError", s, err)
		}
	}
	if v := LinearAxis("y", 1, 2, 2).Values; !slices.Equal(v, []float64{1, 2}) || math.IsNaN(v[0]) {
		t.Errorf("LinearAxis: %v", v)
	}
}
