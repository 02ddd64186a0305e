package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/analysis"
)

func loadFlagship(b testing.TB) *sim.Scenario {
	b.Helper()
	s, err := scenarios.Load("../scenarios/istanbul-2025.yaml", scenarios.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// reportCPU adds the metric cpu-ns/op: the process's CPU time per world
// since start, all workers together (so with two workers it measures the
// cost of a world, not the wait for one).
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkFlagship reports the cost of one world of the flagship
// scenario; allocs/op is per world and must stay 0 (the per-chunk
// bookkeeping is amortised over ChunkSize worlds).
func BenchmarkFlagship(b *testing.B) {
	s := loadFlagship(b)
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[workers], func(b *testing.B) {
			b.ReportAllocs()
			n := int64(b.N)
			start := cpuTime(b)
			if _, err := sim.Run(context.Background(), s, sim.Options{Iterations: n, Seed: 1, Workers: workers}); err != nil {
				b.Fatal(err)
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkIssuesFlagship: one world of the 24-package bargaining
// flagship (every package scored, blockers found when there is no deal).
func BenchmarkIssuesFlagship(b *testing.B) {
	s, err := scenarios.Load("../scenarios/istanbul-2025-issues.yaml", scenarios.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[workers], func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime(b)
			if _, err := sim.Run(context.Background(), s, sim.Options{Iterations: int64(b.N), Seed: 1, Workers: workers}); err != nil {
				b.Fatal(err)
			}
			reportCPU(b, start)
		})
	}
}

// BenchmarkCompareVsSeparateRuns: comparing the baseline with k variants
// on shared worlds, against k+1 separate runs of the same size (ns/op is
// per world).
func BenchmarkCompareVsSeparateRuns(b *testing.B) {
	s := loadFlagship(b)
	variants := [][]string{{"no_drone_deal"}, {"no_india"}, {"no_drone_deal", "no_india"}}
	b.Run("compare/k=3", func(b *testing.B) {
		b.ReportAllocs()
		if _, err := analysis.Compare(context.Background(), s, variants, sim.Options{Iterations: int64(b.N), Seed: 1}); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("separate/k+1=4", func(b *testing.B) {
		b.ReportAllocs()
		for _, v := range append([][]string{nil}, variants...) {
			sv, err := s.WithVariant(v...)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := sim.Run(context.Background(), sv, sim.Options{Iterations: int64(b.N), Seed: 1}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("attribute/k=2", func(b *testing.B) {
		b.ReportAllocs()
		if _, err := analysis.Attribute(context.Background(), s, []string{"no_drone_deal", "no_india"}, "collapse", sim.Options{Iterations: int64(b.N), Seed: 1}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkMatrixCrisis: one world of the 2×2 deterrence crisis with
// uncertain payoffs (every extreme equilibrium enumerated, one drawn).
func BenchmarkMatrixCrisis(b *testing.B) {
	s, err := scenarios.Load("../scenarios/deterrence-crisis.yaml", scenarios.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	if _, err := sim.Run(context.Background(), s, sim.Options{Iterations: int64(b.N), Seed: 1, Workers: 1}); err != nil {
		b.Fatal(err)
	}
}
