package analysis

import (
	"context"
	"errors"
	"fmt"

	"github.com/parley-dev/parley/sim"
)

// Axis is one swept parameter and the values it takes.
type Axis struct {
	Param  string
	Values []float64
}

// SweepResult is outcome probabilities on a grid of parameter values.
type SweepResult struct {
	Stamp
	Axes   []Axis
	Points []SweepPoint // the grid, the last axis varying fastest
}

// SweepPoint is one grid point.
type SweepPoint struct {
	Values []float64 // one per axis
	Result *sim.Result
}

// Sweep fixes the axes' parameters at every point of their grid (one or
// two axes) and samples the rest; all points share the same worlds.
func Sweep(ctx context.Context, s *sim.Scenario, axes []Axis, opt sim.Options) (*SweepResult, error) {
	if len(axes) == 0 || len(axes) > 2 {
		return nil, fmt.Errorf("sweep takes one or two parameters, found %d", len(axes))
	}
	if len(axes) == 2 && axes[0].Param == axes[1].Param {
		return nil, fmt.Errorf("sweep: %s is given twice", axes[0].Param)
	}
	if opt.Shard.Count > 0 || opt.Samples != nil {
		return nil, errors.New("sweep takes neither shards nor samples")
	}
	if err := checkAxes(axes); err != nil {
		return nil, err
	}
	var points [][]float64
	for _, v := range axes[0].Values {
		if len(axes) == 1 {
			points = append(points, []float64{v})
			continue
		}
		for _, w := range axes[1].Values {
			points = append(points, []float64{v, w})
		}
	}
	var lanes []*sim.Scenario
	for _, pt := range points {
		l := s
		for a, v := range pt {
			var err error
			if l, err = l.WithFixed(axes[a].Param, v); err != nil {
				return nil, err
			}
		}
		lanes = append(lanes, l)
	}
	m, err := sim.RunLanes(ctx, lanes, opt, nil)
	if m == nil {
		return nil, err
	}
	out := &SweepResult{Stamp: stampOf(s, opt.Seed, m.Results[0]), Axes: axes}
	for i, pt := range points {
		out.Points = append(out.Points, SweepPoint{Values: pt, Result: m.Results[i]})
	}
	return out, err
}
