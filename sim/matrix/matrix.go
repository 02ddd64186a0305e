package matrix

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/game"
	"github.com/parley-dev/parley/sim/model"
)

// Equilibrium selection rules for strategic-form games in Monte Carlo.
const (
	SelectLogit          = "logit"
	SelectPayoffDominant = "payoff-dominant"
	SelectRiskDominant   = "risk-dominant"
	SelectUniform        = "uniform"
)

// Selections lists the equilibrium selection rules.
func Selections() []string {
	return []string{SelectLogit, SelectPayoffDominant, SelectRiskDominant, SelectUniform}
}

// maxEquilibriaRows bounds the equilibrium-count tally ("10 or more").
const maxEquilibriaRows = 10

// matrixModel is a compiled strategic-form game over parameters.
type matrixModel struct {
	players   []int // party index per player
	partyIDs  []string
	strats    [][]string
	dims      []int
	payoff    [][]*calc.Expr // profile → player → expression (profile numbered as game.Strategic: first player fastest)
	payoffAt  [][]string     // profile → player → key path of the expression, for faults
	selection string
	rules     []model.Rule // reuse: outcome with a condition over the profile
	base      int          // slots of the players' strategies in expressions
	labels    []string     // profile labels
	keys      []uint64     // per player: stream key for drawing its strategy
	parties   int
}

func (m *matrixModel) Name() string { return "matrix" }

func (m *matrixModel) Slots() int { return len(m.players) }

func (m *matrixModel) Metrics() []string { return []string{"equilibria"} }

func (m *matrixModel) Tallies() []model.TallySpec {
	var eq []string
	if len(m.dims) > 2 {
		// With three or more players only pure equilibria are enumerated,
		// and a world may have none (its play is then logit tracing's).
		eq = append(eq, "no pure equilibrium")
	}
	for k := 1; k <= maxEquilibriaRows; k++ {
		switch k {
		case 1:
			eq = append(eq, "1 equilibrium")
		case maxEquilibriaRows:
			eq = append(eq, fmt.Sprintf("%d or more equilibria", k))
		default:
			eq = append(eq, fmt.Sprintf("%d equilibria", k))
		}
	}
	return []model.TallySpec{
		{Name: "profiles", Title: "Strategy profiles played", Column: "profile", Labels: m.labels},
		{Name: "equilibria", Title: "Number of equilibria per world", Column: "equilibria", Labels: eq},
		{Name: "logit_fallbacks", Title: "Worlds where logit tracing fell back", Column: "selected instead", Labels: logitFallbackLabels},
	}
}

// logitFallbackLabels are the rows of the logit_fallbacks tally, one per
// way game.LogitLimit can answer other than by a completed trace: a world
// counted here was not selected by the logit rule exactly as stated.
var logitFallbackLabels = []string{
	"trace stopped short; its last point refined to an equilibrium",
	"trace failed; nearest equilibrium by enummixed",
	"trace failed; nearest equilibrium by lcp",
	"trace failed; nearest pure equilibrium",
}

// logitFallbackRow returns the logit_fallbacks row of a LogitLimit method,
// or -1 for a completed trace.
func logitFallbackRow(method string) int {
	switch method {
	case game.MethodLogitStopped:
		return 0
	case game.MethodNearestEnumMixed:
		return 1
	case game.MethodNearestLCP:
		return 2
	case game.MethodNearestPure:
		return 3
	}
	return -1
}

// The two-player equilibrium search (game.EnumMixedInto) keys vertices by
// bit masks of at most 64 strategies. It walks the best-response
// polytopes' vertices by pivots, but a degenerate game falls back to
// solving one linear system per choice of m of the m+n strategies,
// C(m+n, m) of them: 185 thousand for 10×10 (a fraction of a second),
// 2.7 million for 12×12 (seconds). Beyond ten million such a world takes
// minutes, so the bound stays as the worst case's guard.
const (
	maxMatrixLabels   = 64
	maxMatrixSupports = 10_000_000
)

// maxMatrixPayoffs bounds profiles × players: each payoff is an expression
// evaluated in every world, and game.NewStrategic refuses tables beyond
// 2^28 entries.
const maxMatrixPayoffs = 4_000_000

// binomial is C(n, k), saturating above maxMatrixSupports.
func binomial(n, k int) float64 {
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
		if c > 2*maxMatrixSupports {
			return c
		}
	}
	return math.Round(c)
}

