//go:build unix

package analysis_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system time so far (the benchmarks'
// cpu-ns metrics: the machine the documented numbers come from is shared).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
