package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

// The exit code follows the error's type, however it is wrapped, and
// never its text.
func TestExitCodeFromErrorTypes(t *testing.T) {
	for _, tt := range []struct {
		err  error
		code int
	}{
		{usagef("--top must be at least 1"), exitInvalid},
		{fmt.Errorf("loading: %w", usageError{errors.New("x")}), exitInvalid},
		{scenarios.ErrorList{}, exitInvalid},
		{errors.Join(errors.New("write failed"), scenarios.ErrorList{}), exitInvalid},
		{errors.New("unknown command \"rnu\""), exitError}, // text alone decides nothing
		{errors.New("interrupted: 3 equilibria found so far"), exitError},
	} {
		if got := exitCode(tt.err); got != tt.code {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.code)
		}
	}
}
