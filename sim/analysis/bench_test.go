package analysis_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// BenchmarkSensitivity sets sensitivity beside a plain run of the same
// worlds (ns/op and cpu-ns/op per world), and the exact analysis that
// keeps every world. alloc-MB is all the memory allocated in the run:
// flat in b.N for sensitivity and run, which keep no world, growing with
// it for exact (B/op, about 1.3 kB, is what it keeps per world).
func BenchmarkSensitivity(b *testing.B) {
	s := loadFlagship(b)
	bench := func(f func(opt sim.Options) error) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			start := cpuTime(b)
			if err := f(sim.Options{Iterations: int64(b.N), Seed: 1, Workers: 1}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
			runtime.ReadMemStats(&m1)
			b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/1e6, "alloc-MB")
		}
	}
	b.Run("run", bench(func(opt sim.Options) error {
		_, err := sim.Run(context.Background(), s, opt)
		return err
	}))
	b.Run("sensitivity", bench(func(opt sim.Options) error {
		_, err := analysis.Sensitivity(context.Background(), s, "collapse", opt)
		return err
	}))
	b.Run("exact", bench(func(opt sim.Options) error {
		_, err := analysis.SensitivityExact(context.Background(), s, "collapse", opt)
		return err
	}))
}

// BenchmarkSweep: a one-axis sweep of 10 and of 100 steps; an op is one
// lane-world (one world solved at one grid point), so a flat cost per
// lane-world shows as equal ns/op.
func BenchmarkSweep(b *testing.B) {
	s := loadFlagship(b)
	for _, steps := range []int{10, 100} {
		b.Run(map[int]string{10: "steps=10", 100: "steps=100"}[steps], func(b *testing.B) {
			b.ReportAllocs()
			worlds := max(1, b.N/steps)
			axis := analysis.LinearAxis("breach_cost", 0, 9, steps)
			start := cpuTime(b)
			if _, err := analysis.Sweep(context.Background(), s, []analysis.Axis{axis}, sim.Options{Iterations: int64(worlds), Seed: 1, Workers: 1}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(worlds*steps), "cpu-ns/op")
		})
	}
}
