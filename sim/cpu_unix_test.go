//go:build unix

package sim_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system time so far: the machine the
// numbers in docs/benchmarks.md come from is shared, and CPU time says
// less about the neighbours than wall time does.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