// supportsWords writes a binomial for a message, "more than ..." when it
// saturated.
func supportsWords(c float64) string {
	if c > 2*maxMatrixSupports {
		return fmt.Sprintf("more than %d", 2*maxMatrixSupports)
	}
	return strconv.FormatFloat(c, 'f', 0, 64)
}

// strategyWords rewords an expression error about a player's strategy,
// which the expression compiler words for an issue's option.
func strategyWords(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "issue "); ok {
		if player, tail, ok := strings.Cut(rest, " has no option "); ok {
			return "player " + player + " has no strategy " + tail
		}
	}
	return msg
}

// matrixSolver owns a game whose payoffs it rewrites in every world.
type matrixSolver struct {
	m     *matrixModel
	g     *game.Strategic
	ws    game.Workspace
	pure  []int
	mixed []float64
	sel   game.Mixed
	prof  []int
	buf   []float64 // one player's strategy payoffs
	eqs   []game.Mixed
	// The last world's payoffs and what was found for them: many worlds
	// share a game (payoffs that read no uncertain input), and tracing the
	// logit path is costly.
	last    []float64
	lastSel game.Mixed
	lastN   int
	lastOK  bool
	// The logit_fallbacks row of the world's selection (-1: none), and the
	// last world's.
	fallback, lastFallback int
}

func (m *matrixModel) NewSolver([]bool) model.Solver {
	s := &matrixSolver{m: m, g: game.NewStrategic(m.dims...), prof: make([]int, len(m.dims)), fallback: -1, lastFallback: -1}
	s.sel = make(game.Mixed, len(m.dims))
	for i, d := range m.dims {
		s.sel[i] = make([]float64, d)
	}
	return s
}

// equilibria fills s.sel with the selected equilibrium and returns how
// many equilibria the world has.
func (s *matrixSolver) equilibria(w *model.World) (int, error) {
	m := s.m
	for k, row := range m.payoff {
		for i, e := range row {
			v, f := e.Run(w.X)
			if f.Failed() {
				we := model.ExprFault(e, m.payoffAt[k][i], f, v)
				we.Msg = fmt.Sprintf("payoff of %s at %s: %s", m.partyIDs[m.players[i]], m.labels[k], we.Msg)
				return 0, we
			}
			s.g.SetPayoffAt(k, i, v)
		}
	}
	// Uniform selection draws per world, so only the others can reuse.
	if s.lastOK && m.selection != SelectUniform && slices.Equal(s.last, s.g.Payoffs()) {
		for i := range s.sel {
			copy(s.sel[i], s.lastSel[i])
		}
		s.fallback = s.lastFallback
		return s.lastN, nil
	}
	n, err := s.find(w)
	if err == nil && m.selection != SelectUniform {
		s.last = append(s.last[:0], s.g.Payoffs()...)
		if s.lastSel == nil {
			s.lastSel = cloneMixed(s.sel)
		}
		for i := range s.sel {
			copy(s.lastSel[i], s.sel[i])
		}
		s.lastN, s.lastOK, s.lastFallback = n, true, s.fallback
	}
	return n, err
}

// find enumerates the world's equilibria and applies the selection rule.
func (s *matrixSolver) find(w *model.World) (int, error) {
	m := s.m
	s.fallback = -1
	// All equilibria: every extreme one for two players; pure ones beyond.
	n, stride := 0, 0
	if len(m.dims) == 2 {
		var err error
		s.ws.Stop = w.Stop
		s.mixed, err = game.EnumMixedInto(&s.ws, s.g, s.mixed[:0])
		if errors.Is(err, game.ErrStopped) {
			return 0, model.ErrStopped
		}
		if err != nil {
			return 0, &model.WorldError{Path: "model.matrix", Msg: err.Error()}
		}
		stride = m.dims[0] + m.dims[1]
		n = len(s.mixed) / stride
	} else {
		s.pure = game.EnumPureInto(&s.ws, s.g, s.pure[:0])
		n = len(s.pure)
	}
	setFlat := func(f []float64) {
		o := 0
		for i := range s.sel {
			copy(s.sel[i], f[o:o+len(s.sel[i])])
			o += len(s.sel[i])
		}
	}
	setPure := func(k int) {
		s.g.Profile(k, s.prof)
		for i := range s.sel {
			clear(s.sel[i])
			s.sel[i][s.prof[i]] = 1
		}
	}
	pick := func(j int) {
		if len(m.dims) == 2 {
			setFlat(s.mixed[j*stride : (j+1)*stride])
		} else {
			setPure(s.pure[j])
		}
	}
	if n == 1 {
		pick(0)
		return n, nil
	}
	switch m.selection {
	case SelectUniform:
		if n > 0 {
			pick(min(int(w.Uniform(model.StreamKey("select", "uniform"))*float64(n)), n-1))
			return n, nil
		}
	case SelectPayoffDominant:
		eqs := s.eqs[:0]
		for j := range n {
			pick(j)
			eqs = append(eqs, cloneMixed(s.sel))
		}
		s.eqs = eqs
		if j := game.PayoffDominant(s.g, eqs); j >= 0 {
			pick(j)
			return n, nil
		}
	case SelectRiskDominant:
		if prof, ok := game.RiskDominant(s.g); ok {
			setPure(s.g.Index(prof))
			return n, nil
		}
	}
	// The logit-tracing limit: the default, and the fallback when a rule
	// does not single out one equilibrium.
	// 2×2 games are answered in closed form where it is safe.
	method, err := game.LogitLimitInto(&s.ws, s.g, s.sel)
	if err != nil {
		return 0, &model.WorldError{Path: "model.matrix", Msg: "logit tracing failed: " + err.Error()}
	}
	s.fallback = logitFallbackRow(method)
	return n, nil
}

