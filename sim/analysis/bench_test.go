package analysis_test

import (
	"context"
	"testing"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

// BenchmarkSensitivity sets sensitivity beside a plain run of the same
// worlds (ns/op and cpu-ns/op per world; B/op is the memory it keeps per
// world, since it keeps every world).
func BenchmarkSensitivity(b *testing.B) {
	s := loadFlagship(b)
	b.Run("run", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuTime(b)
		if _, err := sim.Run(context.Background(), s, sim.Options{Iterations: int64(b.N), Seed: 1, Workers: 1}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
	})
	b.Run("sensitivity", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuTime(b)
		if _, err := analysis.Sensitivity(context.Background(), s, "collapse", sim.Options{Iterations: int64(b.N), Seed: 1, Workers: 1}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
	})
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
