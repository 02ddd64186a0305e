package gambit_test

import (
	"testing"

	"github.com/parley-dev/parley/scenarios/anchortest"
)

// The Gambit cross-checks read shared/anchors/gambit through anchortest,
// which fails them under CI=true when it is missing and skips them, saying
// so, elsewhere.

func gambitAnchors(tb testing.TB) string { return anchortest.Gambit(tb) }

func TestMain(m *testing.M) { anchortest.Main(m, "scenarios/gambit") }

// TestMissingAnchors: TestReadAnchors fails under CI=true without the anchors, and
// is skipped with a message elsewhere.
func TestMissingAnchors(t *testing.T) { anchortest.CheckMissing(t, "TestReadAnchors") }
