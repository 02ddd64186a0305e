package analysis_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// BenchmarkGiven sets the flagship's posterior given a collapse (about a
// fifth of the worlds match) beside a plain run and the reference that
// keeps every matching world, at 10^5 and 10^6 worlds. An op is one
// world; alloc-B/world is all the memory allocated in the run divided by
// the worlds: falling as 1/n for given and run, whose memory is fixed,
// flat for exact, which keeps 8 bytes per parameter per matching world.
func BenchmarkGiven(b *testing.B) {
	s := loadFlagship(b)
	ob := analysis.Observation{Outcome: "collapse"}
	for _, n := range []int64{100_000, 1_000_000} {
		size := map[int64]string{100_000: "n=1e5", 1_000_000: "n=1e6"}[n]
		bench := func(f func(opt sim.Options) error) func(b *testing.B) {
			return func(b *testing.B) {
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				start := cpuTime(b)
				for range b.N {
					if err := f(sim.Options{Iterations: n, Seed: 1, Workers: 1}); err != nil {
						b.Fatal(err)
					}
				}
				worlds := float64(n) * float64(b.N)
				b.ReportMetric(float64(cpuTime(b)-start)/worlds, "cpu-ns/world")
				runtime.ReadMemStats(&m1)
				b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/worlds, "alloc-B/world")
			}
		}
		b.Run("run/"+size, bench(func(opt sim.Options) error {
			_, err := sim.Run(context.Background(), s, opt)
			return err
		}))
		b.Run("given/"+size, bench(func(opt sim.Options) error {
			_, _, err := analysis.Given(context.Background(), s, ob, opt)
			return err
		}))
		b.Run("exact/"+size, bench(func(opt sim.Options) error {
			_, _, err := analysis.GivenExact(context.Background(), s, ob, opt)
			return err
		}))
	}
}
