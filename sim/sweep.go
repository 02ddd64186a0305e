package sim

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim/suggest"
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
	Result *Result
}

// WithFixed returns the scenario with parameter name fixed at v.
func (s *Scenario) WithFixed(name string, v float64) (*Scenario, error) {
	j := slices.IndexFunc(s.Params, func(p Param) bool { return p.Name == name })
	if j < 0 {
		var names []string
		for _, p := range s.Params {
			names = append(names, p.Name)
		}
		return nil, fmt.Errorf("unknown parameter %q%s (have %s)", name, suggest.DidYouMean(name, names), strings.Join(names, ", "))
	}
	c := *s
	c.Params = slices.Clone(s.Params)
	spec := Fixed(v)
	c.Params[j].Spec, c.Params[j].dist = spec, &dist{kind: "fixed", a: v}
	c.Variant = strings.TrimPrefix(s.Variant+fmt.Sprintf("+%s=%g", name, v), "+")
	return &c, nil
}

// Sweep fixes the axes' parameters at every point of their grid (one or
// two axes) and samples the rest; all points share the same worlds.
func Sweep(ctx context.Context, s *Scenario, axes []Axis, opt Options) (*SweepResult, error) {
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
	var lanes []*Scenario
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
	m, err := runLanes(ctx, lanes, opt, nil)
	if m == nil {
		return nil, err
	}
	out := &SweepResult{Stamp: stampOf(s, opt.Seed, m.results[0]), Axes: axes}
	for i, pt := range points {
		out.Points = append(out.Points, SweepPoint{Values: pt, Result: m.results[i]})
	}
	return out, err
}
