package gambit_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/parley-dev/parley/scenarios/gambit"
	"github.com/parley-dev/parley/sim/game"
)

// FuzzReadNFG checks that ReadNFG never panics, that its errors are
// positioned, and that whatever it accepts survives WriteNFG and reading
// back unchanged. Small games it accepts are also solved, to fuzz the
// solvers with odd payoffs. The seed corpus (testdata/fuzz/FuzzReadNFG)
// holds small games of Gambit's collection.
func FuzzReadNFG(f *testing.F) {
	f.Add([]byte(`NFG 1 R "" { "1" "2" } { 2 2 } 1 2 3 4 5 6 7 8`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := gambit.ReadNFG("fuzz.nfg", bytes.NewReader(data))
		if err != nil {
			checkPositioned(t, err)
			return
		}
		var buf bytes.Buffer
		if err := gambit.WriteNFG(&buf, g); err != nil {
			t.Fatalf("WriteNFG: %v", err)
		}
		h, err := gambit.ReadNFG("written.nfg", &buf)
		if err != nil {
			t.Fatalf("reading back: %v\n%s", err, buf.String())
		}
		if !sameGame(g, h) {
			t.Fatalf("round trip changed the game")
		}
		if g.NumProfiles() <= 64 {
			var ws game.Workspace
			game.EnumPureInto(&ws, g, nil)
			if g.NumPlayers() == 2 {
				game.EnumMixedInto(&ws, g, nil)
			}
		}
	})
}

// FuzzReadEFG checks that ReadEFG never panics, that its errors are
// positioned, and that every tree it accepts is valid; small ones are
// reduced to strategic form.
func FuzzReadEFG(f *testing.F) {
	f.Add([]byte(`EFG 2 R "" { "1" "2" } p "" 1 1 "" { "a" "b" } 0 t "" 1 "" { 1, 2 } t "" 0`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := gambit.ReadEFG("fuzz.efg", bytes.NewReader(data))
		if err != nil {
			checkPositioned(t, err)
			return
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("ReadEFG accepted an invalid tree: %v", err)
		}
		// An upper bound on the size of the reduced strategic form.
		size := 1
		for p := range e.Players {
			for _, s := range e.Infosets(p) {
				size *= len(s.Actions)
				if size > 4096 {
					return
				}
			}
		}
		if _, err := e.Reduced(); err != nil {
			t.Logf("Reduced: %v", err) // imperfect recall is reported, not a bug
		}
	})
}

func checkPositioned(t *testing.T, err error) {
	t.Helper()
	var pe *gambit.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error without position: %v", err)
	}
	if pe.Line < 1 || pe.Col < 1 || pe.Err == nil {
		t.Fatalf("bad position in %v", err)
	}
}
