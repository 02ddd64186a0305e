package scenarios_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// FuzzParse feeds Parse arbitrary files and --set overrides. Parse must
// not panic; a failure must be an ErrorList whose every error has a
// position in the file; a success must be a scenario that sim.Run can run
// without panicking (a run may fail, say on a probability that goes out of
// range in some world). The seeds are the bundled scenarios and the
// invalid corpus.
//
//	go test -run='^$' -fuzz=FuzzParse -fuzztime=5m ./scenarios/
func FuzzParse(f *testing.F) {
	valid, err := filepath.Glob("*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	invalid, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	if len(valid) == 0 || len(invalid) == 0 {
		f.Fatalf("found %d bundled and %d invalid scenarios to seed from", len(valid), len(invalid))
	}
	for _, file := range append(valid, invalid...) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	istanbul, err := os.ReadFile("istanbul-2025.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, set := range []string{
		"parameters.breach_cost=0",
		"parameters.breach_cost.triangular.1=6",
		"parameters.breach_cost.triangular=[9, 5, 2]",
		"parameters.breach_cost={uniform: [1, 2]}",
		"parameters.breach_cots=1",
		"parameters.breach_cost.triangular.7=1",
		"parameters.us_pause=yes",
		"model.tree.choices.settle=null",
		"model.tree.choices.settle.choices.accept.payoff.afg=afg_deal +",
		"outcomes=[deal]",
		"parameters",
		"=1",
	} {
		f.Add(istanbul, set)
	}

	f.Fuzz(func(t *testing.T, data []byte, set string) {
		var opt scenarios.Options
		if set != "" {
			opt.Sets = []string{set}
		}
		s, err := scenarios.Parse("fuzz.yaml", data, opt)
		if err != nil {
			list, ok := err.(scenarios.ErrorList)
			if !ok {
				t.Fatalf("Parse returned a %T, want a scenarios.ErrorList: %v", err, err)
			}
			if len(list) == 0 {
				t.Fatal("Parse returned an empty ErrorList")
			}
			for _, e := range list {
				if e.File != "fuzz.yaml" || e.Err == nil {
					t.Errorf("error with File %q and Err %v", e.File, e.Err)
				}
				if e.Line >= 1 && e.Col >= 1 {
					continue
				}
				// Only a --set that is not key=value has no place in the file.
				if key, _, ok := strings.Cut(set, "="); !ok || key == "" {
					if strings.Contains(e.Error(), "expected key.path=value") {
						continue
					}
				}
				t.Errorf("error without a position (line %d, col %d): %v", e.Line, e.Col, e)
			}
			return
		}
		if s == nil {
			t.Fatal("Parse returned neither a scenario nor an error")
		}
		sim.Run(context.Background(), s, sim.Options{Iterations: 64, Workers: 1})
	})
}
