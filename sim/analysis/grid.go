package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxAxisSteps bounds the values of one sweep axis written as text.
const MaxAxisSteps = 1000

// AxisError is ParseAxis's error: sim.Spec is the text as given, Reason what
// is wrong with it.
type AxisError struct {
	Spec, Reason string
}

func (e *AxisError) Error() string { return fmt.Sprintf("sweep axis %q: %s", e.Spec, e.Reason) }

// ParseAxis reads a sweep axis written name=from:to:steps (as parley
// sweep --param takes it): steps evenly spaced values from from to to,
// both included, steps from 2 to MaxAxisSteps.
func ParseAxis(s string) (Axis, error) {
	name, rng, ok := strings.Cut(s, "=")
	parts := strings.Split(rng, ":")
	if !ok || name == "" || len(parts) != 3 {
		return Axis{}, &AxisError{s, "want name=from:to:steps, e.g. breach_cost=0:10:11"}
	}
	from, err1 := strconv.ParseFloat(parts[0], 64)
	to, err2 := strconv.ParseFloat(parts[1], 64)
	steps, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || steps < 2 || steps > MaxAxisSteps || !isFinite(from) || !isFinite(to) {
		return Axis{}, &AxisError{s, fmt.Sprintf("from and to must be finite numbers and steps a whole number from 2 to %d", MaxAxisSteps)}
	}
	return LinearAxis(name, from, to, steps), nil
}

// LinearAxis is the axis of param taking steps (2 or more) evenly spaced
// values from from to to, both included.
func LinearAxis(param string, from, to float64, steps int) Axis {
	ax := Axis{Param: param}
	span := to - from
	for i := range steps {
		t := float64(i) / float64(steps-1)
		if math.IsInf(span, 0) { // from and to near opposite ends of the float range
			ax.Values = append(ax.Values, from*(1-t)+to*t)
			continue
		}
		ax.Values = append(ax.Values, from+span*t)
	}
	return ax
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// MaxSweepPoints bounds a sweep's grid: every point is a lane solved on
// every world, with its own counters in every worker, so memory and time
// grow with the number of points (about 0.6 MB per point and worker for
// the bundled istanbul-2025 at 10,000 worlds, most of it quantile
// sketches, which grow slowly with the worlds).
const MaxSweepPoints = 1000

// checkAxes refuses a sweep grid with non-finite values or more than
// MaxSweepPoints points.
func checkAxes(axes []Axis) error {
	points := 1
	for _, ax := range axes {
		if len(ax.Values) == 0 {
			return fmt.Errorf("sweep: %s has no values", ax.Param)
		}
		for _, v := range ax.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("sweep: %s takes the value %v; grid values must be finite numbers", ax.Param, v)
			}
		}
		if len(ax.Values) > MaxSweepPoints {
			return fmt.Errorf("sweep: %s has %d values; a grid holds at most %d points", ax.Param, len(ax.Values), MaxSweepPoints)
		}
		points *= len(ax.Values)
	}
	if points > MaxSweepPoints {
		return fmt.Errorf("sweep: the grid has %d points; at most %d are allowed (each point is solved on every world)", points, MaxSweepPoints)
	}
	return nil
}
