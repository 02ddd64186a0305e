package matrix

import (
	"math"
	"slices"

	"github.com/parley-dev/parley/sim/game"
	"github.com/parley-dev/parley/sim/model"
)

// bestTol is the relative tolerance under which a strategy counts as a
// best response: payoffs from different expressions rarely agree to the
// last bit even when they are equal in exact arithmetic.
const bestTol = 1e-9

// Explain solves world w's game and returns the payoff table with best
// responses marked, every equilibrium found, and why the selection rule
// chose the one played (parley explain). The outcome is given when the
// chosen equilibrium is pure; a mixed one's profile is drawn.
func (m *matrixModel) Explain(w *model.World, _ []bool) (*model.Explanation, error) {
	s := m.NewSolver(nil).(*matrixSolver)
	n, err := s.equilibria(w)
	if err != nil {
		return nil, err
	}
	g := s.g
	e := &model.MatrixExplanation{Strategies: m.strats, Mixed: len(m.dims) == 2, Selection: m.selection, Selected: -1,
		Played: cloneMixed(s.sel), Payoffs: g.ExpectedPayoffs(s.sel)}
	for _, p := range m.players {
		e.Players = append(e.Players, m.partyIDs[p])
	}
	e.Cells = explainCells(g)
	eqs := s.enumerated(n)
	for _, q := range eqs {
		e.Equilibria = append(e.Equilibria, model.MatrixEquilibrium{Mix: q, Payoffs: g.ExpectedPayoffs(q), Pure: isPure(q), Risk: riskProduct(g, q)})
	}
	for j, q := range eqs {
		if sameMixed(q, s.sel) {
			e.Selected = j
			break
		}
	}
	if e.DecidedBy, e.Note, err = m.decidedBy(g, eqs); err != nil {
		return nil, err
	}
	out := &model.Explanation{Outcome: -1, Matrix: e}
	if isPure(s.sel) {
		if err := s.Solve(w); err != nil {
			return nil, err
		}
		out.Outcome = w.Outcome
	}
	return out, nil
}

// enumerated returns the n equilibria the last find enumerated.
func (s *matrixSolver) enumerated(n int) []game.Mixed {
	m := s.m
	var eqs []game.Mixed
	for j := range n {
		q := make(game.Mixed, len(m.dims))
		if len(m.dims) == 2 {
			stride := m.dims[0] + m.dims[1]
			f := s.mixed[j*stride : (j+1)*stride]
			q[0], q[1] = slices.Clone(f[:m.dims[0]]), slices.Clone(f[m.dims[0]:])
		} else {
			prof := s.g.Profile(s.pure[j], nil)
			for i, d := range m.dims {
				q[i] = make([]float64, d)
				q[i][prof[i]] = 1
			}
		}
		eqs = append(eqs, q)
	}
	return eqs
}

// decidedBy retraces find's choice among eqs: the rule that decided, and
// logit tracing's note when it fell back.
func (m *matrixModel) decidedBy(g *game.Strategic, eqs []game.Mixed) (string, string, error) {
	switch {
	case len(eqs) == 1:
		return "only", "", nil
	case m.selection == SelectUniform && len(eqs) > 0:
		return SelectUniform, "", nil
	case m.selection == SelectPayoffDominant && game.PayoffDominant(g, eqs) >= 0:
		return SelectPayoffDominant, "", nil
	case m.selection == SelectRiskDominant:
		if _, ok := game.RiskDominant(g); ok {
			return SelectRiskDominant, "", nil
		}
	}
	eq, err := game.LogitLimit(g, game.LogitOptions{})
	if err != nil {
		return "", "", &model.WorldError{Path: "model.matrix", Msg: "logit tracing failed: " + err.Error()}
	}
	if eq.Method == game.MethodLogit {
		return SelectLogit, "", nil
	}
	return eq.Method, eq.Note, nil
}

// explainCells lists every profile with its payoffs and, per player,
// whether its strategy is a best response to the others'.
func explainCells(g *game.Strategic) []model.MatrixCell {
	dims := g.Dims()
	var cells []model.MatrixCell
	for k := range g.NumProfiles() {
		prof := g.Profile(k, nil)
		c := model.MatrixCell{Profile: prof}
		alt := slices.Clone(prof)
		for i := range dims {
			v := g.PayoffAt(k, i)
			c.Payoffs = append(c.Payoffs, v)
			best := math.Inf(-1)
			for j := range dims[i] {
				alt[i] = j
				best = math.Max(best, g.Payoff(alt, i))
			}
			alt[i] = prof[i]
			c.Best = append(c.Best, v >= best-bestTol*math.Max(1, math.Abs(best)))
		}
		cells = append(cells, c)
	}
	return cells
}

func isPure(q game.Mixed) bool {
	for _, p := range q {
		for _, x := range p {
			if x != 0 && x != 1 {
				return false
			}
		}
	}
	return true
}

// sameMixed reports whether two mixtures agree within rounding.
func sameMixed(a, b game.Mixed) bool {
	for i := range a {
		for j := range a[i] {
			if math.Abs(a[i][j]-b[i][j]) > 1e-6 {
				return false
			}
		}
	}
	return true
}

// riskProduct is, for a strict pure equilibrium of a 2×2 game, the
// product of the two players' losses from deviating alone (Harsanyi and
// Selten's risk dominance compares them); NaN otherwise.
func riskProduct(g *game.Strategic, q game.Mixed) float64 {
	if d := g.Dims(); len(d) != 2 || d[0] != 2 || d[1] != 2 || !isPure(q) {
		return math.NaN()
	}
	r, c := slices.Index(q[0], 1), slices.Index(q[1], 1)
	l0 := g.Payoff([]int{r, c}, 0) - g.Payoff([]int{1 - r, c}, 0)
	l1 := g.Payoff([]int{r, c}, 1) - g.Payoff([]int{r, 1 - c}, 1)
	if !(l0 > 0 && l1 > 0) {
		return math.NaN()
	}
	return l0 * l1
}
