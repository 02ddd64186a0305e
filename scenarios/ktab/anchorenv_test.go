package ktab_test

import (
	"testing"

	"github.com/parley-dev/parley/scenarios/anchortest"
)

// TestMain says on stderr when the KTAB anchors are missing: a skipped
// cross-check is otherwise silent without -v.
func TestMain(m *testing.M) { anchortest.Main(m, "scenarios/ktab", anchortest.KTABSet) }
