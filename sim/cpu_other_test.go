//go:build !unix

package sim_test

import (
	"testing"
	"time"
)

// cpuTime is 0 where getrusage is missing: the metric then reads 0.
func cpuTime(*testing.B) time.Duration { return 0 }
