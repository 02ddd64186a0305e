package game_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-dev/parley/sim/game"
)

func TestTry(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/anchors/gambit/games/*.nfg")
	for _, f := range files {
		g := readNFG(t, f)
		name := strings.TrimSuffix(filepath.Base(f), ".nfg")
		e, err := game.LogitLimit(g, game.LogitOptions{})
		fmt.Printf("%s err=%v %s exact=%v gain=%.3g\n", name, err, e, e.IsExact(), game.MaxGain(g, e.Mixed))
	}
}
