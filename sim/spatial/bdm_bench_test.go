//go:build unix

package spatial_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/parley-dev/parley/sim/spatial"
)

// BenchmarkBDM times one run of 10 rounds with a reused workspace, as a
// Monte Carlo worker makes it once per world. The EU case is the
// replication's; the others are seeded random actors on a 0–100 scale.
func BenchmarkBDM(b *testing.B) {
	cases := []struct {
		name   string
		actors []spatial.Actor
	}{
		{"eu/actors=10/dims=1", bdmEUActors()},
		{"actors=13/dims=3", bdmRandomActors(13, 3, 1)},
		{"actors=20/dims=1", bdmRandomActors(20, 1, 1)},
		{"actors=40/dims=1", bdmRandomActors(40, 1, 1)},
		{"actors=80/dims=1", bdmRandomActors(80, 1, 1)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var ws spatial.BDMWorkspace
			opt := spatial.BDMOptions{Rounds: 10}
			traj, err := ws.Run(c.actors, opt)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(traj.Rounds()), "rounds")
			b.ReportAllocs()
			start := bdmCPUTime(b)
			for b.Loop() {
				ws.Run(c.actors, opt)
			}
			bdmReportCPU(b, start)
		})
	}
}

// BenchmarkForecast times the weighted median and mean of 80 actors.
func BenchmarkForecast(b *testing.B) {
	actors := bdmRandomActors(80, 1, 1)
	pos := make([][]float64, len(actors))
	for i, a := range actors {
		pos[i] = a.Position
	}
	var f spatial.Forecaster
	b.ReportAllocs()
	start := bdmCPUTime(b)
	for b.Loop() {
		f.Forecast(actors, pos, 0)
	}
	bdmReportCPU(b, start)
}

// bdmCPUTime is the process's user and system time so far. The machine the
// numbers in docs/benchmarks.md come from is shared, so wall time per
// operation says more about the neighbours than about the code; CPU time
// of a single-goroutine loop that allocates nothing does not.
func bdmCPUTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bdmReportCPU adds the metric cpu-ns/op: CPU time per operation since start.
func bdmReportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(bdmCPUTime(b)-start)/float64(b.N), "cpu-ns/op")
}
