//go:build !unix

package analysis_test

import (
	"testing"
	"time"
)

// cpuTime is 0 where getrusage is missing: the metrics then read 0.
func cpuTime(*testing.B) time.Duration { return 0 }
