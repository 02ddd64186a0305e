package analysis

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/suggest"
)

// Observation is what happened, as the analyst saw it: an outcome, or a
// row of the model's first tally, which follows the facts more closely (a
// tree's equilibrium path such as "afg demand_halt → pak refuse", an
// issues model's agreed package, a matrix game's profile played).
type Observation struct {
	Outcome string // an outcome id
	Path    string // a label of the first tally; used when sim.Outcome is ""
}

// String is the observation as reports name it.
func (o Observation) String() string {
	if o.Outcome != "" {
		return o.Outcome
	}
	return o.Path
}

// observed is an Observation resolved against a scenario.
type observed struct {
	path   bool   // match the first tally's row rather than the outcome
	index  int    // the outcome or the row
	id     string // the outcome id or the row's label, as the model writes it
	label  string // the outcome's label; for a row, the tally's column ("path", "package")
	column string // "outcome", or the tally's column
}

// match says whether a world whose outcome and first-tally row are these
// is consistent with the observation.
func (o observed) match(outcome, path int) bool {
	if o.path {
		return path == o.index
	}
	return outcome == o.index
}

// CheckObservation reports whether the scenario can observe ob: an
// outcome it has, or a row of its first tally.
func CheckObservation(s *sim.Scenario, ob Observation) error {
	_, err := observe(s, ob)
	return err
}

// maxListedRows bounds how many rows an error about an unknown path lists.
const maxListedRows = 12

// observe resolves an observation. A path may be written with "->" for
// "→" and with any spacing: it is matched exactly first, then with both
// spellings reduced to the same form, if that picks one row only.
func observe(s *sim.Scenario, ob Observation) (observed, error) {
	if ob.Outcome != "" && ob.Path != "" {
		return observed{}, errors.New("observe an outcome or a path, not both")
	}
	if ob.Outcome != "" {
		var ids []string
		for i, o := range s.Outcomes {
			if o.ID == ob.Outcome {
				return observed{index: i, id: o.ID, label: o.Label, column: "outcome"}, nil
			}
			ids = append(ids, o.ID)
		}
		return observed{}, fmt.Errorf("unknown outcome %q%s (have %s)", ob.Outcome, suggest.DidYouMean(ob.Outcome, ids), strings.Join(ids, ", "))
	}
	if ob.Path == "" {
		return observed{}, errors.New("nothing observed: name an outcome or a path")
	}
	tallies := s.Tallies()
	if len(tallies) == 0 || tallies[0].Multi {
		return observed{}, fmt.Errorf("a %s model has no single path per world to observe; observe an outcome", s.Form())
	}
	t := tallies[0]
	found := func(i int) observed {
		return observed{path: true, index: i, id: t.Labels[i], label: t.Column, column: t.Column}
	}
	for i, l := range t.Labels {
		if l == ob.Path {
			return found(i), nil
		}
	}
	want, hit := pathKey(ob.Path), -1
	for i, l := range t.Labels {
		if pathKey(l) == want {
			if hit >= 0 {
				return observed{}, fmt.Errorf("%s %q matches both %q and %q: write it exactly", t.Column, ob.Path, t.Labels[hit], l)
			}
			hit = i
		}
	}
	if hit >= 0 {
		return found(hit), nil
	}
	have := t.Labels
	more := ""
	if len(have) > maxListedRows {
		have, more = have[:maxListedRows], fmt.Sprintf(" and %d more", len(t.Labels)-maxListedRows)
	}
	return observed{}, fmt.Errorf("no %s %q in this scenario%s (have %q%s)", t.Column, ob.Path, suggest.DidYouMean(ob.Path, t.Labels), have, more)
}

// pathKey reduces a path label to a form that ignores spacing and the
// ASCII spelling of the arrow.
func pathKey(s string) string {
	s = strings.ReplaceAll(s, "->", "→")
	return strings.Join(strings.Fields(s), "")
}
