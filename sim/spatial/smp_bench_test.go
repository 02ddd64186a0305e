package spatial_test

import (
	"testing"

	"github.com/parley-dev/parley/sim/spatial"
)

// BenchmarkSMP times one deterministic SMP run of KTAB's cases in a
// reused workspace, as in a Monte Carlo world. KTAB's smpc takes 1.3 s on
// SOE-Pol-Comp and 500 s on dummyData-a080 (shared/anchors/ktab/README.md).
func BenchmarkSMP(b *testing.B) {
	dir := ktabAnchors(b)
	for _, name := range []string{"SOE-Pol-Comp", "dummyData_3Dim", "dummyData-a040", "dummyData-a080"} {
		b.Run(name, func(b *testing.B) {
			c := readCase(b, dir, name)
			var ws spatial.SMPWorkspace
			tr, err := ws.Run(c.Actors, spatial.SMPOptions{})
			if err != nil {
				b.Fatal(err)
			}
			turns := tr.Rounds()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ws.Run(c.Actors, spatial.SMPOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(turns), "turns")
		})
	}
}
