package web

import (
	"context"
	"net/http"
	"sync"

	"github.com/parley-dev/parley/sim"
)

// issuesView is the explain view of an issues scenario: its utility
// space in the median world (every parameter at its median, after the
// view's overrides), the package the model chose there, and what blocked
// the packages that were not agreed.
//
// Until the issues form has an explainer giving each package's utilities
// (the explain work in progress), the space is measured as the debrief
// measures it (utility.go), in that single world; a variant's dropped
// demands and constraints shape the chosen package and the blockers but
// not the drawn utilities.
type issuesView struct {
	Space    *spaceDrawing
	Chosen   string // the agreed package, or "" for no deal
	Outcome  string
	Blockers []string
	Err      string
}

func (s *Server) explainIssues(r *http.Request, e Entry, sc *sim.Scenario, seed uint64) *issuesView {
	v := &issuesView{}
	m, err := readRoles(e)
	if err != nil {
		v.Err = err.Error()
		return v
	}
	fixed := map[string]float64{}
	median := sc.MedianWorld()
	one := sc
	for j, p := range sc.Params {
		fixed[p.Name] = median[j]
		if one, err = one.WithFixed(p.Name, median[j]); err != nil {
			v.Err = err.Error()
			return v
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RunTimeout)
	defer cancel()
	res, err := sim.Run(ctx, one, sim.Options{Iterations: 1, Seed: seed, Workers: 1})
	if err != nil {
		v.Err = err.Error()
		return v
	}
	for _, o := range res.Outcomes {
		if o.Count > 0 {
			v.Outcome = o.ID
		}
	}
	for _, t := range res.Tallies {
		for _, row := range t.Rows {
			if row.Count == 0 {
				continue
			}
			switch t.Name {
			case "packages":
				v.Chosen = row.Label
			case "blockers":
				v.Blockers = append(v.Blockers, row.Label)
			}
		}
	}
	sp, err := computeSpace(r.Context(), e, m, spaceRun{worlds: 1, timeout: s.opt.RunTimeout, fixed: fixed})
	if err != nil {
		v.Err = err.Error()
		return v
	}
	sp.Predicted = sp.Walk // the chosen package is marked below; no deal sits at the walk-away point
	var chosen []groupScore
	for _, p := range sp.Packages {
		if p.Label == v.Chosen {
			sp.Predicted = p
			chosen = append(chosen, groupScore{Group: "chosen", X: p.X, Y: p.Y})
		}
	}
	v.Space = drawSpace(sp, chosen)
	return v
}

// cachedIssuesView keeps each view: it scores every package, and is the
// same every time it is asked for.
func (s *Server) cachedIssuesView(r *http.Request, e Entry, sc *sim.Scenario, q query) *issuesView {
	key := e.ID + "?" + q.encode()
	s.issueViews.mu.Lock()
	v, ok := s.issueViews.m[key]
	s.issueViews.mu.Unlock()
	if ok {
		return v
	}
	v = s.explainIssues(r, e, sc, q.Seed)
	if v.Err != "" {
		return v
	}
	s.issueViews.mu.Lock()
	defer s.issueViews.mu.Unlock()
	if s.issueViews.m == nil || len(s.issueViews.m) >= maxIssueViews {
		s.issueViews.m = map[string]*issuesView{} // a class asks for few: start afresh when full
	}
	s.issueViews.m[key] = v
	return v
}

const maxIssueViews = 64

type issueViewCache struct {
	mu sync.Mutex
	m  map[string]*issuesView
}
