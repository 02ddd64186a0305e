package scenarios_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// FuzzParseSpatial is FuzzParse seeded with spatial models only, so that
// fuzzing spends its time in model: spatial's decoder and compiler: Parse
// must not panic, a failure must place every error in the file, and a
// scenario it accepts must run (or fail a world) without panicking.
//
//	go test -run='^$' -fuzz=FuzzParseSpatial -fuzztime=5m ./scenarios/
func FuzzParseSpatial(f *testing.F) {
	files, err := filepath.Glob("testdata/invalid/spatial-*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	files = append(files, "istanbul-2025-spatial.yaml")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenarios.Parse("fuzz.yaml", data, scenarios.Options{})
		if err != nil {
			list, ok := err.(scenarios.ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("Parse returned %T %v, want a non-empty scenarios.ErrorList", err, err)
			}
			for _, e := range list {
				if e.File != "fuzz.yaml" || e.Line < 1 || e.Col < 1 {
					t.Errorf("error without a position in the file: %v", e)
				}
			}
			return
		}
		sim.Run(context.Background(), s, sim.Options{Iterations: 16, Workers: 1})
	})
}
