package ktab_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-dev/parley/scenarios/ktab"
	"github.com/parley-dev/parley/sim/spatial"
)

// FuzzRead checks that Read never panics, that its errors are positioned
// in the file, and that every case it accepts is one KTAB's model runs:
// small ones are run for a few turns. The seeds are small files and, when
// the anchors are present, KTAB's examples.
func FuzzRead(f *testing.F) {
	f.Add([]byte("n,d,3,1\nActor,Description,Power,P,S\nA,,1,10,50\nB,,2,50,50\nC,,3,90,50\n"))
	f.Add([]byte("\"x, y\",\"d\",3,2,\r\n" + header + "A,,1,10,10,10,10,\r\nB,,1,20,10,20,10\r\nC,,1,30,10,30,10"))
	f.Add([]byte("n,d,3,2\n" + header + "A,,0,10,10,10,10\nB,,1,200,10,x,10\n"))
	if paths, err := filepath.Glob(filepath.Join("..", "..", "..", "shared", "anchors", "ktab", "inputs", "*.csv")); err == nil {
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ktab.Read("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			checkPositioned(t, err)
			return
		}
		if n := len(c.Actors); n < 3 || n > 250 {
			t.Fatalf("accepted %d actors", n)
		}
		for _, a := range c.Actors {
			if len(a.Position) != len(c.Dimensions) || len(a.Salience) != len(c.Dimensions) {
				t.Fatalf("actor %q: %d positions, %d saliences, %d dimensions",
					a.Name, len(a.Position), len(a.Salience), len(c.Dimensions))
			}
		}
		if len(c.Actors)*len(c.Dimensions) <= 200 {
			if _, err := spatial.SMP(c.Actors, spatial.SMPOptions{MaxTurns: 3}); err != nil {
				t.Fatalf("accepted a case SMP rejects: %v", err)
			}
		}
	})
}

func checkPositioned(t *testing.T, err error) {
	t.Helper()
	if errors.Is(err, ktab.ErrTooLarge) {
		return
	}
	var list ktab.ErrorList
	if errors.As(err, &list) {
		if len(list) < 2 {
			t.Fatalf("a list of %d errors", len(list))
		}
		for _, e := range list {
			checkPositioned(t, e)
		}
		return
	}
	var pe *ktab.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%T is not a *ParseError: %v", err, err)
	}
	if pe.File != "fuzz.csv" || pe.Line < 1 || pe.Col < 1 {
		t.Fatalf("badly positioned: %v", err)
	}
}