func cloneMixed(m game.Mixed) game.Mixed {
	c := make(game.Mixed, len(m))
	for i := range m {
		c[i] = slices.Clone(m[i])
	}
	return c
}

func (s *matrixSolver) Solve(w *model.World) error {
	m := s.m
	n, err := s.equilibria(w)
	if err != nil {
		return err
	}
	// Expected payoffs under the selected equilibrium.
	clear(w.Payoff)
	for i, p := range m.players {
		// Expected payoff: the strategy payoffs against the others' mix,
		// weighted by the player's own mix (without allocating).
		s.buf = s.g.StrategyPayoffs(s.sel, i, s.buf)
		for j, u := range s.buf {
			w.Payoff[p] += s.sel[i][j] * u
		}
	}
	w.Payoff[m.parties] = float64(n)
	// Draw the profile actually played.
	for i := range s.sel {
		u := w.Uniform(m.keys[i])
		acc, pick := 0.0, len(s.sel[i])-1
		for j, p := range s.sel[i] {
			acc += p
			if u < acc {
				pick = j
				break
			}
		}
		s.prof[i] = pick
		w.X[m.base+i] = float64(pick)
	}
	k := s.g.Index(s.prof)
	w.Picks[0] = k
	w.Picks[1] = min(max(n, 1), maxEquilibriaRows) - 1
	if len(m.dims) > 2 {
		w.Picks[1] = min(n, maxEquilibriaRows)
	}
	w.Picks[2] = s.fallback
	if w.Outcome, err = model.Classify(m.rules, k, w.X); err != nil || w.Outcome >= 0 {
		return err
	}
	return &model.WorldError{Path: "model.matrix.outcomes", Msg: "no outcome rule matches the profile " + m.labels[k]}
}

func (s *matrixSolver) OutcomeDist(w *model.World, dist []float64) error {
	m := s.m
	if _, err := s.equilibria(w); err != nil {
		return err
	}
	clear(dist)
	for k := range m.labels {
		s.g.Profile(k, s.prof)
		p := 1.0
		for i, j := range s.prof {
			p *= s.sel[i][j]
			w.X[m.base+i] = float64(j)
		}
		if p == 0 {
			continue
		}
		o, err := model.Classify(m.rules, k, w.X)
		if err != nil {
			return err
		}
		if o >= 0 {
			dist[o] += p
		}
	}
	return nil
}

// StrategicGame is the game of the world whose values are x, with the
// players' and strategies' names.
func (m *matrixModel) StrategicGame(x []float64) (*game.Strategic, error) {
	g := game.NewStrategic(m.dims...)
	for i, p := range m.players {
		g.SetPlayerName(i, m.partyIDs[p])
		for j, name := range m.strats[i] {
			g.SetStrategyName(i, j, name)
		}
	}
	for k, row := range m.payoff {
		for i, e := range row {
			v, f := e.Run(x)
			if f.Failed() {
				we := model.ExprFault(e, m.payoffAt[k][i], f, v)
				return nil, fmt.Errorf("in the median world, %s: %s", we.Path, we.Msg)
			}
			g.SetPayoffAt(k, i, v)
		}
	}
	return g, nil
}
