package issues

import (
	"fmt"
	"math"
	"slices"

	"github.com/parley-dev/parley/sim/model"
)

// Explain solves world w and returns every package's utilities, the zone
// of possible agreement, what excludes each other package, and how the
// bargaining solution ranks the feasible ones (parley explain). In the
// median world (w.Iter < 0) a demand is firm when that is more likely
// than not; otherwise firmness is drawn as in a run, so world N of a run
// is explained as it was solved.
func (b *bargain) Explain(w *model.World, drop []bool) (*model.Explanation, error) {
	s := b.newBargainSolver(drop)
	for d := range b.demands {
		p, err := evalAt(b.demands[d].firm, w.X, func() string { return "model.issues.demands." + b.demands[d].name + ".firm" })
		if err != nil {
			return nil, err
		}
		if !(p >= 0 && p <= 1) {
			return nil, &model.WorldError{Path: "model.issues.demands." + b.demands[d].name + ".firm", Msg: fmt.Sprintf("firm is %v, not a probability", p)}
		}
		s.firmP[d] = p
		if w.Iter < 0 {
			s.firm[d] = p > 0.5
		} else {
			s.firm[d] = w.Uniform(b.demands[d].key) < p
		}
	}
	k, zopa, err := s.score(w)
	if err != nil {
		return nil, err
	}
	e := &model.IssuesExplanation{Solution: b.solution, Parties: b.partyIDs, BATNA: slices.Clone(s.batna[:b.parties]),
		Total: b.packages, Feasible: zopa, Chosen: -1, RunnerUp: -1}
	if b.solution == SolutionNash {
		e.Power = slices.Clone(s.power[:b.parties]) // Kalai–Smorodinsky reuses the buffer for its ideal point
	}
	for _, p := range b.negotiators {
		e.Negotiators = append(e.Negotiators, b.partyIDs[p])
	}
	for _, is := range b.issues {
		e.Issues = append(e.Issues, is.name)
	}
	s.explainItems(e)
	runnerUp := s.runnerUp(k)
	ideal := s.idealPoint()
	for j := range b.packages {
		if j != k && j != runnerUp && len(e.Packages) >= model.MaxExplainedPackages-2 {
			continue
		}
		switch j {
		case k:
			e.Chosen = len(e.Packages)
		case runnerUp:
			e.RunnerUp = len(e.Packages)
		}
		e.Packages = append(e.Packages, s.explainPackage(j, ideal))
	}
	out := &model.Explanation{Issues: e}
	if err := s.record(w, k, zopa); err != nil {
		return nil, err
	}
	out.Outcome = w.Outcome
	if k < 0 {
		n := b.nItems()
		for i, hit := range w.Flags[1][:n] {
			if hit {
				e.Blockers = append(e.Blockers, b.blockers[i])
			}
		}
		e.NoZOPA, e.OnlyTogether = w.Flags[1][n], w.Flags[1][n+1]
	}
	return out, nil
}

// explainItems lists the demands and constraints and whether each is in
// force in the world last scored.
func (s *bargainSolver) explainItems(e *model.IssuesExplanation) {
	b := s.b
	nd := len(b.demands)
	for d, dm := range b.demands {
		e.Demands = append(e.Demands, model.ItemExplanation{Name: dm.name, Party: b.partyIDs[dm.party], Reason: dm.reason,
			Firm: s.firmP[d], InForce: s.firm[d] && !s.drop[d], Dropped: s.drop[d]})
	}
	for c, ct := range b.constraints {
		e.Constraints = append(e.Constraints, model.ItemExplanation{Name: ct.name, Party: b.partyIDs[ct.party], Reason: ct.reason,
			Hard: ct.hard, InForce: !s.drop[nd+c] && (!ct.hard || s.active[c]), Dropped: s.drop[nd+c]})
	}
}

// runnerUp is the best feasible package other than k by the solution,
// or -1.
func (s *bargainSolver) runnerUp(k int) int {
	best := -1
	var bestScore, bestSum float64
	ideal := s.idealPoint()
	for j := range s.b.packages {
		if j == k || !s.feasible[j] {
			continue
		}
		sc, sum := s.packageScore(j, ideal)
		if best < 0 || better(sc, sum, bestScore, bestSum) {
			best, bestScore, bestSum = j, sc, sum
		}
	}
	return best
}

// explainPackage describes package k in the world last scored; ideal is
// idealPoint's answer.
func (s *bargainSolver) explainPackage(k int, ideal []float64) model.PackageExplanation {
	b := s.b
	pe := model.PackageExplanation{Label: b.labels[k], Feasible: s.feasible[k], Score: math.NaN(), Surplus: math.NaN()}
	for i, o := range b.opts[k] {
		pe.Options = append(pe.Options, b.issues[i].options[o])
	}
	for p := range b.parties {
		pe.Utility = append(pe.Utility, s.u[p][k])
	}
	if pe.Feasible {
		pe.Score, pe.Surplus = s.packageScore(k, ideal)
	}
	for _, p := range b.negotiators {
		if s.u[p][k] < s.batna[p]-surplusTol {
			pe.Below = append(pe.Below, b.partyIDs[p])
		}
	}
	nd := len(b.demands)
	for item, name := range b.ItemNames() {
		// Items past the 63rd share the last bit of viol; a package
		// violating one of them names them all.
		if s.viol[k]&(1<<min(item, 63)) == 0 {
			continue
		}
		if item < nd && s.firm[item] && !s.drop[item] || item >= nd && s.active[item-nd] {
			pe.Violates = append(pe.Violates, name)
		}
	}
	return pe
}
