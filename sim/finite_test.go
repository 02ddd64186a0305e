package sim

import (
	"strings"
	"testing"
)

// TestStateFormatIsChecked: a shard state written by another format
// (per-chunk rounded sums) is refused, not merged into wrong numbers.
func TestStateFormatIsChecked(t *testing.T) {
	r := &Result{}
	err := r.WithState(&State{Format: 1})
	if err == nil || !strings.Contains(err.Error(), "format 1") {
		t.Errorf("got %v, want a format error", err)
	}
}
