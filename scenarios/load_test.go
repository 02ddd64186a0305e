package scenarios_test

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// lease is a small valid scenario whose positions the tests below name.
const lease = `format: 1
scenario: lease-renewal
parties:
  tenant: Tenant
  landlord: Landlord
parameters:
  rent: {triangular: [20, 25, 30]}
  moving_cost: 10
outcomes:
  renew: Lease renewed
  leave: Tenant leaves
model:
  tree:
    move: tenant
    choices:
      stay:
        outcome: renew
        payoff: {tenant: -rent, landlord: rent}
      leave:
        outcome: leave
        payoff: {tenant: -moving_cost, landlord: 0}
`

func param(t *testing.T, s *sim.Scenario, name string) sim.Param {
	t.Helper()
	i := slices.IndexFunc(s.Params, func(p sim.Param) bool { return p.Name == name })
	if i < 0 {
		t.Fatalf("no parameter %q in %v", name, s.Slots())
	}
	return s.Params[i]
}

func TestSets(t *testing.T) {
	tests := []struct {
		name  string
		sets  []string
		check func(t *testing.T, s *sim.Scenario)
	}{
		{"distribution replaced by a number", []string{"parameters.rent=0"}, func(t *testing.T, s *sim.Scenario) {
			p := param(t, s, "rent")
			if p.Uncertain() || p.Spec.Kind != "fixed" || !slices.Equal(p.Spec.Args, []float64{0}) {
				t.Errorf("rent is %+v, want fixed 0", p.Spec)
			}
			if q := p.Quantile(0.9); q != 0 {
				t.Errorf("rent's 90th percentile is %v, want 0", q)
			}
		}},
		{"list element", []string{"parameters.rent.triangular.1=28"}, func(t *testing.T, s *sim.Scenario) {
			p := param(t, s, "rent")
			if p.Spec.Kind != "triangular" || !slices.Equal(p.Spec.Args, []float64{20, 28, 30}) {
				t.Errorf("rent is %+v, want triangular [20, 28, 30]", p.Spec)
			}
		}},
		{"number replaced by a distribution", []string{"parameters.moving_cost={uniform: [5, 15]}"}, func(t *testing.T, s *sim.Scenario) {
			p := param(t, s, "moving_cost")
			if !p.Uncertain() || p.Spec.Kind != "uniform" || !slices.Equal(p.Spec.Args, []float64{5, 15}) {
				t.Errorf("moving_cost is %+v, want uniform [5, 15]", p.Spec)
			}
		}},
		{"later set wins", []string{"parameters.moving_cost=3", "parameters.moving_cost=4"}, func(t *testing.T, s *sim.Scenario) {
			if q := param(t, s, "moving_cost").Quantile(0.5); q != 4 {
				t.Errorf("moving_cost is %v, want 4", q)
			}
		}},
		{"text value", []string{"outcomes.leave=Tenant moves out"}, func(t *testing.T, s *sim.Scenario) {
			if got := s.Outcomes[1].Label; got != "Tenant moves out" {
				t.Errorf("label of leave is %q, want %q", got, "Tenant moves out")
			}
		}},
		{"expression", []string{"model.tree.choices.leave.payoff.landlord=-rent"}, func(t *testing.T, s *sim.Scenario) {
			if _, err := sim.Run(t.Context(), s, sim.Options{Iterations: 16, Workers: 1}); err != nil {
				t.Fatal(err)
			}
		}},
	}
	base, err := scenarios.Parse("lease.yaml", []byte(lease), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scenarios.Parse("lease.yaml", []byte(lease), scenarios.Options{Sets: tt.sets})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
			if s.Hash == base.Hash {
				t.Errorf("hash %s is the same with and without %q", s.Hash, tt.sets)
			}
		})
	}
}

