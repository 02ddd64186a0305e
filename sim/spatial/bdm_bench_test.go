package spatial_test

import (
	"testing"

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
		{"eu/actors=10/dims=1", euActors()},
		{"actors=13/dims=3", randomActors(13, 3, 1)},
		{"actors=20/dims=1", randomActors(20, 1, 1)},
		{"actors=40/dims=1", randomActors(40, 1, 1)},
		{"actors=80/dims=1", randomActors(80, 1, 1)},
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
			for b.Loop() {
				ws.Run(c.actors, opt)
			}
		})
	}
}

// BenchmarkForecast times the weighted median and mean of 80 actors.
func BenchmarkForecast(b *testing.B) {
	actors := randomActors(80, 1, 1)
	pos := make([][]float64, len(actors))
	for i, a := range actors {
		pos[i] = a.Position
	}
	var f spatial.Forecaster
	b.ReportAllocs()
	for b.Loop() {
		f.Forecast(actors, pos, 0)
	}
}
