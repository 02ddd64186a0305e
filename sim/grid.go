package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxAxisSteps bounds the values of one sweep axis written as text.
const MaxAxisSteps = 1000

// AxisError is ParseAxis's error: Spec is the text as given, Reason what
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