func TestSetErrors(t *testing.T) {
	tests := []struct {
		name string
		set  string
		want string
	}{
		{"unknown key",
			"parameters.rnet=1",
			`lease.yaml:7:3: parameters.rnet: --set parameters.rnet=1: no key "rnet" under parameters; did you mean "rent"? (have rent, moving_cost)`},
		{"unknown top-level key",
			"paramters.rent=1",
			`lease.yaml:1:1: paramters.rent: --set paramters.rent=1: no key "paramters" under the top level; did you mean "parameters"? (have format, scenario, parties, parameters, outcomes, model)`},
		{"index out of range",
			"parameters.rent.triangular.3=1",
			`lease.yaml:7:22: parameters.rent.triangular.3: --set parameters.rent.triangular.3=1: expected a list index from 0 to 2 at "parameters.rent.triangular", found "3"`},
		{"index not a number",
			"parameters.rent.triangular.mode=1",
			`lease.yaml:7:22: parameters.rent.triangular.mode: --set parameters.rent.triangular.mode=1: expected a list index from 0 to 2 at "parameters.rent.triangular", found "mode"`},
		{"key under a single value",
			"parameters.moving_cost.uniform=1",
			`lease.yaml:8:16: parameters.moving_cost.uniform: --set parameters.moving_cost.uniform=1: parameters.moving_cost is a single value; it has no key "uniform"`},
		{"value of the wrong type",
			"parameters.rent.triangular.1=high",
			`lease.yaml:7:27: parameters.rent.triangular.1: expected a number, found the text "high" (value from --set parameters.rent.triangular.1=high)`},
		{"value that breaks a distribution",
			"parameters.rent.triangular=[30, 25, 20]",
			`lease.yaml:7:10: parameters.rent.triangular: needs min < max, found min 30 and max 20 (value from --set parameters.rent.triangular=[30, 25, 20])`},
		{"value that breaks an expression",
			"model.tree.choices.stay.payoff.tenant=-rnet",
			`lease.yaml:18:26: model.tree.choices.stay.payoff.tenant: unknown name "rnet"; did you mean "rent"? (value from --set model.tree.choices.stay.payoff.tenant=-rnet)`},
		{"value that is not YAML",
			"parameters.moving_cost=[1",
			`lease.yaml:8:16: parameters.moving_cost: --set parameters.moving_cost=[1: cannot read the value "[1" as YAML: did not find expected ',' or ']'`},
		{"key under a scalar at the top level",
			"format.version=1",
			`lease.yaml:1:9: format.version: --set format.version=1: format is a single value; it has no key "version"`},
		{"missing =",
			"parameters.rent",
			`lease.yaml: parameters.rent: --set parameters.rent: expected key.path=value`},
		{"missing key",
			"=1",
			`lease.yaml: --set =1: expected key.path=value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Parse("lease.yaml", []byte(lease), scenarios.Options{Sets: []string{tt.set}})
			if err == nil {
				t.Fatalf("--set %s: no error, want %s", tt.set, tt.want)
			}
			var list scenarios.ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("--set %s: got %T with %d errors, want an ErrorList of 1:\n%v", tt.set, err, len(list), err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("--set %s:\ngot  %s\nwant %s", tt.set, got, tt.want)
			}
		})
	}
}

// TestSetOnEarlierSet checks that sets apply in order: the second sees
// the list the first emptied.
func TestSetOnEarlierSet(t *testing.T) {
	sets := []string{"parameters.rent.triangular=[]", "parameters.rent.triangular.0=1"}
	_, err := scenarios.Parse("lease.yaml", []byte(lease), scenarios.Options{Sets: sets})
	want := `lease.yaml:7:22: parameters.rent.triangular.0: --set parameters.rent.triangular.0=1: the list at "parameters.rent.triangular" is empty; it has no element "0"`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestSetErrorsAllReported checks that every bad --set is reported, not
// just the first.
func TestSetErrorsAllReported(t *testing.T) {
	sets := []string{"parameters.rnet=1", "parameters.rent.triangular.9=1", "bad"}
	_, err := scenarios.Parse("lease.yaml", []byte(lease), scenarios.Options{Sets: sets})
	var list scenarios.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want an ErrorList", err)
	}
	if len(list) != len(sets) {
		t.Fatalf("got %d errors, want %d:\n%v", len(list), len(sets), err)
	}
	for i, set := range sets {
		if !strings.Contains(list[i].Error(), "--set "+set+":") {
			t.Errorf("error %d is %q, want it to name --set %s", i, list[i], set)
		}
	}
}

// TestMergeKeys checks YAML's merge rules: a key written in the mapping
// overrides a merged one, and << takes a list of mappings, the first
// winning.
func TestMergeKeys(t *testing.T) {
	const src = `scenario: merges
parties: {a: A}
parameters:
  base: &tri {triangular: [1, 2, 3], doc: base estimate}
  other: &uni {uniform: [0, 1], doc: other estimate}
  wide: &wide {uniform: [0, 10], doc: wide estimate}
  overridden:
    <<: *tri
    doc: overridden estimate
  listed:
    <<: [*uni, *wide]
outcomes: {o: O}
model:
  tree: {outcome: o, payoff: {a: overridden + listed}}
`
	s, err := scenarios.Parse("merges.yaml", []byte(src), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p := param(t, s, "overridden"); p.Doc != "overridden estimate" || p.Spec.Kind != "triangular" {
		t.Errorf("overridden is %q, %+v; want the merged triangular with its own doc", p.Doc, p.Spec)
	}
	if p := param(t, s, "listed"); p.Doc != "other estimate" || !slices.Equal(p.Spec.Args, []float64{0, 1}) {
		t.Errorf("listed is %q, %+v; want the first merged mapping, uniform [0, 1]", p.Doc, p.Spec)
	}
}

func TestBundledScenariosLoad(t *testing.T) {
	infos, err := scenarios.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) == 0 {
		t.Fatal("no bundled scenarios")
	}
	for _, info := range infos {
		t.Run(info.ID, func(t *testing.T) {
			if info.Title == "" || info.Form == "" {
				t.Errorf("info %+v lacks a title or form", info)
			}
			byID, err := scenarios.Load(info.ID, scenarios.Options{})
			if err != nil {
				t.Fatalf("Load(%q): %v", info.ID, err)
			}
			byFile, err := scenarios.Load(info.ID+".yaml", scenarios.Options{})
			if err != nil {
				t.Fatalf("Load(%q): %v", info.ID+".yaml", err)
			}
			if byID.ID != info.ID || byID.Title != info.Title || byID.Form() != info.Form {
				t.Errorf("Load(%q) gives id %q, title %q, form %q; want %+v", info.ID, byID.ID, byID.Title, byID.Form(), info)
			}
			if byID.Hash != byFile.Hash {
				t.Errorf("bundled hash %s, file hash %s: the embedded copy differs from the file", byID.Hash, byFile.Hash)
			}
			src, ok := scenarios.Source(info.ID)
			if !ok || len(src) == 0 {
				t.Errorf("Source(%q) = %d bytes, %v", info.ID, len(src), ok)
			}
		})
	}
}

func TestLoadMissing(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		_, err := scenarios.Load("testdata/no-such-scenario.yaml", scenarios.Options{})
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("got %v, want an error wrapping fs.ErrNotExist", err)
		}
		if !strings.Contains(err.Error(), "testdata/no-such-scenario.yaml") {
			t.Errorf("error %q does not name the file", err)
		}
	})
	t.Run("id", func(t *testing.T) {
		_, err := scenarios.Load("no-such-scenario", scenarios.Options{})
		if err == nil {
			t.Fatal("no error")
		}
		if !strings.Contains(err.Error(), `no file "no-such-scenario" and no bundled scenario of that name`) ||
			!strings.Contains(err.Error(), "istanbul-2025") {
			t.Errorf("error %q should say neither a file nor a bundled scenario has that name, and list the bundled ones", err)
		}
	})
	t.Run("directory", func(t *testing.T) {
		_, err := scenarios.Load("testdata", scenarios.Options{})
		if err == nil {
			t.Fatal("no error")
		}
		var list scenarios.ErrorList
		if errors.As(err, &list) {
			t.Errorf("got a scenario error for a directory: %v", err)
		}
	})
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  *scenarios.Error
		want string
	}{
		{&scenarios.Error{File: "a.yaml", Line: 3, Col: 7, Path: "parameters.x", Err: errors.New("bad")}, "a.yaml:3:7: parameters.x: bad"},
		{&scenarios.Error{File: "a.yaml", Line: 3, Col: 7, Err: errors.New("bad")}, "a.yaml:3:7: bad"},
		{&scenarios.Error{File: "a.yaml", Err: errors.New("bad")}, "a.yaml: bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	list := scenarios.ErrorList{tests[0].err, tests[2].err}
	if got, want := list.Error(), "a.yaml:3:7: parameters.x: bad\na.yaml: bad"; got != want {
		t.Errorf("list: got %q, want %q", got, want)
	}
}
