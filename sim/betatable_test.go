package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestBetaTableAccuracy(t *testing.T) {
	for _, ab := range [][2]float64{{0.5, 0.5}, {1.5, 10}, {4, 3}, {10, 1.2}, {1, 1}, {30, 30}, {0.3, 4}} {
		t.Run(fmt.Sprint(ab), func(t *testing.T) {
			tab := newBetaTable(ab[0], ab[1])
			exact := distuv.Beta{Alpha: ab[0], Beta: ab[1]}
			worst := 0.0
			for k := 1; k < 100000; k++ {
				u := (float64(k) - 0.5) / 100000
				worst = math.Max(worst, math.Abs(tab.quantile(u)-exact.Quantile(u)))
			}
			for _, u := range []float64{1e-9, 1e-7, 1 - 1e-7, 0.5} {
				worst = math.Max(worst, math.Abs(tab.quantile(u)-exact.Quantile(u)))
			}
			t.Logf("largest error %.3g", worst)
			if worst > 1e-9 {
				t.Errorf("largest error %.3g, want <= 1e-9", worst)
			}
		})
	}
}
